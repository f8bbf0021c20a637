"""告警与值班: the alerts of the person's sites (open first), the 读网 log with a form
to add a reading, and — for the platform office — the duty roster (24 小时值班).
Scoped by ``Capability.MONITOR`` through ``jiyue.monitor.permissions``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.widgets import AdminTimeInput
from wagtail.log_actions import log

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.permissions import is_platform_office
from jiyue.monitor import permissions
from jiyue.monitor.models import Alert, DutyShift, ReadingLog

WEEKDAYS = [(str(n), label) for n, label in enumerate("一二三四五六日", start=1)]


class ShiftForm(forms.ModelForm):
    """One shift; days and alert kinds as check boxes (stored as short codes)."""

    days = forms.MultipleChoiceField(
        label=gettext_lazy("星期"),
        choices=[(n, f"星期{label}") for n, label in WEEKDAYS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("请至少选择一天。")},
    )
    alert_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("接收的告警（不选为全部）"),
        choices=Alert.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = DutyShift
        fields = ("user", "start", "end")
        widgets = {"start": AdminTimeInput(), "end": AdminTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = list(self.instance.weekdays or "1234567")
        self.fields["alert_kinds"].initial = [
            k for k in self.instance.kinds.split(",") if k
        ]

    def save(self, commit=True):
        self.instance.weekdays = "".join(sorted(self.cleaned_data["days"]))
        self.instance.kinds = ",".join(self.cleaned_data["alert_kinds"])
        return super().save(commit)


ShiftFormSet = forms.modelformset_factory(
    DutyShift, form=ShiftForm, extra=1, can_delete=True
)


class ReadingForm(forms.Form):
    profile = forms.ModelChoiceField(
        queryset=SiteProfile.objects.none(), label=gettext_lazy("站点")
    )
    found = forms.CharField(
        label=gettext_lazy("发现的问题"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("未发现问题可留空。"),
    )

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = SiteProfile.objects.filter(
            pk__in=[p.pk for p in profiles]
        ).order_by("code")


@require_http_methods(["GET", "POST"])
def alerts(request):
    profiles = permissions.visible_profiles(request.user)
    if not profiles:
        raise PermissionDenied
    office = is_platform_office(request.user)
    reading = ReadingForm(
        request.POST if "reading" in request.POST else None, profiles=profiles
    )
    shifts = ShiftFormSet(
        request.POST if "shifts" in request.POST else None,
        queryset=DutyShift.objects.select_related("user").order_by("start", "pk"),
        prefix="shift",
    )
    if request.method == "POST":
        if "reading" in request.POST and reading.is_valid():
            entry = ReadingLog.objects.create(
                user=request.user,
                profile=reading.cleaned_data["profile"],
                found=reading.cleaned_data["found"],
            )
            log(instance=entry.profile, action="jiyue.monitor.reading_logged",
                user=request.user, data={"found": entry.found[:200]})  # fmt: skip
            messages.success(request, _("已记录读网情况。"))
            return redirect("monitor_admin:alerts")
        if "shifts" in request.POST:
            if not office:
                raise PermissionDenied
            if shifts.is_valid():
                shifts.save()
                messages.success(request, _("值班安排已保存，下一次告警即按此发送。"))
                return redirect("monitor_admin:alerts")
    context = {
        "page_title": _("告警与值班"),
        "header_icon": "warning",
        "alerts": Alert.objects.filter(profile__in=profiles)
        .select_related("profile")
        .order_by("resolved_at", "-opened_at")[:100],
        "readings": ReadingLog.objects.filter(profile__in=profiles).select_related(
            "profile", "user"
        )[:50],
        "reading": reading,
        "shifts": shifts if office else None,
        "media": shifts.media,
    }
    return render(request, "monitor/admin/alerts.html", context)
