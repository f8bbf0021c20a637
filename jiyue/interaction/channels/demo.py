"""Demo channels on the portal: a 互动交流 column (/hdjl/) with an open
consultation on the draft of the Guiyang document of the corpus, a closed one
with its feedback (采纳情况), an open survey with answers and published
results, a past interview with its transcript and an upcoming one.
Idempotent: a page whose slug exists is left alone."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Page, Site

from ..models import (
    ConsultationComment,
    ConsultationDocument,
    ConsultationPage,
    HandlingUnit,
    InterviewEntry,
    InterviewGuest,
    InterviewPage,
    InterviewQuestion,
    Moderation,
    SurveyPage,
    SurveyQuestion,
)
from . import services

COLUMN_SLUG = "hdjl"
DRAFT_SLUG = "guiyang-2018-2"


def load_demo_channels(site: Site, now: dt.datetime) -> int:
    column = _column(site, now)
    created = 0
    for slug, builder in BUILDERS:
        if not Page.objects.child_of(column).filter(slug=slug).exists():
            builder(site, column, slug, now)
            created += 1
    return created


def _add(parent: Page, page: Page, when: dt.datetime) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    Page.objects.filter(pk=page.pk).update(
        first_published_at=when, last_published_at=when
    )
    return page


def _column(site: Site, now: dt.datetime) -> Page:
    from jiyue.content.models import ColumnKind, ColumnPage

    home = site.root_page
    column = ColumnPage.objects.child_of(home).filter(slug=COLUMN_SLUG).first()
    if column is None:
        column = ColumnPage(
            title="互动交流栏目",
            slug=COLUMN_SLUG,
            kind=ColumnKind.INTERACTION,
            intro='<p>意见征集、网上调查和在线访谈。写信请到<a href="/hudong/">互动交流</a>。</p>',
        )
        _add(home, column, now - dt.timedelta(days=60))
    return column


def _local(now: dt.datetime, days: int, hour: int = 9) -> dt.datetime:
    day = timezone.localtime(now) + dt.timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def _draft():
    from jiyue.content.demo.corpus import read_corpus

    directory = Path(settings.JIYUE_CORPUS_DIR)
    return read_corpus(directory).get(DRAFT_SLUG) if directory.is_dir() else None


def _draft_document(site: Site, draft) -> object | None:
    from wagtail.documents.models import Document

    from jiyue.editorial.services import site_collection

    text = "\n\n".join(draft.paragraphs).encode("utf-8")
    document = Document(
        title=f"{draft.title}（征求意见稿）", collection=site_collection(site)
    )
    document.file.save("zhengqiuyijiangao.txt", ContentFile(text), save=False)
    document.save()
    return document


def _open_consultation(site, column, slug, now):
    draft = _draft()
    title = draft.title if draft else "贵阳市政府网站信息内容建设管理办法"
    page = ConsultationPage(
        title=f"关于《{title}》修订稿公开征求意见的公告",
        slug=slug,
        opens_at=_local(now, -10),
        closes_at=_local(now, 20, 18),
        summary="征求社会公众对政府网站信息内容建设管理办法修订稿的意见建议。",
        body="<p>为提高政府网站信息内容建设水平，市政府办公厅起草了修订稿，现向社会公开征求意见。"
        "请在征集期内通过本页提出意见建议，我们将认真研究，并在征集结束后公布意见采纳情况。</p>",
        draft=draft.body_html() if draft else "<p>（征求意见稿正文）</p>",
        author="贵阳市人民政府办公厅",
    )
    if draft is not None:
        document = _draft_document(site, draft)
        page.attachments.add(ConsultationDocument(document=document))
    _add(column, page, _local(now, -10))
    for days, name, text, status in CONSULTATION_COMMENTS:
        ConsultationComment.objects.create(
            page=page,
            name=name,
            content=text,
            submitted_at=_local(now, days, 15),
            status=status,
        )


CONSULTATION_COMMENTS = (
    (
        -8,
        "市民王女士",
        "建议明确各栏目的更新时限，并在网站上公示，便于群众监督。",
        Moderation.APPROVED,
    ),
    (-6, "", "希望政策文件都配有图解，老年人更容易看懂。", Moderation.APPROVED),
    (
        -2,
        "李先生",
        "建议增加“我为政府网站找错”的答复时限，两个工作日可以接受。",
        Moderation.PENDING,
    ),
)


def _closed_consultation(site, column, slug, now):
    page = ConsultationPage(
        title="关于《贵阳市政务新媒体管理办法（征求意见稿）》公开征求意见的公告",
        slug=slug,
        opens_at=_local(now, -75),
        closes_at=_local(now, -45, 18),
        body="<p>市政府办公厅起草了政务新媒体管理办法，向社会公开征求意见。</p>",
        feedback="<p>征集期间共收到意见建议 3 条，经审核公开 2 条。采纳 1 条，部分采纳 1 条；"
        "未采纳的部分主要因涉及上位法规定，已在说明中逐条回应。感谢社会各界的关心和支持。</p>",
        author="贵阳市人民政府办公厅",
    )
    _add(column, page, _local(now, -75))
    adoptions = (
        ("adopted", ""),
        (
            "partly",
            "关于统一账号命名的建议已采纳；关停账号须经主管单位审核的规定依上位法保留。",
        ),
    )
    for (days, name, text), (adoption, note) in zip(
        CLOSED_COMMENTS, adoptions, strict=True
    ):
        ConsultationComment.objects.create(
            page=page,
            name=name,
            content=text,
            submitted_at=_local(now, days, 11),
            status=Moderation.APPROVED,
            adoption=adoption,
            adoption_note=note,
        )


CLOSED_COMMENTS = (
    (-70, "网友", "建议政务新媒体发布的内容与门户网站同步。"),
    (-60, "陈先生", "建议统一政务新媒体账号命名规则，允许长期不更新的账号自行关停。"),
)


def _survey(site, column, slug, now):
    page = SurveyPage(
        title="政府网站使用体验网上调查",
        slug=slug,
        opens_at=_local(now, -14),
        closes_at=_local(now, 16, 18),
        summary="了解公众使用政府网站的情况，改进网站建设。",
        body="<p>为了解您使用本网站的体验，我们开展本次网上调查。调查匿名进行，约需 2 分钟。</p>",
        author="贵阳市人民政府办公厅",
    )
    for text, kind, options in SURVEY_QUESTIONS:
        page.questions.add(
            SurveyQuestion(
                text=text,
                kind=kind,
                options="\n".join(options),
                required=kind != "text",
            )
        )
    _add(column, page, _local(now, -14))
    _survey_answers(page, now)
    services.survey_results_publish(page=page, actor=None, publish=True, now=now)


SURVEY_QUESTIONS = (
    ("您多久访问一次本网站？", "single", ("每天", "每周", "每月", "很少")),
    (
        "您主要通过本网站做什么？",
        "multiple",
        ("查看政策文件", "办事服务", "写信咨询", "了解新闻"),
    ),
    ("您对本网站的总体评价是？", "single", ("满意", "基本满意", "不满意")),
    ("您对本网站还有什么建议？", "text", ()),
)
SURVEY_TEXTS = ("希望搜索更准确。", "办事指南再详细一些。", "")


def _survey_answers(page: SurveyPage, now: dt.datetime) -> None:
    rng = random.Random(page.slug)  # noqa: S311 (demo data)
    questions = list(page.questions.all())
    for n in range(36):
        choices, texts = {}, {}
        for q in questions:
            options = q.option_list
            if q.kind == "single":
                choices[q.pk] = [
                    options[
                        min(int(rng.triangular(0, len(options), 1)), len(options) - 1)
                    ]
                ]
            elif q.kind == "multiple":
                choices[q.pk] = rng.sample(options, rng.randint(1, 3))
            else:
                texts[q.pk] = SURVEY_TEXTS[n % len(SURVEY_TEXTS)]
        services.survey_answer(
            page=page,
            ballot=services.Ballot(choices, texts),
            voter=f"demo-{n}",
            fingerprint=f"demo-{n}",
            now=_local(now, -13 + n % 13, 10),
        )


def _unit(site: Site, name: str) -> HandlingUnit | None:
    return HandlingUnit.objects.filter(site=site, name=name).first()


def _past_interview(site, column, slug, now):
    page = InterviewPage(
        title="“数据惠民”在线访谈：政务数据共享如何让群众少跑腿",
        slug=slug,
        opens_at=_local(now, -21, 15),
        closes_at=_local(now, -21, 16),
        unit=_unit(site, "市大数据局"),
        body="<p>市大数据局负责同志做客在线访谈，介绍政务数据共享和“一网通办”的进展，并回答网友提问。</p>",
        summary="市大数据局负责同志介绍政务数据共享进展。",
    )
    page.guests.add(
        InterviewGuest(
            name="赵立新", title="局长", unit_name="贵阳市大数据局", is_unit_head=True
        )
    )
    page.guests.add(
        InterviewGuest(name="孙悦", title="数据资源处处长", unit_name="贵阳市大数据局")
    )
    _add(column, page, _local(now, -24))
    question = InterviewQuestion.objects.create(
        page=page,
        name="网友“筑城老张”",
        submitted_at=_local(now, -22, 20),
        content="办理不动产登记时，还需要自己去开户籍证明吗？",
        status=Moderation.APPROVED,
    )
    for seq, (role, speaker, text) in enumerate(TRANSCRIPT, start=1):
        InterviewEntry.objects.create(
            page=page,
            seq=seq,
            role=role,
            speaker=speaker,
            content=text,
            question=question if role == "citizen" else None,
            posted_at=_local(now, -21, 15) + dt.timedelta(minutes=6 * seq),
        )


TRANSCRIPT = (
    (
        "host",
        "主持人",
        "各位网友大家好，欢迎收看本期在线访谈。今天我们邀请到市大数据局赵立新局长、孙悦处长。",
    ),
    (
        "guest",
        "赵立新",
        "大家好！今年我们重点推进政务数据共享，目前已有 1200 多项数据实现跨部门共享。",
    ),
    ("citizen", "网友“筑城老张”", "办理不动产登记时，还需要自己去开户籍证明吗？"),
    (
        "guest",
        "孙悦",
        "不需要了。户籍信息已经通过共享平台实时核验，群众无需再开具证明。",
    ),
    ("host", "主持人", "感谢两位嘉宾，也感谢各位网友的参与，本期访谈到此结束。"),
)


def _upcoming_interview(site, column, slug, now):
    page = InterviewPage(
        title="“优化营商环境”在线访谈预告",
        slug=slug,
        opens_at=_local(now, 5, 15),
        closes_at=_local(now, 5, 16),
        unit=_unit(site, "市发展改革委"),
        body="<p>市发展改革委主要负责同志将做客在线访谈，介绍优化营商环境的新举措。欢迎网友提前提问。</p>",
        summary="访谈预告：优化营商环境新举措。",
    )
    page.guests.add(
        InterviewGuest(
            name="周文斌", title="主任", unit_name="贵阳市发展改革委", is_unit_head=True
        )
    )
    _add(column, page, _local(now, -1))
    InterviewQuestion.objects.create(
        page=page,
        content="小微企业办理开办手续，今年能否再压缩时间？",
        submitted_at=_local(now, -1, 12),
        status=Moderation.PENDING,
    )


BUILDERS = (
    ("zhengqiu-wzgl", _open_consultation),
    ("zhengqiu-xmt", _closed_consultation),
    ("diaocha-wzty", _survey),
    ("fangtan-sjhm", _past_interview),
    ("fangtan-yshj", _upcoming_interview),
)
