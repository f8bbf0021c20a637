"""Admin views of 协同联动: pushes (send, board, accept or decline), 报送 (submit,
adopt or decline, the monthly table and its XLSX), major policies and their
interpretations, publishing deadlines, and the office's rules and quotas.

Every view is scoped by the cluster's one tenancy function: a push is sent by
someone who may publish on its site, answered by editors of the target site; a
submission is made by anyone working on the lower site (信息员 included) and
decided by editors of the upper one; the rules are the platform office's."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.models import Page, Site

from jiyue.cluster.tenancy import Capability, can, oversees, sites_for

from .. import services
from ..interpretation import first_interpretation_day, mark_major
from ..models import (
    AutoAccept,
    InterpretationTask,
    LinkageRules,
    Push,
    PushTarget,
    Submission,
)
from ..references import references_of
from ..selectors import (
    board,
    compliance,
    hours,
    late_publication_findings,
    monthly_table,
)
from .forms import (
    AcceptForm,
    CoreForm,
    MajorForm,
    MonthForm,
    PushForm,
    QuotaFormSet,
    ReasonForm,
    RulesForm,
    SubmitForm,
)


def _ctx(title: str, **extra) -> dict:
    return {"page_title": title, "header_icon": "resubmit", **extra}


def _refusal(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _sites(user, capability) -> list[Site]:
    return list(
        sites_for(user, capability).select_related("profile").order_by("site_name")
    )


@require_safe
def home(request):
    """收到的推送, 发出的推送, 报送 and the interpretations owed, for the person's
    own sites (the office sees every site)."""
    viewable = _sites(request.user, Capability.VIEW)
    if not viewable:
        raise PermissionDenied
    editable = _sites(request.user, Capability.EDIT)
    publishable = _sites(request.user, Capability.PUBLISH)
    now = timezone.now()
    received = (
        PushTarget.objects.filter(site__in=editable)
        .select_related("push", "site", "reference")
        .order_by("status", "-push__created_at")[:100]
    )
    sent = Push.objects.filter(sender_site__in=publishable).select_related(
        "sender_site"
    )[:50]
    auto = {
        a.site_id: a.column_id for a in AutoAccept.objects.filter(site__in=editable)
    }
    receiving = [
        {"site": site, "columns": services.columns_for(site), "auto": auto.get(site.pk)}
        for site in editable
        if services.upper_site(site)
    ]
    context = _ctx(
        _("协同联动"),
        received=[{"target": t, "lag": hours(t.lag(now))} for t in received],
        receiving=receiving,
        sent=sent,
        can_push=any(services.lower_sites(s) for s in publishable),
        can_submit=any(services.upper_site(s) for s in viewable),
        office=oversees(request.user, Capability.ADMINISTER),
        month=now.strftime("%Y-%m"),
    )
    return render(request, "linkage/admin/home.html", context)


@require_http_methods(["POST"])
def auto_accept(request):
    """自动转载: a site's pushes go into one column at once (or no longer)."""
    from jiyue.content.models import ColumnPage

    site = get_object_or_404(Site, pk=request.POST.get("site") or 0)
    if not can(request.user, Capability.EDIT, site):
        raise Http404
    column_id = request.POST.get("column", "")
    column = ColumnPage.objects.filter(pk=column_id).first() if column_id else None
    if column_id and column is None:
        messages.error(request, _("没有这个栏目。"))
        return redirect("linkage_admin:home")
    try:
        services.set_auto_accept(site, column, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("已设置：上级推送的信息自动转载到“%(c)s”。") % {"c": column.title}
            if column
            else _("已取消自动转载，上级推送的信息将出现在待办中。"),
        )
    return redirect("linkage_admin:home")


# --- pushes ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def push_new(request):
    publishable = _sites(request.user, Capability.PUBLISH)
    lower = []
    for site in publishable:
        lower += [s for s in services.lower_sites(site) if s not in lower]
    if not lower:
        raise PermissionDenied
    initial = {"deadline": timezone.localtime(services.default_deadline())}
    if request.GET.get("page", "").isdigit():
        initial["source"] = request.GET["page"]
    form = PushForm(request.POST or None, initial=initial, lower=lower)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.push(
                user=request.user,
                source=form.cleaned_data["source"],
                sites=form.chosen_sites(),
                deadline=form.cleaned_data["deadline"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _refusal(form, error)
        else:
            messages.success(request, _("已推送，接收网站的待办中已出现此项。"))
            return redirect("linkage_admin:push", made.pk)
    return render(
        request,
        "linkage/admin/form.html",
        _ctx(_("推送须转载信息"), form=form, media=form.media, submit=_("推送")),
    )


def _push_for(user, pk: int) -> Push:
    made = get_object_or_404(Push, pk=pk)
    if not (
        can(user, Capability.PUBLISH, made.sender_site)
        or made.targets.filter(site__in=sites_for(user, Capability.EDIT)).exists()
    ):
        raise Http404
    return made


@require_safe
def push_board(request, pk: int):
    made = _push_for(request.user, pk)
    rows = board(made)
    done = sum(1 for r in rows if r["target"].status != PushTarget.Status.PENDING)
    late = sum(1 for r in rows if r["late"])
    context = _ctx(
        _("推送进度：%(t)s") % {"t": made.source_title},
        push=made,
        rows=rows,
        done=done,
        late=late,
    )
    return render(request, "linkage/admin/board.html", context)


@require_http_methods(["GET", "POST"])
def target(request, pk: int):
    """One site's answer to a push: accept into a column, or decline with a reason."""
    item = get_object_or_404(PushTarget.objects.select_related("push", "site"), pk=pk)
    if not can(request.user, Capability.EDIT, item.site):
        raise Http404
    source = item.push.source
    columns = services.columns_for(item.site, source)
    accept_form = AcceptForm(
        request.POST if "accept" in request.POST else None, columns=columns
    )
    reason_form = ReasonForm(request.POST if "decline" in request.POST else None)
    if request.method == "POST":
        try:
            if "accept" in request.POST and accept_form.is_valid():
                services.accept(
                    item, column=accept_form.cleaned_data["column"], user=request.user
                )
                messages.success(request, _("已转载到本站栏目并发布。"))
                return redirect("linkage_admin:home")
            if "decline" in request.POST and reason_form.is_valid():
                services.decline(
                    item, reason=reason_form.cleaned_data["reason"], user=request.user
                )
                messages.success(request, _("已说明不转载的理由。"))
                return redirect("linkage_admin:home")
        except ValidationError as error:
            _refusal(accept_form if "accept" in request.POST else reason_form, error)
    context = _ctx(
        _("须转载：%(t)s") % {"t": item.push.source_title},
        item=item,
        source=source,
        accept_form=accept_form,
        reason_form=reason_form,
        lag=hours(item.lag()),
    )
    return render(request, "linkage/admin/target.html", context)


# --- 报送 -------------------------------------------------------------------------


def _submit_sites(user) -> list[Site]:
    return [s for s in _sites(user, Capability.VIEW) if services.upper_site(s)]


@require_http_methods(["GET", "POST"])
def submit(request):
    sites = _submit_sites(request.user)
    if not sites:
        raise PermissionDenied
    uppers = {services.upper_site(s).pk: services.upper_site(s) for s in sites}
    columns = []
    for upper in uppers.values():
        columns += services.columns_for(upper)
    initial = {"from_site": sites[0].pk}
    if request.GET.get("page", "").isdigit():
        item = Page.objects.filter(pk=request.GET["page"]).first()
        own = item and next(
            (s for s in sites if item.is_descendant_of(s.root_page)), None
        )
        if own:
            initial.update(item=item.pk, from_site=own.pk)
    form = SubmitForm(
        request.POST or None, sites=sites, columns=columns, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit(
                user=request.user,
                from_site=data["from_site"],
                column=data["column"],
                title=data["title"],
                body=data["body"],
                item=data["item"],
                unit=data["unit"],
            )
        except ValidationError as error:
            _refusal(form, error)
        else:
            messages.success(request, _("已报送，等待上级网站采用。"))
            return redirect("linkage_admin:submissions")
    return render(
        request,
        "linkage/admin/form.html",
        _ctx(_("报送信息"), form=form, media=form.media, submit=_("报送")),
    )


@require_safe
def submissions(request):
    """The person's sites' submissions (sent) and those waiting on his upper
    sites (received), with this month's count against the quota."""
    viewable = _sites(request.user, Capability.VIEW)
    if not viewable:
        raise PermissionDenied
    editable = _sites(request.user, Capability.EDIT)
    today = timezone.localdate()
    start = timezone.make_aware(timezone.datetime(today.year, today.month, 1))
    own = _submit_sites(request.user)
    counts = []
    for site in own:
        mine = Submission.objects.filter(from_site=site, submitted_at__gte=start)
        counts.append(
            {
                "site": site,
                "submitted": mine.count(),
                "adopted": mine.filter(status=Submission.Status.ADOPTED).count(),
                "quota": services.quota_of(site),
                "left": max(services.quota_of(site) - mine.count(), 0),
            }
        )
    context = _ctx(
        _("信息报送"),
        sent=Submission.objects.filter(from_site__in=own).select_related("to_site")[
            :100
        ],
        received=Submission.objects.filter(to_site__in=editable).select_related(
            "from_site"
        )[:100],
        counts=counts,
        can_submit=bool(own),
        month=today.strftime("%Y-%m"),
    )
    return render(request, "linkage/admin/submissions.html", context)


@require_http_methods(["GET", "POST"])
def submission(request, pk: int):
    item = get_object_or_404(
        Submission.objects.select_related("from_site", "to_site"), pk=pk
    )
    may_decide = can(request.user, Capability.EDIT, item.to_site)
    if not (may_decide or can(request.user, Capability.VIEW, item.from_site)):
        raise Http404
    reason_form = ReasonForm(request.POST if "reject" in request.POST else None)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        try:
            if "adopt" in request.POST:
                page = services.adopt(item, user=request.user)
                messages.success(
                    request, _("已采用：草稿已进入本站审核流程，请修改后提交审核。")
                )
                return redirect("wagtailadmin_pages:edit", page.pk)
            if "reject" in request.POST and reason_form.is_valid():
                services.reject(
                    item, reason=reason_form.cleaned_data["reason"], user=request.user
                )
                messages.success(request, _("已说明不采用的理由。"))
                return redirect("linkage_admin:submissions")
        except ValidationError as error:
            _refusal(reason_form, error)
    context = _ctx(
        _("报送信息：%(t)s") % {"t": item.title},
        item=item,
        may_decide=may_decide,
        reason_form=reason_form,
    )
    return render(request, "linkage/admin/submission.html", context)


def _month_and_site(request):
    editable = _sites(request.user, Capability.EDIT)
    uppers = [s for s in editable if services.lower_sites(s)]
    if not uppers:
        raise PermissionDenied
    today = timezone.localdate()
    form = MonthForm(request.GET or {"year": today.year, "month": today.month})
    if not form.is_valid():
        return form, None, uppers, None
    chosen = next(
        (s for s in uppers if str(s.pk) == request.GET.get("site", "")), uppers[0]
    )
    return (
        form,
        chosen,
        uppers,
        monthly_table(chosen, form.cleaned_data["year"], form.cleaned_data["month"]),
    )


@require_safe
def monthly(request):
    form, chosen, uppers, rows = _month_and_site(request)
    context = _ctx(
        _("报送情况月表"), form=form, chosen=chosen, uppers=uppers, rows=rows or []
    )
    return render(request, "linkage/admin/monthly.html", context)


@require_safe
def monthly_xlsx(request):
    from openpyxl import Workbook

    form, chosen, _uppers, rows = _month_and_site(request)
    if rows is None:
        raise Http404
    year, month = form.cleaned_data["year"], form.cleaned_data["month"]
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年{month}月"
    sheet.append([f"{chosen.site_name} {year}年{month}月信息报送情况"])
    sheet.append(
        ["排名", "报送单位", "月度任务", "报送数", "采用数", "采用率（%）", "完成任务"]
    )
    for rank, row in enumerate(rows, 1):
        sheet.append(
            [rank, row.unit, row.quota, row.submitted, row.adopted,
             row.rate if row.rate is not None else "", "是" if row.met else "否"]
        )  # fmt: skip
    for column, width in zip("ABCDEFG", (6, 30, 10, 10, 10, 12, 10), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    name = f"baosong-{year}-{month:02d}.xlsx"
    return FileResponse(buffer, as_attachment=True, filename=name)


# --- major policies, deadlines ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def interpretations(request):
    editable = _sites(request.user, Capability.EDIT)
    if not editable:
        raise PermissionDenied
    form = MajorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        document = form.cleaned_data["document"]
        site = document.get_site()
        if site is None or not can(request.user, Capability.EDIT, site):
            form.add_error("document", _("只能认定本人负责网站的政策文件。"))
        else:
            try:
                mark_major(document, user=request.user)
            except ValidationError as error:
                _refusal(form, error)
            else:
                messages.success(
                    request, _("已认定为重大政策，解读任务已下达起草单位网站。")
                )
                return redirect("linkage_admin:interpretations")
    today = timezone.localdate()
    rows = []
    for task in InterpretationTask.objects.filter(site__in=editable).select_related(
        "document", "site"
    ):
        day = first_interpretation_day(task)
        rows.append(
            {
                "task": task,
                "first": day,
                "interpretations": list(task.document.interpretations.live()),
                "late": (day or today) > task.due_on if day else today > task.due_on,
            }
        )
    return render(
        request,
        "linkage/admin/interpretations.html",
        _ctx(_("重大政策解读"), form=form, media=form.media, rows=rows),
    )


@require_safe
def deadlines(request):
    editable = _sites(request.user, Capability.EDIT)
    if not editable:
        raise PermissionDenied
    today = timezone.localdate()
    rows = [
        {
            "site": site,
            "findings": late_publication_findings(site),
            "compliance": compliance(site, today.year, today.month),
        }
        for site in editable
    ]
    return render(
        request, "linkage/admin/deadlines.html", _ctx(_("发布时效"), rows=rows)
    )


@require_http_methods(["GET", "POST"])
def english(request):
    """英文版: each core item of the person's sites, its English counterpart and
    how many days it lags; marking an item core."""
    from ..english import lag_rows, mark_core

    editable = _sites(request.user, Capability.EDIT)
    if not editable:
        raise PermissionDenied
    form = CoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page = form.cleaned_data["page"]
        site = page.get_site()
        if site is None or not can(request.user, Capability.EDIT, site):
            form.add_error("page", _("只能标记本人负责网站的信息。"))
        else:
            try:
                mark_core(page, user=request.user)
            except ValidationError as error:
                _refusal(form, error)
            else:
                messages.success(request, _("已标记为英文版核心信息。"))
                return redirect("linkage_admin:english")
    sites = [{"site": site, "rows": lag_rows(site)} for site in editable]
    return render(
        request,
        "linkage/admin/english.html",
        _ctx(_("英文版"), form=form, media=form.media, sites=sites),
    )


@require_http_methods(["GET", "POST"])
def rules(request):
    if not oversees(request.user, Capability.ADMINISTER):
        raise PermissionDenied
    current = LinkageRules.current()
    form = RulesForm(request.POST or None, instance=current, prefix="rules")
    quotas = QuotaFormSet(request.POST or None, prefix="quota")
    if request.method == "POST" and form.is_valid() and quotas.is_valid():
        form.save()
        quotas.save()
        messages.success(request, _("协同联动规则已保存，立即生效。"))
        return redirect("linkage_admin:rules")
    return render(
        request,
        "linkage/admin/rules.html",
        _ctx(_("协同联动规则"), form=form, quotas=quotas),
    )


# --- deleting a source ----------------------------------------------------------------


def before_delete_source(request, page: Page):
    """Deleting an item that other sites repost: the person says what happens to
    the reposts first. 「撤下转载」 unpublishes them; 「保留」 keeps them, showing
    「该信息已被来源网站撤回」 with their provenance. Never a page pointing at
    nothing (ADR 1101)."""
    refs = list(references_of(page.pk).select_related("source"))
    if not refs:
        return None
    choice = request.POST.get("linkage_references")
    if request.method == "POST" and choice in {"withdraw", "keep"}:
        if choice == "withdraw":
            for reference in refs:
                if reference.live:
                    reference.unpublish(user=request.user)
        return None
    context = {
        "page_title": _("删除被转载的信息"),
        "header_icon": "warning",
        "page": page,
        "references": refs,
        "action": reverse("wagtailadmin_pages:delete", args=[page.pk]),
        "next": request.GET.get("next", ""),
    }
    return render(request, "linkage/admin/delete_source.html", context)
