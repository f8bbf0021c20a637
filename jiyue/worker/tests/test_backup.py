"""容灾备份: ``jiyue backup`` of the demo cluster, ``jiyue restore`` into a fresh
database in another process, and the refusals (docs/decisions/0517)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from jiyue.interaction.models import Message
from jiyue.monitor.models import StoredFinding
from jiyue.publishing import selectors
from jiyue.publishing.services import publish_site
from jiyue.worker import backup as bk

JIYUE = [sys.executable, "-m", "jiyue.cli"]


def _env(var_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.pop("JIYUE_REDIS_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(JIYUE_DEMO="1", JIYUE_VAR_DIR=str(var_dir), **extra)
    return env


def _jiyue(args, env, timeout=120):
    return subprocess.run(  # noqa: S603 - our own command
        [*JIYUE, *args], env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def roots(settings, tmp_path):
    settings.JIYUE_PUBLISH_ROOT = tmp_path / "src" / "publish"
    settings.MEDIA_ROOT = tmp_path / "src" / "media"
    settings.JIYUE_PRIVATE_MEDIA_ROOT = tmp_path / "src" / "private"
    (tmp_path / "src" / "private" / "2026").mkdir(parents=True)
    (tmp_path / "src" / "private" / "2026" / "附件.txt").write_text("群众上传的附件")
    (tmp_path / "src" / "media" / "images").mkdir(parents=True)
    (tmp_path / "src" / "media" / "images" / "logo.png").write_bytes(b"\x89PNG demo")
    return tmp_path


@pytest.fixture
def demo_backup(demo_cluster, roots):
    for site in selectors.all_sites()[:2]:
        publish_site(site)
    call_command("backup", str(roots / "bk"), verbosity=0)
    return roots / "bk"


def _counts() -> list[str]:
    """Pages, letters and findings of this database, as ``COUNT`` prints them."""
    models = (Page, Message, StoredFinding)
    return [str(model.objects.count()) for model in models]


def _counted(env) -> list[str]:
    """The same counts in the database ``env`` names, asked in its own process."""
    return _jiyue(["shell", "-c", COUNT], env).stdout.split()[-3:]


def test_backup_holds_everything_with_checksums(demo_backup):
    meta = json.loads((demo_backup / "backup.json").read_text())
    assert meta["version"] == bk.platform_version()
    assert meta["counts"]["wagtailcore.page"] == Page.objects.count()
    assert meta["counts"]["interaction.message"] == Message.objects.count() > 0
    assert "wagtailcore" in meta["migrations"]
    # Settings by name, secrets never by value.
    assert meta["settings"]["SECRET_KEY"] == "***"
    assert "JIYUE_VAR_DIR" in meta["settings"]
    sums = (demo_backup / "SHA256SUMS").read_text().splitlines()
    names = {line.split("  ", 1)[1] for line in sums}
    assert {"backup.json", "database.jsonl.gz"} <= names
    assert "files/private/2026/附件.txt" in names
    assert "files/media/images/logo.png" in names
    hosts = [site.hostname for site in selectors.all_sites()[:2]]
    assert sorted(meta["publish_links"]) == sorted(hosts)
    assert any(n.endswith("manifest.json") for n in names)
    assert bk.check_sums(demo_backup)["format"] == bk.FORMAT
    # JSON Lines: an object a line, so that restore never holds the whole dump.
    with gzip.open(demo_backup / "database.jsonl.gz", "rt", encoding="utf-8") as dump:
        first = json.loads(dump.readline())
        assert {"model", "fields"} <= first.keys()
        assert sum(1 for _line in dump) + 1 == sum(meta["counts"].values())
    # A second backup into the same directory is refused.
    with pytest.raises(bk.RefusedError, match="不是空目录"):
        bk.backup(demo_backup)
    assert bk.mask_url("postgres://u:secret@db:5432/x") == "postgres://u:***@db:5432/x"


def test_tampered_backup_is_refused_before_anything(demo_backup):
    dump = demo_backup / "database.jsonl.gz"
    dump.write_bytes(dump.read_bytes()[:-10] + b"0" * 10)
    before = Page.objects.count()
    with pytest.raises(bk.RefusedError, match="校验和不符"):
        bk.restore(demo_backup)
    (demo_backup / "files" / "extra.txt").write_text("x")
    bk.write_sums(demo_backup)
    (demo_backup / "files" / "extra2.txt").write_text("x")
    with pytest.raises(bk.RefusedError, match="未列出"):
        bk.check_sums(demo_backup)
    assert Page.objects.count() == before


def test_backup_from_newer_version_is_refused(demo_backup):
    path = demo_backup / "backup.json"
    meta = json.loads(path.read_text())
    meta["migrations"]["wagtailcore"].append("9999_from_the_future")
    path.write_text(json.dumps(meta))
    bk.write_sums(demo_backup)
    with pytest.raises(bk.RefusedError, match=r"更新版本.*9999_from_the_future"):
        bk.restore(demo_backup)
    meta["migrations"]["wagtailcore"].pop()
    meta["version"] = "99.0.0"
    path.write_text(json.dumps(meta))
    bk.write_sums(demo_backup)
    with pytest.raises(bk.RefusedError, match=r"99\.0\.0"):
        bk.restore(demo_backup)


def test_restore_into_non_empty_database_is_refused(demo_backup):
    pages, sites = Page.objects.count(), Site.objects.count()
    with pytest.raises(bk.RefusedError, match="目标数据库不是空的"):
        bk.restore(demo_backup)
    assert (Page.objects.count(), Site.objects.count()) == (pages, sites)


COUNT = (
    "from wagtail.models import Page;"
    "from jiyue.interaction.models import Message;"
    "from jiyue.monitor.models import StoredFinding;"
    "print(Page.objects.count(), Message.objects.count(), StoredFinding.objects.count())"
)


def test_drill_restores_into_a_fresh_database(demo_backup, tmp_path):
    """The drill: a machine with nothing but ``jiyue migrate`` (what migrate itself
    creates is tolerated), restored in its own process, then ``jiyue verify``."""
    expected = _counts()
    target = tmp_path / "target"
    target.mkdir()
    env = _env(target)
    done = _jiyue(["migrate", "-v0"], env)
    assert done.returncode == 0, done.stderr
    done = _jiyue(["restore", str(demo_backup)], env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "恢复完成" in done.stdout
    assert "未发现篡改" in done.stdout
    assert _counted(env) == expected
    verify = _jiyue(["verify"], env)
    assert verify.returncode == 0 and "未发现篡改" in verify.stdout, verify.stdout
    private = target / "private" / "2026" / "附件.txt"
    assert private.read_text() == "群众上传的附件"
    # Once restored, the target is not empty: a second restore changes nothing.
    again = _jiyue(["restore", str(demo_backup)], env)
    assert again.returncode == 2
    assert "目标数据库不是空的" in again.stderr


def test_a_format_1_backup_still_restores(demo_backup, tmp_path):
    """Backups written before JSON Lines (one JSON array, ``database.json.gz``)
    are restored as they are (docs/decisions/1903)."""
    with gzip.open(demo_backup / bk.DUMP, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    (demo_backup / bk.DUMP).unlink()
    with gzip.open(demo_backup / bk.DUMP_FORMAT_1, "wt", encoding="utf-8") as dump:
        json.dump(rows, dump, ensure_ascii=False)
    path = demo_backup / bk.META
    path.write_text(json.dumps({**json.loads(path.read_text()), "format": 1}))
    bk.write_sums(demo_backup)
    expected = _counts()
    target = tmp_path / "target"
    target.mkdir()
    env = _env(target)
    done = _jiyue(["restore", "--skip-search", str(demo_backup)], env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "未发现篡改" in done.stdout
    assert _counted(env) == expected


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({"DATABASE_URL": "nothing-known://x"}, "DATABASE_URL 无法解析"),
        ({"DATABASE_URL": "postgres://root@127.0.0.1:1/none"}, "无法连接 DATABASE_URL"),
        ({"JIYUE_REDIS_URL": "redis://127.0.0.1:1/0"}, "无法连接 JIYUE_REDIS_URL"),
    ],
)
def test_wrong_service_urls_say_what_to_do(tmp_path, extra, says):
    done = _jiyue(["migrate"], _env(tmp_path, **extra), timeout=60)
    assert done.returncode == 2
    assert says in done.stderr and "请" in done.stderr
    assert not (tmp_path / "jiyue.sqlite3").exists()  # nothing was changed
