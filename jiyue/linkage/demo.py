"""The demo's 协同联动 (idempotent: loading again changes nothing).

- The 贵阳 portal pushed the State Council's 国办发〔2014〕57号 to 云岩 and 大数据局
  with a 12-hour deadline: 云岩 reposted it in time, 大数据局 three hours late; a
  second push (a portal news item) is still waiting in both sites' 待办.
- 云岩 and 大数据局 submitted (报送) news to the portal: 云岩's adopted, 大数据局's
  declined with a reason.
- The portal's 数字政府 action plan was published with its interpretation the same
  day; 云岩's 实施意见, marked major, has none (a ``missing_interpretation``).
- The portal's 英文版 column carries the action plan in English, a day behind
  its original (corrected since); the State Council document, also core, has none.
- An editor and an information officer of 云岩 and an editor of 大数据局 sign in
  with the demo password and authenticator, to answer pushes and submit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from wagtail.models import Page, Site

from jiyue.content.models import (
    ArticlePage,
    ColumnPage,
    InterpretationPage,
    PolicyDocumentPage,
)

from .english import mark_core
from .interpretation import mark_major
from .models import (
    CoreItem,
    EnglishPage,
    InterpretationTask,
    Push,
    PushTarget,
    Submission,
)
from .services import make_reference

DEMO_PEOPLE = (
    # username, name, role, site host, column kind (信息员)
    ("yunyan_bianji", "韩云编", "editor", "yunyan", None),
    ("yunyan_xinxi", "丁云信", "info_officer", "yunyan", "news"),
    ("dsj_bianji", "罗数编", "editor", "dsj", None),
)


def _site(host: str) -> Site:
    return Site.objects.get(hostname=f"{host}.localhost")


def _column(site: Site, kind: str) -> ColumnPage:
    return (
        ColumnPage.objects.descendant_of(site.root_page)
        .live()
        .filter(kind=kind)
        .order_by("path")
        .first()
    )


def _dated(page: Page, when: datetime) -> None:
    Page.objects.filter(pk=page.pk).update(
        first_published_at=when, last_published_at=when
    )
    page.first_published_at = page.last_published_at = when


def demo_linkage_people(password: str) -> list[tuple[str, str, str]]:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from jiyue.accounts.demo import demo_device
    from jiyue.cluster.roles import Role
    from jiyue.editorial.services import role_grant, role_group

    if not settings.DEMO:
        return []
    made = []
    for username, name, role, host, column_kind in DEMO_PEOPLE:
        site = _site(host)
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": name, "email": f"{username}@example.invalid"},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        scope = {"site": site}
        if column_kind:
            scope["column"] = _column(site, column_kind)
        if not user.groups.filter(pk=role_group(role=role, **scope).pk).exists():
            role_grant(actor=None, user=user, role=role, **scope)
        demo_device(user)
        made.append((username, name, f"{Role(role).label}（{site.site_name}）"))
    return made


def load_demo_linkage(*, now: datetime | None = None) -> None:
    now = now or timezone.now()
    www, yunyan, dsj = _site("www"), _site("yunyan"), _site("dsj")
    _pushes(www, yunyan, dsj, now)
    _submissions(www, yunyan, dsj, now)
    _major_policies(www, yunyan, now)
    _english(www, now)


def _pushes(www: Site, yunyan: Site, dsj: Site, now: datetime) -> None:
    state_council = (
        PolicyDocumentPage.objects.descendant_of(www.root_page)
        .filter(doc_number__contains="57号")
        .first()
    )
    if state_council is None or Push.objects.filter(source=state_council).exists():
        return
    sent = now - timedelta(hours=20)
    push = Push.objects.create(
        source=state_council,
        source_title=state_council.title,
        sender_site=www,
        deadline=sent + timedelta(hours=12),
        note="国务院重要政策文件，请各站点12小时内转载。",
        created_at=sent,
    )
    for site, after in ((yunyan, timedelta(hours=3)), (dsj, timedelta(hours=15))):
        reference = make_reference(state_council, _column(site, "policy"), publish=True)
        _dated(reference, sent + after)
        PushTarget.objects.create(
            push=push,
            site=site,
            status=PushTarget.Status.ACCEPTED,
            reference=reference,
            done_at=sent + after,
        )
    news = (
        ArticlePage.objects.descendant_of(www.root_page)
        .live()
        .order_by("-first_published_at")
        .first()
    )
    waiting = Push.objects.create(
        source=news,
        source_title=news.title,
        sender_site=www,
        deadline=now + timedelta(hours=10),
        note="市政府重要工作动态，请转载。",
        created_at=now - timedelta(hours=2),
    )
    for site in (yunyan, dsj):
        PushTarget.objects.create(push=waiting, site=site)


def _submissions(www: Site, yunyan: Site, dsj: Site, now: datetime) -> None:
    if Submission.objects.exists():
        return
    column = _column(www, "news")
    month_start = now.replace(day=1, hour=9, minute=0, second=0, microsecond=0)
    adopted_page = ArticlePage(
        title="云岩区推进“一网通办”向社区延伸",
        body="<p>云岩区将政务服务事项延伸至各社区服务中心，群众就近即可办理。</p>",
        author="云岩区人民政府办公室",
        source_name="云岩区人民政府办公室",
    )
    column.add_child(instance=adopted_page)
    adopted_page.save_revision().publish()
    _dated(adopted_page, month_start + timedelta(hours=5))
    Submission.objects.create(
        from_site=yunyan,
        to_site=www,
        to_column=column,
        title=adopted_page.title,
        body="云岩区将政务服务事项延伸至各社区服务中心，群众就近即可办理。",
        unit="云岩区人民政府办公室",
        submitted_at=month_start,
        status=Submission.Status.ADOPTED,
        decided_at=month_start + timedelta(hours=4),
        adopted_page=adopted_page,
    )
    Submission.objects.create(
        from_site=dsj,
        to_site=www,
        to_column=column,
        title="市大数据局召开周例会",
        body="市大数据局召开周例会，部署本周重点工作。",
        unit="市大数据局办公室",
        submitted_at=month_start + timedelta(hours=1),
        status=Submission.Status.DECLINED,
        reason="内部例会信息，公开价值不大，不予采用。",
        decided_at=month_start + timedelta(hours=6),
    )


def _major_policies(www: Site, yunyan: Site, now: datetime) -> None:
    if InterpretationTask.objects.exists():
        return
    # Two days ago at 10:00 as the site's people count days (Asia/Shanghai), as
    # the deadline and the first interpretation are counted: the UTC date is a
    # day behind from midnight to 08:00 there, and an hour late in the evening
    # would put the interpretation two hours later on the next day.
    when = timezone.localtime(now - timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    day = when.date()
    plan = PolicyDocumentPage(
        title="贵阳市人民政府关于印发贵阳市数字政府建设三年行动方案的通知",
        slug="szzf-xdfa",
        doc_number="筑府发〔2026〕8号",
        issuer="贵阳市人民政府",
        written_on=day - timedelta(days=1),
        published_on=day,
        body="<p>为加快数字政府建设，制定本行动方案。</p>",
        summary="贵阳市数字政府建设三年行动方案。",
    )
    _column(www, "policy").add_child(instance=plan)
    plan.save_revision().publish()
    _dated(plan, when)
    mark_major(plan, user=None, why="市政府常务会议审议通过的重大政策")
    reading = InterpretationPage(
        title="图解：贵阳市数字政府建设三年行动方案",
        form="graphic",
        author_unit="贵阳市大数据发展管理局",
        body="<p>一图读懂行动方案的目标、任务和保障措施。</p>",
    )
    reading.interprets = [plan]
    _column(www, "interpretation").add_child(instance=reading)
    reading.save_revision().publish()
    _dated(reading, when + timedelta(hours=2))
    opinion = PolicyDocumentPage(
        title="云岩区人民政府关于优化营商环境的实施意见",
        slug="yhyshj-ssyj",
        doc_number="云府发〔2026〕3号",
        issuer="贵阳市云岩区人民政府",
        written_on=day - timedelta(days=1),
        published_on=day,
        body="<p>为进一步优化营商环境，提出如下实施意见。</p>",
        summary="云岩区优化营商环境实施意见。",
    )
    _column(yunyan, "policy").add_child(instance=opinion)
    opinion.save_revision().publish()
    _dated(opinion, when)
    mark_major(opinion, user=None, why="区政府常务会议审议通过的重大政策")


def _english(www: Site, now: datetime) -> None:
    if CoreItem.objects.exists():
        return
    plan = PolicyDocumentPage.objects.get(
        slug="szzf-xdfa", path__startswith=www.root_page.path
    )
    column = ColumnPage(
        title="英文版", slug="en", kind="english", show_in_menus=False,
        intro="<p>本栏目刊登本网站核心信息的英文版。</p>",
    )  # fmt: skip
    www.root_page.add_child(instance=column)
    column.save_revision().publish()
    english = EnglishPage(
        title="Guiyang Three-Year Action Plan for Digital Government",
        slug="digital-government-plan",
        original=plan,
        summary="The Guiyang Municipal People's Government issued a three-year plan.",
        body="<p>The Guiyang Municipal People's Government has issued a three-year "
        "action plan to speed up the building of digital government.</p>",
    )
    column.add_child(instance=english)
    english.save_revision().publish()
    _dated(english, plan.first_published_at + timedelta(hours=2))
    # The original was corrected afterwards; the English page has not followed.
    Page.objects.filter(pk=plan.pk).update(
        last_published_at=plan.first_published_at + timedelta(hours=6)
    )
    mark_core(plan, user=None)
    state_council = PolicyDocumentPage.objects.filter(
        doc_number__contains="57号", path__startswith=www.root_page.path
    ).first()
    mark_core(state_council, user=None)
