"""The demo's information requests: on the portal, one just received, one stopped
for a correction, one answered (idempotent: loading again changes nothing)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.models import Site

from . import services
from .models import InfoRequest

DEMO = (
    ("贵阳市2025年政府网站工作年度报表及其附件", "person", "11010519491231002X", 1),
    ("本市2026年政府信息公开工作年度报告的编制说明", "person", "11010519491231002X", 9),
    ("2026年市级部门预算公开目录", "organisation", "91350100M000100Y43", 30),
)


def load_demo_requests(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    site = Site.objects.filter(hostname="www.localhost").first()
    if site is None or InfoRequest.objects.filter(site=site).exists():
        return 0
    made = []
    for description, kind, number, days_ago in DEMO:
        data = {
            "applicant_type": kind, "name": "王某" if kind == "person" else "某信息咨询公司",
            "organisation_kind": "commercial" if kind == "organisation" else "",
            "id_number": number, "phone": "13800138000", "email": "demo@example.cn",
            "description": description, "purpose": "了解情况",
            "carrier": "electronic", "delivery": "email",
        }  # fmt: skip
        made.append(
            services.submit(
                site=site, data=data, now=now - dt.timedelta(days=days_ago)
            ).request
        )
    _request, stopped, answered = made
    InfoRequest.objects.filter(pk=stopped.pk).update(
        status="correction", suspended_since=now - dt.timedelta(days=2)
    )
    InfoRequest.objects.filter(pk=answered.pk).update(
        status="answered", outcome="disclose", ground="provided",
        reply="现将所申请的预算公开目录以电子邮件提供给您。",
        answered_at=now - dt.timedelta(days=20),
    )  # fmt: skip
    return len(made)


# -- the 政府信息公开 section of the portal ---------------------------------------

SECTION = ("zfxxgk", "政府信息公开")
SUBCOLUMNS = (
    ("gkzn", "政府信息公开指南", "disclosure_guide", "贵阳市人民政府信息公开指南", (
        "为了保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。",
        "一、主动公开。本机关主动公开的政府信息，通过本网站政府信息公开专栏、政府公报等途径公开，"
        "自该政府信息形成或者变更之日起20个工作日内予以公开。",
        "二、依申请公开。公民、法人或者其他组织可以通过本网站“政府信息公开申请”在线提交申请，"
        "本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。",
        "三、监督和救济。认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。",
    )),
    ("gkzd", "政府信息公开制度", "disclosure_rules", "贵阳市人民政府办公厅政府信息公开保密审查制度", (
        "第一条 政府信息公开前，拟公开单位应当依照《中华人民共和国保守国家秘密法》等规定进行保密审查。",
        "第二条 实行“先审查、后公开”和“一事一审”，未经审查的信息不得公开。",
    )),
    ("ghjh", "规划计划", "plans", "贵阳市数字政府建设三年行动计划（2025—2027年）", (
        "为加快数字政府建设，提升政府网站集约化水平，制定本行动计划。",
    )),
    ("tjsj", "统计数据", "statistics", "2026年三季度全市政府网站运行情况统计", (
        "截至9月底，全市运行政府网站42个，全部纳入集约化平台统一管理。",
    )),
    ("czyjs", "财政预决算", "budget", "贵阳市人民政府办公厅2026年部门预算", (
        "本部门2026年收入预算、支出预算及“三公”经费预算情况说明。",
    )),
    ("rsxx", "人事信息", "personnel", "贵阳市人民政府办公厅2026年公开遴选公务员公告", (
        "根据工作需要，面向全市公开遴选公务员3名，现将有关事项公告如下。",
    )),
)  # fmt: skip


def _publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_demo_disclosure_section(*, now: dt.datetime | None = None) -> int:
    """The portal's 政府信息公开 专栏: 指南, 制度, 法定主动公开内容, 公开目录 and the
    previous year's 年度报告 (idempotent). Returns the pages made."""
    from jiyue.content.models import ArticlePage, ColumnPage

    from .pages import AnnualDisclosureReportPage, DisclosureCatalogPage

    now = now or timezone.now()
    site = Site.objects.filter(hostname="www.localhost").first()
    if site is None:
        return 0
    root = site.root_page
    if ColumnPage.objects.child_of(root).filter(slug=SECTION[0]).exists():
        return 0
    section = _publish_child(
        root,
        ColumnPage(title=SECTION[1], slug=SECTION[0], kind="disclosure",
                   show_in_menus=True),
    )  # fmt: skip
    made = 1
    for slug, title, kind, item, paragraphs in SUBCOLUMNS:
        column = _publish_child(section, ColumnPage(title=title, slug=slug, kind=kind))
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        _publish_child(column, ArticlePage(title=item, slug=f"{slug}1", body=body))
        made += 2
    _publish_child(
        section,
        DisclosureCatalogPage(
            title="政府信息公开目录", slug="gkml",
            intro="本网站所有带索引号的政府信息，可按主题分类、体裁、发布机构和年份查看。",
        ),
    )  # fmt: skip
    reports = _publish_child(
        section, ColumnPage(title="政府信息公开年报", slug="gknb", kind="annual_report")
    )
    year = now.year - 1
    _publish_child(
        reports,
        AnnualDisclosureReportPage(
            title=f"贵阳市人民政府{year}年政府信息公开工作年度报告",
            slug=f"nb{year}", year=year,
            overview=f"<p>{year}年，本机关认真贯彻《中华人民共和国政府信息公开条例》，"
            "依托集约化平台统一发布政府信息，依申请公开办理规范有序。</p>",
            licences=1260, penalties=35, enforcement=2, fees=0,
            review_maintained=1,
            problems="<p>政策解读形式还不够丰富，下一步将增加图解和视频解读。</p>",
            other_matters="<p>本年度未收取信息处理费。</p>",
        ),
    )  # fmt: skip
    return made + 3
