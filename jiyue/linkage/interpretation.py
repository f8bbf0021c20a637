"""谁起草，谁解读: a major policy document owes an interpretation published with it
(57号(四), Guiyang 六(二)). A document is major when an editor of its site or the
office marks it, or by rule (its issuer is one the office listed); the task goes to
the site that published it (the drafting unit's), due the same day by default."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from jiyue.content.models import PolicyDocumentPage

from .models import InterpretationTask, LinkageRules

MARKED = "jiyue.linkage.major_marked"


def _published_day(document: PolicyDocumentPage) -> dt.date:
    moment = document.first_published_at or timezone.now()
    return timezone.localdate(moment)


def due_on(document: PolicyDocumentPage, rules: LinkageRules) -> dt.date:
    return _published_day(document) + dt.timedelta(days=rules.interpretation_days)


def mark_major(
    document: PolicyDocumentPage, *, user, why: str = ""
) -> InterpretationTask:
    """Marks ``document`` 重大政策; refuses a draft or a document marked already."""
    if not document.live:
        raise ValidationError(_("只能认定已发布的政策文件；请先发布该文件。"))
    if InterpretationTask.objects.filter(document=document).exists():
        raise ValidationError(_("该文件已认定为重大政策。"))
    site = document.get_site()
    task = InterpretationTask.objects.create(
        document=document,
        site=site,
        due_on=due_on(document, LinkageRules.current()),
        why=why or _("人工认定"),
        marked_by=user,
    )
    log(instance=document, action=MARKED, user=user, data={"due_on": str(task.due_on)})
    return task


def task_for_published(page: Page) -> InterpretationTask | None:
    """On publishing a policy document of an issuer the office listed."""
    if not isinstance(page, PolicyDocumentPage):
        return None
    rules = LinkageRules.current()
    if page.issuer.strip() not in rules.issuers():
        return None
    if InterpretationTask.objects.filter(document=page).exists():
        return None
    site = page.get_site()
    if site is None:
        return None
    return InterpretationTask.objects.create(
        document=page,
        site=site,
        due_on=due_on(page, rules),
        why=_("按发布机构认定：%(issuer)s") % {"issuer": page.issuer},
    )


def interpretations_of(task: InterpretationTask):
    return task.document.interpretations.live()


def first_interpretation_day(task: InterpretationTask) -> dt.date | None:
    first = interpretations_of(task).order_by("first_published_at").first()
    return timezone.localdate(first.first_published_at) if first else None


def first_interpretation_days(tasks) -> dict[int, dt.date | None]:
    """``first_interpretation_day`` of each of ``tasks``, by task id: one query."""
    from django.db.models import Min

    from jiyue.content.models import InterpretationPage

    first = dict(
        InterpretationPage.objects.live()
        .filter(interprets__in=[t.document_id for t in tasks])
        .values("interprets")
        .annotate(first=Min("first_published_at"))
        .values_list("interprets", "first")
        .order_by()
    )
    return {
        t.pk: timezone.localdate(first[t.document_id])
        if first.get(t.document_id)
        else None
        for t in tasks
    }


def is_missing(task: InterpretationTask, today: dt.date) -> bool:
    """No interpretation by the due day (one published later still counts late)."""
    return missing_by(task, today, first_interpretation_day(task))


def missing_by(task: InterpretationTask, today: dt.date, day: dt.date | None) -> bool:
    """``is_missing`` with the first interpretation's ``day`` already known."""
    if day is None:
        return today > task.due_on
    return day > task.due_on


def open_tasks(sites):
    """Tasks of ``sites`` whose document has no live interpretation yet."""
    tasks = InterpretationTask.objects.filter(site__in=sites, document__live=True)
    return [
        t
        for t in tasks.select_related("document", "site")
        if not interpretations_of(t).exists()
    ]
