"""Second-factor setup and verification; the audit trail (审计管理员 only)."""

from __future__ import annotations

import segno
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import audit
from ..enrolment import first_enrolment_open, has_confirmed_device, window_hours
from ..permissions import is_audit_reader
from ..services import totp_code_check, totp_device_confirm
from .forms import EnrolForm, TokenForm


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/admin/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/admin/"


def _pending_device(user, *, fresh: bool = False) -> TOTPDevice:
    """The authenticator being bound. ``fresh`` (a GET of the page) draws a new
    secret: one shown earlier, to whoever saw it, binds nothing."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False)
    if fresh:
        pending.delete()
    device = pending.first()
    return device or TOTPDevice.objects.create(
        user=user, name=gettext("身份验证器"), confirmed=False
    )


def otp_verify(request):
    devices = TOTPDevice.objects.filter(user=request.user, confirmed=True)
    if not devices.exists():
        return otp_setup(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if any(
            totp_device_confirm(request=request, device=d, token=token) for d in devices
        ):
            return redirect(_next_url(request))
        form.add_error("token", gettext("动态口令不正确或已过期。"))
    return TemplateResponse(
        request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)}
    )


def otp_setup(request):
    """Binds an authenticator: the first one within the enrolment window,
    another one only in a verified session and with a code of a bound one
    (docs/decisions/0413-second-factor-enrolment.md)."""
    user = request.user
    another = has_confirmed_device(user)
    if another and not user.is_verified():
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('accounts_admin:otp_verify')}?{query}")
    if not another and not first_enrolment_open(user):
        return TemplateResponse(
            request,
            "accounts/otp_enrol_closed.html",
            {"hours": window_hours()},
            status=403,
        )
    device = _pending_device(user, fresh=request.method == "GET")
    form = EnrolForm(request.POST or None, another=another)
    if request.method == "POST" and form.is_valid() and _enrol(request, device, form):
        return redirect(_next_url(request))
    qr = segno.make(device.config_url, error="m")
    return TemplateResponse(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "another": another,
            "next": _next_url(request),
            "qr_data_uri": qr.svg_data_uri(scale=4),
            "secret": audit.base32_key(device),
        },
    )


def _enrol(request, device: TOTPDevice, form: EnrolForm) -> bool:
    current = form.cleaned_data.get("current_token")
    if current is not None and not totp_code_check(
        request=request, user=device.user, token=current
    ):
        form.add_error(
            "current_token", gettext("已绑定身份验证器的动态口令不正确或已过期。")
        )
        return False
    if totp_device_confirm(
        request=request, device=device, token=form.cleaned_data["token"]
    ):
        return True
    form.add_error("token", gettext("动态口令不正确，请核对手机时间后重试。"))
    return False


def audit_index(request):
    if not is_audit_reader(request.user):
        raise PermissionDenied
    rows = audit.audit_rows(viewer=request.user, limit=500)
    return TemplateResponse(request, "accounts/audit_index.html", {"rows": rows})


def audit_export(request):
    if not is_audit_reader(request.user):
        raise PermissionDenied
    return audit.csv_response(viewer=request.user)
