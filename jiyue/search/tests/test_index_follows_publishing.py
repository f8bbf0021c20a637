"""The index follows publishing: one after-commit task per transaction puts a
page in, changes it or takes it out (published, edited, unpublished, expired,
restricted, moved, deleted), and a rebuild swaps in a new index without losing
what changed meanwhile."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from jiyue.search import indexing
from jiyue.search.engines import get_engine
from jiyue.search.models import IndexChange, SearchRebuild

from .helpers import PORTAL, publish_article, search, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(demo_cluster, search_engine_setting):
    indexing.rebuild()
    return get_engine()


def test_published_changed_and_unpublished(built, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page = publish_article(PORTAL, "关于开展消防安全检查的通知", "请按时完成。")
    assert len(callbacks) == 1  # one task for the whole transaction
    assert titles(search(PORTAL, q="消防安全检查")) == ["关于开展消防安全检查的通知"]
    page.title = "关于开展燃气安全检查的通知"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert search(PORTAL, q="消防").context["total"] == 0
    assert titles(search(PORTAL, q="燃气安全")) == ["关于开展燃气安全检查的通知"]
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert "关于开展燃气安全检查的通知" not in titles(search(PORTAL, q="燃气安全"))


def test_expired_pages_leave(built, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = publish_article(PORTAL, "限时征集防汛意见的公告", "防汛。")
        Page.objects.filter(pk=page.pk).update(
            expire_at=timezone.now() - timedelta(minutes=1)
        )
    assert search(PORTAL, q="防汛").context["total"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert search(PORTAL, q="防汛").context["total"] == 0


def test_restricted_and_deleted_pages_leave(built, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kept = publish_article(PORTAL, "内部通讯录更新说明", "通讯录。")
        gone = publish_article(PORTAL, "废弃的通讯录说明", "通讯录。")
    assert search(PORTAL, q="通讯录").context["total"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=kept, restriction_type="login")
        gone.delete()
    assert search(PORTAL, q="通讯录").context["total"] == 0


def test_publishing_before_the_index_is_built_leaves_it_to_the_first_query(
    demo_cluster, search_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_article(PORTAL, "还没有索引时发布的信息", "正文")
    assert not search_dir.exists() and not SearchRebuild.objects.exists()
    # The first query builds the index, with that page in it.
    assert (
        titles(search(PORTAL, q="还没有索引时发布的信息"))[0]
        == "还没有索引时发布的信息"
    )
    assert indexing.is_built()


def test_changes_during_a_rebuild_are_replayed(built):
    page = publish_article(
        PORTAL, "重建期间发布的信息", "正文"
    )  # no task: not committed
    running = SearchRebuild.objects.create(engine=built.name, started_at=timezone.now())
    indexing.sync([f"page:{page.pk}"])
    assert IndexChange.objects.filter(key=f"page:{page.pk}").exists()
    running.delete()
    documents = indexing.all_documents
    # The rebuild reads the pages before this one was published…
    indexing.all_documents = lambda **kw: (
        d for d in documents(**kw) if d.key != f"page:{page.pk}"
    )
    try:
        IndexChange.objects.update(changed_at=timezone.now() + timedelta(seconds=1))
        indexing.rebuild()
    finally:
        indexing.all_documents = documents
    # …and replays the change made meanwhile.
    assert titles(search(PORTAL, q="重建期间发布的信息")) == ["重建期间发布的信息"]
    assert not IndexChange.objects.exists()


def test_reindex_command_builds_aside_and_swaps(
    demo_cluster, search_engine_setting, capsys
):
    call_command("search_reindex", "--no-progress")
    first = get_engine().built_id()
    assert "已建立索引" in capsys.readouterr().out
    call_command("search_reindex", "--no-progress")
    second = get_engine().built_id()
    assert second != first and indexing.is_built()
    assert list(SearchRebuild.objects.values_list("pk", flat=True)) == [second]
    assert search(PORTAL, q="网站").context["total"] > 0


def test_reindex_of_one_site(built, capsys):
    call_command("search_reindex", "--site", "6109000001", "--no-progress")
    assert "已建立索引" in capsys.readouterr().out
    assert search(PORTAL, q="安康").context["total"] > 0
    with pytest.raises(Exception, match="没有网站标识码"):
        call_command("search_reindex", "--site", "0000000000", "--no-progress")


def test_a_new_letter_queues_no_index_task(built, django_capture_on_commit_callbacks):
    """A letter just written is not public: no index task for it (one per letter
    piled up behind the load of bench/mixed.py); its published reply is indexed."""
    from jiyue.interaction import services
    from jiyue.interaction.models.messages import Mailbox
    from jiyue.search.signal_handlers import _flush

    mailbox = Mailbox.objects.filter(site__hostname="www.localhost").first()
    with django_capture_on_commit_callbacks() as callbacks:
        submission = services.message_submit(
            mailbox=mailbox, subject="小区路灯坏了", content="请尽快修理。",
            consent_publish=True,
        )  # fmt: skip
    assert _flush not in callbacks
    message = submission.message
    message.status, message.public_subject = "published", "小区路灯坏了"
    message.public_reply, message.published_at = "已修复。", timezone.now()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message.save()
    assert _flush in callbacks


def test_a_word_added_after_the_build_is_looked_for_in_pieces_until_a_rebuild(
    built, django_capture_on_commit_callbacks
):
    """Documents indexed before the office added a word hold it in pieces; an
    index rebuilt with it holds it whole, and the query stops asking for the
    pieces, a phrase that reads every document holding them (ADR 0616)."""
    from jiyue.search import lexicon
    from jiyue.search.models import SearchWord
    from jiyue.search.query import clauses, parse

    with django_capture_on_commit_callbacks(execute=True):
        publish_article(PORTAL, "筑城广场开放时间调整", "筑城广场夜间开放。")

    def alternatives(word):
        current = lexicon.current()
        (clause,) = clauses(parse(word, current), current, None)
        return [tuple(w for _o, w in a.words) for a in clause.alternatives]

    with django_capture_on_commit_callbacks(execute=True):
        SearchWord.objects.create(word="筑城广场")
    assert alternatives("筑城广场") == [("筑城广场",), ("筑城", "广场")]
    assert titles(search(PORTAL, q="筑城广场")) == ["筑城广场开放时间调整"]
    indexing.rebuild()
    assert "筑城广场" in lexicon.current().indexed_whole
    assert alternatives("筑城广场") == [("筑城广场",)]
    assert titles(search(PORTAL, q="筑城广场")) == ["筑城广场开放时间调整"]
    assert SearchRebuild.objects.get().words.splitlines().count("筑城广场") == 1
