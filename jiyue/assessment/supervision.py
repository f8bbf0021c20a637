"""《政府网站监管年度报表》: the office's own yearly report on the cluster it supervises
(cluster-capabilities §4: 网站抽查、安全检查、网站开设整合、"我为政府网站找错"留言办理、
假冒政府网站处置、人员培训). The template's field list is not confirmed; each figure
here names where it comes from, and what the platform cannot know is 「需填写」
until the office enters it on the report's screen (shown then with 「填报：」, who and
when; read-only once 定稿; docs/decisions/0806)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .annual_report import FILL_IN, Field, YearError, _in_year, apply_entries

#: The report's title after 「<platform><year>年」.
SUPERVISION_REPORT = "政府网站监管年度报表"


@dataclass
class Office:
    """Who the report is of: the platform office (no site code)."""

    name: str
    code: str = ""


def office() -> Office:
    return Office(name=settings.JIYUE_PLATFORM_NAME)


def _percent(part: int, whole: int):
    """A rate in per cent; with nothing to count, 不适用 (there is nothing to fill in)."""
    return round(part * 100 / whole, 1) if whole else _("不适用")


def _spot_checks(year: int) -> list[Field]:
    from .models import SpotCheck, SpotCheckSite
    from .scoring import FAILED

    checks = SpotCheck.objects.filter(year=year, status=SpotCheck.Status.PUBLISHED)
    sampled = SpotCheckSite.objects.filter(spot_check__in=checks)
    failed = sampled.filter(verdict=FAILED).count()
    total = sampled.count()
    s = _("一、网站抽查")
    src = _("平台：该年已发布的巡查抽检")
    return [
        Field(s, _("抽查次数（次）"), checks.count(), src),
        Field(s, _("抽查网站数（个）"), total, src),
        Field(s, _("合格网站数（个）"), total - failed, src),
        Field(s, _("合格率（%）"), _percent(total - failed, total), src),
        Field(s, _("通报不合格网站数（个）"), failed, _("平台：抽检结果通报")),
    ]


def _security(year: int) -> list[Field]:
    from jiyue.monitor.models import Crawl, StoredFinding

    crawls = _in_year(
        Crawl.objects.filter(profile__isnull=False, status=Crawl.Status.DONE),
        "finished_at",
        year,
    )
    findings = StoredFinding.objects.filter(crawl__in=crawls)
    s = _("二、安全检查")
    return [
        Field(s, _("安全检测次数（次）"), crawls.count(), _("平台：该年完成的网站监测")),
        Field(s, _("检测网站数（个）"), crawls.values("profile").distinct().count(),
              _("平台：该年监测过的网站")),
        Field(s, _("发现问题数量（个）"), findings.count(), _("平台：监测发现的问题")),
        Field(s, _("问题整改数量（个）"),
              findings.filter(status=StoredFinding.Status.FIXED).count(),
              _("平台：标为已修复的问题")),
    ]  # fmt: skip


def _sites(year: int) -> list[Field]:
    from jiyue.cluster.models import SiteProfile

    end = dt.datetime(year + 1, 1, 1, tzinfo=timezone.get_current_timezone())
    profiles = SiteProfile.objects.select_related("site__root_page")
    opened = _in_year(profiles, "site__root_page__first_published_at", year).count()
    closed = _in_year(profiles, "closed_at", year).count()
    running = profiles.filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=end),
        site__root_page__first_published_at__lt=end,
    ).count()
    s = _("三、网站开设整合")
    return [
        Field(s, _("年末运行网站数（个）"), running, _("平台：网站档案")),
        Field(s, _("新开设网站数（个）"), opened, _("平台：首页首次发布在该年")),
        Field(s, _("关停整合网站数（个）"), closed, _("平台：网站档案的关停时间")),
    ]


def _error_reports(year: int) -> list[Field]:
    from jiyue.interaction.models import Message
    from jiyue.interaction.models.messages import ANSWERED_STATUSES, MailboxKind

    received = _in_year(
        Message.objects.filter(mailbox__kind=MailboxKind.ERROR_REPORT),
        "submitted_at",
        year,
    )
    answered = received.filter(status__in=ANSWERED_STATUSES, replied_at__isnull=False)
    in_time = answered.filter(
        Q(deadline__isnull=True) | Q(replied_at__date__lte=F("deadline"))
    ).count()
    s = _("四、“我为政府网站找错”留言办理")
    src = _("平台：各网站“我为政府网站找错”信箱")
    return [
        Field(s, _("收到留言数量（条）"), received.count(), src),
        Field(s, _("办结留言数量（条）"), answered.count(), src),
        Field(s, _("按期办结数量（条）"), in_time, _("平台：答复不晚于办理期限")),
        Field(s, _("按期办结率（%）"), _percent(in_time, answered.count()), src),
    ]


def _rest(today: dt.date) -> list[Field]:
    s5, s6, s7 = _("五、假冒政府网站处置"), _("六、人员培训"), _("七、填报信息")
    none = _("平台无此数据")
    return [
        Field(s5, _("发现假冒政府网站数（个）"), FILL_IN, none),
        Field(s5, _("处置假冒政府网站数（个）"), FILL_IN, none),
        Field(s6, _("组织培训次数（次）"), FILL_IN, none),
        Field(s6, _("培训人数（人）"), FILL_IN, none),
        Field(s7, _("单位负责人"), FILL_IN, none),
        Field(s7, _("审核人"), FILL_IN, none),
        Field(s7, _("填报人"), FILL_IN, none),
        Field(s7, _("填报日期"), today.isoformat(), _("平台：生成日期")),
    ]


def build(year: int, *, today: dt.date | None = None) -> list[Field]:
    today = today or timezone.localdate()
    if year > today.year:
        raise YearError(_("报表年度 %(y)d 在未来。") % {"y": year})
    if year < 2000:
        raise YearError(_("报表年度 %(y)d 不合理。") % {"y": year})
    fields = (
        _spot_checks(year)
        + _security(year)
        + _sites(year)
        + _error_reports(year)
        + _rest(today)
    )
    return apply_entries(fields, entries(year), anyone=_("平台管理办公室"))


def entries(year: int) -> dict:
    """The office's entries of the year's 「需填写」 fields, by field name."""
    from .models import SupervisionEntry

    found = SupervisionEntry.objects.filter(report__year=year).select_related(
        "entered_by"
    )
    return {e.name: e for e in found}


def signed(year: int):
    """The year's report if it has been signed off (定稿), else None."""
    from .models import SupervisionReport

    return (
        SupervisionReport.objects.filter(year=year, signed_at__isnull=False)
        .select_related("signed_by")
        .first()
    )
