"""《政府网站工作年度报表》 (国办函〔2018〕12号) of one site and year, from the platform's data.

Every field of the template (reference: cluster-capabilities §4, in template order)
has a value and its source: the platform's own figure (with how it is counted), or
「需填写」 where the platform holds no such data — never a guessed number
(docs/decisions/0802). Formats: JSON, XLSX, HTML, and PDF printed from the HTML by
headless Chromium (A4, its Chinese font embedded; docs/decisions/0804).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Avg, DurationField, ExpressionWrapper, F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from jiyue.cluster.models import SiteProfile

FILL_IN = "需填写"


@dataclass
class Field:
    section: str
    name: str
    value: object
    source: str

    def as_dict(self) -> dict:
        return {"section": self.section, "name": self.name, "value": self.value,
                "source": self.source}  # fmt: skip


class YearError(ValueError):
    pass


def _bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(
        year + 1, 1, 1, tzinfo=zone
    )


def _in_year(queryset, field_name: str, year: int):
    start, end = _bounds(year)
    return queryset.filter(**{f"{field_name}__gte": start, f"{field_name}__lt": end})


def _items_under(columns, year: int) -> int:
    from jiyue.content.models import ColumnPage

    total = 0
    for column in columns:
        pages = Page.objects.live().descendant_of(column).not_type(ColumnPage)
        total += _in_year(pages, "first_published_at", year).count()
    return total


def _concrete_subclasses(model):
    for sub in model.__subclasses__():
        if not sub._meta.abstract:
            yield sub
        yield from _concrete_subclasses(sub)


def build(
    profile: SiteProfile, year: int, *, today: dt.date | None = None
) -> list[Field]:
    today = today or timezone.localdate()
    if year > today.year:
        raise YearError(_("报表年度 %(y)d 在未来。") % {"y": year})
    if year < 2000:
        raise YearError(_("报表年度 %(y)d 不合理。") % {"y": year})
    fields: list[Field] = []
    fields += _basics(profile)
    fields += _visits(profile, year)
    fields += _publishing(profile, year)
    fields += _services(profile)
    fields += _interaction(profile, year)
    fields += _security(profile, year)
    fields += _rest(profile, today)
    return _with_entries(profile, year, fields)


#: Units a figure is counted in: a field so named takes a whole number.
NUMBER_UNITS = ("（个）", "（次）", "（件）", "（条）", "（人）", "（天）")
SIGNERS = ("单位负责人", "审核人", "填报人")


def field_kind(name: str) -> str:
    """How a 「需填写」 field is entered: a number, 是/否, or text."""
    if name.endswith(NUMBER_UNITS):
        return "number"
    if name.startswith("是否"):
        return "yes_no"
    return "text"


def check_entry(name: str, value: str) -> str:
    """The entry as stored, or a ValueError naming the field."""
    value = (value or "").strip()
    kind = field_kind(name)
    if kind == "number" and value and value[0] in "-－" and value[1:].isdecimal():
        raise ValueError(
            _("“%(name)s”不能是负数，收到的是“%(value)s”。")
            % {"name": name, "value": value[:30]}
        )
    if kind == "number" and value and not value.isdecimal():
        raise ValueError(
            _("“%(name)s”须填写整数（不带单位和标点），收到的是“%(value)s”。")
            % {"name": name, "value": value[:30]}
        )
    if kind == "number" and value:
        value = str(int(value))  # full-width digits stored as ASCII
    if kind == "yes_no" and value and value not in ("是", "否"):
        raise ValueError(_("“%(name)s”须填写“是”或“否”。") % {"name": name})
    return value[:300]


def _with_entries(profile, year: int, fields: list[Field]) -> list[Field]:
    """「需填写」 fields the site's people have entered carry their value and who
    entered it."""
    from .models import ReportEntry

    entries = {
        e.name: e
        for e in ReportEntry.objects.filter(
            site=profile.site, year=year
        ).select_related("entered_by")
    }
    return apply_entries(fields, entries, anyone=_("网站工作人员"))


def apply_entries(fields: list[Field], entries: dict, *, anyone: str) -> list[Field]:
    """Each 「需填写」 field with an entry (``name`` → an object with ``value``,
    ``entered_by``, ``entered_at``) takes its value, and 「填报：<who> <date>」 as its
    source (``anyone`` when the person has no name)."""
    for f in fields:
        entry = entries.get(str(f.name))
        if f.value == FILL_IN and entry is not None and entry.value:
            who = entry.entered_by.get_full_name() if entry.entered_by else ""
            f.value = (
                int(entry.value) if field_kind(str(f.name)) == "number" else entry.value
            )
            f.source = _("填报：%(who)s %(at)s") % {
                "who": who or anyone,
                "at": timezone.localtime(entry.entered_at).strftime("%Y-%m-%d"),
            }
    return fields


def _basics(profile: SiteProfile) -> list[Field]:
    s = _("一、基本信息")
    site = profile.site
    source = _("平台：网站档案")
    return [
        Field(s, _("填报单位"), profile.sponsor, source),
        Field(s, _("网站名称"), profile.name, source),
        Field(s, _("首页网址"), site.root_url + "/", source),
        Field(s, _("主办单位"), profile.sponsor, source),
        Field(s, _("网站类型"), profile.get_kind_display(), source),
        Field(s, _("政府网站标识码"), profile.code, source),
        Field(s, _("ICP备案号"), profile.icp_number or FILL_IN, source),
        Field(s, _("公安机关备案号"), profile.police_number or FILL_IN, source),
    ]


def _visits(profile: SiteProfile, year: int) -> list[Field]:
    from jiyue.analytics.models import SiteDay
    from jiyue.analytics.selectors import totals

    s = _("二、访问量")
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not SiteDay.objects.filter(site=profile.site, day__range=(start, end)).exists():
        why = _("平台：该年没有访问日志数据")
        return [Field(s, _("独立用户访问总量（个）"), FILL_IN, why),
                Field(s, _("网站总访问量（次）"), FILL_IN, why)]  # fmt: skip
    found = totals(profile.site, start, end)
    return [
        Field(s, _("独立用户访问总量（个）"), found["visitors"],
              _("平台：访问日志，每日独立访客之和（同一地址和浏览器当日计一次）")),
        Field(s, _("网站总访问量（次）"), found["views"],
              _("平台：访问日志，页面浏览量（不含爬虫和静态文件）")),
    ]  # fmt: skip


def _publishing(profile: SiteProfile, year: int) -> list[Field]:
    from jiyue.content.models import (
        ColumnKind,
        ColumnPage,
        InterpretationForm,
        InterpretationPage,
        ItemPage,
        PolicyDocumentPage,
        TopicPage,
    )

    root = profile.site.root_page
    live = Page.objects.live().descendant_of(root)
    # Service guides are counted under 办事服务, not as information published.
    item_types = [
        m for m in _concrete_subclasses(ItemPage) if m._meta.app_label != "services"
    ]
    items = _in_year(live.type(*item_types), "first_published_at", year).count()
    columns = ColumnPage.objects.live().descendant_of(root)
    overview = columns.filter(
        kind__in=(ColumnKind.OVERVIEW, ColumnKind.ORGANISATION, ColumnKind.LEADERS)
    )
    news = columns.filter(kind=ColumnKind.NEWS)
    catalog = _in_year(
        PolicyDocumentPage.objects.live().descendant_of(root).exclude(index_no=None),
        "first_published_at", year,
    ).count()  # fmt: skip
    topics = TopicPage.objects.live().descendant_of(root)
    interpretations = _in_year(
        InterpretationPage.objects.live().descendant_of(root),
        "first_published_at",
        year,
    )
    counted = _("平台：该年首次发布的页面")
    s3, s4, s5 = _("三、信息发布（条）"), _("四、专栏专题（个）"), _("五、解读回应")
    return [
        Field(s3, _("总数"), items, counted),
        Field(s3, _("概况类信息更新量"), _items_under(overview, year),
              _("平台：概况、机构职能、领导信息栏目中该年首次发布的页面")),
        Field(s3, _("政务动态信息更新量"), _items_under(news, year),
              _("平台：要闻动态类栏目中该年首次发布的页面")),
        Field(s3, _("信息公开目录信息更新量"), catalog, _("平台：该年发布的带索引号的文件")),
        Field(s4, _("维护数量"), topics.count(), _("平台：在线的专题页面")),
        Field(s4, _("新开设数量"), _in_year(topics, "first_published_at", year).count(),
              counted),
        Field(s5, _("解读信息发布总数（条）"), interpretations.count(), counted),
        Field(s5, _("其中：解读材料数量"),
              interpretations.filter(form=InterpretationForm.TEXT).count(),
              _("平台：文字解读")),
        Field(s5, _("其中：解读产品数量"),
              interpretations.filter(form__in=(InterpretationForm.GRAPHIC,
                                               InterpretationForm.MEDIA,
                                               InterpretationForm.INTERVIEW)).count(),
              _("平台：图解、音视频、访谈解读")),
        Field(s5, _("其中：媒体评论文章数量"),
              interpretations.filter(form=InterpretationForm.COMMENTARY).count(),
              _("平台：媒体评论")),
        Field(s5, _("回应公众关注热点或重大舆情数量（次）"), FILL_IN, _("平台无此数据")),
    ]  # fmt: skip


def _services(profile: SiteProfile) -> list[Field]:
    from jiyue.services.models import OnlineDepth
    from jiyue.services.selectors import site_guides

    s = _("六、办事服务")
    guides = site_guides(profile.site) or []
    none = _("平台无此数据（办件在政务服务平台）")
    return [
        Field(s, _("是否发布服务事项目录"), _("是") if guides else _("否"),
              _("平台：办事服务入口")),
        Field(s, _("注册用户数（个）"), FILL_IN, none),
        Field(s, _("政务服务事项数量（项）"), len(guides), _("平台：本站展示的办事指南")),
        Field(s, _("可全程在线办理政务服务事项数量（项）"),
              sum(1 for g in guides if g.online_depth == OnlineDepth.FULL),
              _("平台：网上可办理程度为全程网办的事项")),
        Field(s, _("办件量总数（件）"), FILL_IN, none),
        Field(s, _("其中：自然人办件量（件）"), FILL_IN, none),
        Field(s, _("其中：法人办件量（件）"), FILL_IN, none),
    ]  # fmt: skip


def _interaction(profile: SiteProfile, year: int) -> list[Field]:
    from jiyue.interaction.models import (
        ConsultationComment,
        ConsultationPage,
        InterviewEntry,
        InterviewPage,
        InterviewQuestion,
        Message,
        SurveyPage,
        SurveyResponse,
        SurveyResultsRelease,
    )
    from jiyue.interaction.models.messages import ANSWERED_STATUSES, Status

    site = profile.site
    root = site.root_page
    messages = _in_year(
        Message.objects.filter(mailbox__site=site), "submitted_at", year
    )
    answered = messages.filter(status__in=ANSWERED_STATUSES, replied_at__isnull=False)
    took = answered.annotate(
        took=ExpressionWrapper(F("replied_at") - F("submitted_at"), output_field=DurationField())
    ).aggregate(avg=Avg("took"))["avg"]  # fmt: skip
    average = round(took.total_seconds() / 86400, 1) if took else FILL_IN
    consultations = _in_year(ConsultationPage.objects.live().descendant_of(root),
                             "first_published_at", year)  # fmt: skip
    surveys = _in_year(SurveyPage.objects.live().descendant_of(root),
                       "first_published_at", year)  # fmt: skip
    interviews = _in_year(InterviewPage.objects.live().descendant_of(root),
                          "first_published_at", year)  # fmt: skip
    opinions = (
        _in_year(ConsultationComment.objects.filter(page__in=consultations), "submitted_at", year).count()
        + _in_year(SurveyResponse.objects.filter(survey__in=surveys), "submitted_at", year).count()
    )  # fmt: skip
    questions = _in_year(
        InterviewQuestion.objects.filter(page__in=interviews), "submitted_at", year
    )
    s = _("七、互动交流")
    return [
        Field(s, _("是否使用统一平台"), _("是"), _("平台：集约化平台的互动交流")),
        Field(s, _("收到留言数量（条）"), messages.count(), _("平台：该年提交的留言")),
        Field(s, _("办结留言数量（条）"), answered.count(), _("平台：已答复的留言")),
        Field(s, _("平均办理时间（天）"), average, _("平台：答复时间减提交时间的平均值")),
        Field(s, _("公开答复数量（条）"), messages.filter(status=Status.PUBLISHED).count(),
              _("平台：已公开的留言")),
        Field(s, _("征集调查期数（期）"), consultations.count() + surveys.count(),
              _("平台：该年发布的意见征集和调查")),
        Field(s, _("收到意见数量（条）"), opinions, _("平台：征集意见和调查答卷")),
        Field(s, _("公布调查结果期数（期）"),
              SurveyResultsRelease.objects.filter(survey__in=surveys).count(),
              _("平台：已公布结果的调查")),
        Field(s, _("在线访谈期数（期）"), interviews.count(), _("平台：该年发布的访谈")),
        Field(s, _("网民留言数量（条）"), questions.count(), _("平台：访谈中网民的提问")),
        Field(s, _("答复网民提问数量（条）"),
              InterviewEntry.objects.filter(question__in=questions)
              .values("question").distinct().count(),
              _("平台：访谈中得到答复的提问")),
        Field(s, _("是否提供智能问答"), _("否"), _("平台：未提供")),
    ]  # fmt: skip


def _security(profile: SiteProfile, year: int) -> list[Field]:
    from jiyue.monitor.models import Crawl, StoredFinding

    crawls = _in_year(
        Crawl.objects.filter(profile=profile, status=Crawl.Status.DONE),
        "finished_at",
        year,
    )
    findings = StoredFinding.objects.filter(crawl__in=crawls)
    s = _("八、安全防护")
    return [
        Field(s, _("安全检测评估次数（次）"), crawls.count(), _("平台：该年完成的网站监测")),
        Field(s, _("发现问题数量（个）"), findings.count(), _("平台：监测发现的问题")),
        Field(s, _("问题整改数量（个）"),
              findings.filter(status=StoredFinding.Status.FIXED).count(),
              _("平台：标为已修复的问题")),
        Field(s, _("是否建立安全监测预警机制"), _("是"), _("平台：每日监测和可用性探测")),
        Field(s, _("是否开展应急演练"), FILL_IN, _("平台无此数据")),
        Field(s, _("是否明确网站安全责任人"), FILL_IN, _("平台无此数据")),
    ]  # fmt: skip


def _languages(profile: SiteProfile) -> Field:
    from jiyue.linkage.models import EnglishPage

    has = EnglishPage.objects.live().descendant_of(profile.site.root_page).exists()
    return Field(_("十、创新发展"), _("多语言版本"), _("是") if has else _("否"),
                 _("平台：英文版页面") if has else _("平台：未设英文版"))  # fmt: skip


def _rest(profile: SiteProfile, today: dt.date) -> list[Field]:
    s9, s10, s11 = _("九、移动新媒体"), _("十、创新发展"), _("十一、填报信息")
    none = _("平台无此数据")
    return [
        Field(s9, _("是否有移动新媒体"), FILL_IN, none),
        Field(s9, _("微博（名称、信息发布量、关注量）"), FILL_IN, none),
        Field(s9, _("微信（名称、信息发布量、订阅数）"), FILL_IN, none),
        Field(s9, _("其他"), FILL_IN, none),
        Field(s10, _("搜索即服务"), _("是"), _("平台：站内搜索直接给出办事、文件等答案")),
        _languages(profile),
        Field(s10, _("无障碍浏览"), _("是"), _("平台：关怀版（长者模式）和无障碍检测")),
        Field(s10, _("千人千网"), _("否"), _("平台：未提供")),
        Field(s11, _("单位负责人"), FILL_IN, none),
        Field(s11, _("审核人"), FILL_IN, none),
        Field(s11, _("填报人"), FILL_IN, none),
        Field(s11, _("联系电话"), FILL_IN, none),
        Field(s11, _("填报日期"), today.isoformat(), _("平台：生成日期")),
    ]  # fmt: skip


# -- formats -------------------------------------------------------------------------


def as_json(profile, year, fields) -> dict:
    return {"site": profile.code, "name": profile.name, "year": year,
            "fields": [f.as_dict() for f in fields]}  # fmt: skip


#: The national template's name (the office's report is 监管年度报表, supervision.py).
WORK_REPORT = "政府网站工作年度报表"


def as_html(profile, year, fields, *, report: str = WORK_REPORT) -> str:
    return render_to_string(
        "assessment/annual_report.html",
        {"profile": profile, "year": year, "fields": fields, "fill_in": FILL_IN,
         "report": report},
    )  # fmt: skip


class PdfUnavailableError(RuntimeError):
    """Chromium or Playwright is missing on this machine."""


def as_pdf(profile, year, fields, *, report: str = WORK_REPORT) -> bytes:
    """The HTML report printed to A4 by headless Chromium (the monitor's browser),
    which embeds the fonts it uses; nothing is fetched from the network."""
    import importlib.util

    from jiyue.monitor.accessibility.axe import CHROMIUM_ARGS, chromium_path

    if chromium_path() is None or importlib.util.find_spec("playwright") is None:
        raise PdfUnavailableError(
            _("生成 PDF 需要 Chromium（Debian 软件包 chromium）和 Playwright；"
              "请安装后重试，或先导出 XLSX、HTML。")
        )  # fmt: skip
    from playwright.sync_api import sync_playwright

    html = as_html(profile, year, fields, report=report)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())
            page.set_content(html, wait_until="load")
            return page.pdf(
                format="A4", print_background=True, prefer_css_page_size=True
            )
        finally:
            browser.close()


def as_xlsx(profile, year, fields, *, report: str = WORK_REPORT) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("年度报表")
    sheet.append(
        [
            _("%(name)s %(year)d年%(report)s")
            % {"name": profile.name, "year": year, "report": report}
        ]
    )
    sheet["A1"].font = Font(bold=True)
    sheet.append([_("栏目"), _("指标"), _("数值"), _("数据来源")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for f in fields:
        sheet.append([f.section, f.name, f.value, f.source])
    for column, width in zip("ABCD", (18, 36, 28, 48), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
