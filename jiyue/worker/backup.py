"""``jiyue backup DIR`` / ``jiyue restore DIR``: 容灾备份 (docs/decisions/0517).

A backup is a plain directory::

    backup.json            format, platform version, applied migrations, counts,
                           settings in effect (secrets masked), the publish links
    database.jsonl.gz      every row, Django's portable JSON Lines (natural foreign
                           keys), an object a line: restore reads it line by line
    files/media/…          MEDIA_ROOT
    files/private/…        citizens' uploads (JIYUE_PRIVATE_MEDIA_ROOT)
    files/publish/.versions/<host>/<version>/…   each site's current version
    SHA256SUMS             sha256 of every other file (``sha256sum -c`` reads it)

Restore checks everything first and refuses, in Chinese, before it changes
anything: a checksum that fails, a backup from a newer platform, a target that
is not empty.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.models import signals
from django.utils import timezone
from django.utils.translation import gettext as _

from jiyue.assessment.defaults import default_indicator_count
from jiyue.services.elements import DEFAULT_ELEMENTS
from jiyue.services.themes import ORGANISATION_THEMES, PERSON_THEMES

# Format 2 writes JSON Lines (docs/decisions/1903); format 1's one JSON array
# (``database.json.gz``) is still restored, read whole as before.
FORMAT = 2
META = "backup.json"
DUMP = "database.jsonl.gz"
DUMP_FORMAT_1 = "database.json.gz"
SUMS = "SHA256SUMS"
FILES = "files"
VERSIONS = ".versions"
# Rebuilt by ``migrate`` itself on any database (with ids of its own: the dump
# names them by natural key); sessions are not worth restoring. The search
# indexes are derived, and their rows differ by engine (FTS5 on SQLite, tsvector
# on PostgreSQL): restore rebuilds them.
EXCLUDED = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "wagtailsearch",
    "search.searchentry",
    "search.searchsample",
    "search.indexchange",
    "search.searchrebuild",
)
# What ``migrate`` leaves in a fresh database: Wagtail's root and welcome page,
# its default site, locale and root collection. A target with more is not empty.
# The apps' data migrations add their defaults: the service guides' element set
# and 办事主题, the inspection indicators (loading a backup overwrites them).
MIGRATE_CREATES = {
    "wagtailcore.page": 2,
    "wagtailcore.site": 1,
    "wagtailcore.locale": 1,
    "wagtailcore.collection": 1,
    "services.serviceelement": len(DEFAULT_ELEMENTS),
    "services.servicetheme": len(PERSON_THEMES) + len(ORGANISATION_THEMES),
    "assessment.ruleset": 1,
    "assessment.indicator": default_indicator_count(),
}
NOT_COUNTED = {"contenttypes.contenttype", "auth.permission"}
MASK = "***"  # what a secret is written as
SECRET_NAME = re.compile(r"KEY|SECRET|PASSWORD|TOKEN|PASS", re.I)


class RefusedError(Exception):
    """The backup or the target is not fit: nothing was changed."""


@dataclass
class Report:
    directory: Path
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    size: int = 0
    seconds: float = 0.0
    search_seconds: float = 0.0
    findings: list = field(default_factory=list)
    mismatched: dict[str, tuple[int, int]] = field(default_factory=dict)


def platform_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jiyue")
    except PackageNotFoundError:  # pragma: no cover - a source tree not installed
        return "0"


def _version_tuple(value: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", value)[:3])


def mask_url(url: str) -> str:
    """A URL without its password (``postgres://u:***@host/db``)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def settings_in_effect() -> dict[str, str]:
    """The deployment's environment settings, secrets masked (never their values)."""
    names = sorted(
        name
        for name in os.environ
        if name.startswith("JIYUE_")
        or name in {"DATABASE_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}
    )
    result = {}
    for name in names:
        value = os.environ[name]
        if SECRET_NAME.search(name):
            value = MASK
        elif "://" in value:
            value = mask_url(value)
        result[name] = value
    result["SECRET_KEY"] = MASK
    result["DATABASE_ENGINE"] = connections[DEFAULT_DB_ALIAS].vendor
    result["TIME_ZONE"] = settings.TIME_ZONE
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _roots() -> dict[str, Path]:
    return {
        "media": Path(settings.MEDIA_ROOT),
        "private": Path(settings.JIYUE_PRIVATE_MEDIA_ROOT),
        "publish": Path(settings.JIYUE_PUBLISH_ROOT),
    }


def _models():
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in NOT_COUNTED:
            continue
        if meta.app_label in EXCLUDED or meta.label_lower in EXCLUDED:
            continue
        yield model


def _table_names(using: str) -> set[str]:
    with connections[using].cursor() as cursor:
        return set(connections[using].introspection.table_names(cursor))


def model_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    tables = _table_names(using)
    return {
        model._meta.label_lower: model._base_manager.using(using).count()
        for model in _models()
        if model._meta.db_table in tables
    }


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    result: dict[str, list[str]] = {}
    for app, name in sorted(loader.applied_migrations):
        result.setdefault(app, []).append(name)
    return result


# --- backup -----------------------------------------------------------------


def _copy_publish(root: Path, target: Path) -> dict[str, str]:
    """Each site's current version (tree, manifest, objects) and its link."""
    links = {}
    if not root.is_dir():
        return links
    for entry in sorted(root.iterdir()):
        if not entry.is_symlink():
            continue
        relative = os.readlink(entry)
        version = (root / relative).resolve().parent
        if not version.is_dir():
            continue
        destination = target / version.relative_to(root.resolve())
        shutil.copytree(version, destination, symlinks=True)
        links[entry.name] = relative
    return links


def write_sums(directory: Path) -> tuple[int, int]:
    """``SHA256SUMS`` over every other file of the backup ``directory``; the
    number of files and their size."""
    lines, size = [], 0
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        if path.name == SUMS and path.parent == directory:
            continue
        lines.append(f"{_sha256(path)}  {path.relative_to(directory).as_posix()}")
        size += path.stat().st_size
    (directory / SUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines), size


def backup(directory: Path) -> Report:
    started = time.monotonic()
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise RefusedError(
            _("备份目录 %(dir)s 已存在且不是空目录：请指定一个新的目录。")
            % {"dir": directory}
        )
    directory.mkdir(parents=True, exist_ok=True)
    # Password hashes and second-factor keys are in the dump: owner only.
    directory.chmod(0o700)
    report = Report(directory)
    call_command(
        "dumpdata",
        format="jsonl",
        natural_foreign=True,
        use_base_manager=True,
        exclude=list(EXCLUDED),
        output=str(directory / DUMP),
        verbosity=0,
    )
    report.counts = model_counts()
    files = directory / FILES
    links: dict[str, str] = {}
    for name, root in _roots().items():
        if name == "publish":
            links = _copy_publish(root, files / "publish")
        elif root.is_dir():
            shutil.copytree(root, files / name, symlinks=False)
    meta = {
        "format": FORMAT,
        "platform": "jiyue",
        "version": platform_version(),
        "created": timezone.now().isoformat(),
        "database": connections[DEFAULT_DB_ALIAS].vendor,
        "migrations": applied_migrations(),
        "counts": report.counts,
        "publish_links": links,
        "settings": settings_in_effect(),
    }
    (directory / META).write_text(
        json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    report.files, report.size = write_sums(directory)
    report.seconds = time.monotonic() - started
    return report


# --- restore: every check first ---------------------------------------------


def check_sums(directory: Path) -> dict:
    directory = Path(directory)
    sums = directory / SUMS
    if not (directory / META).is_file() or not sums.is_file():
        raise RefusedError(
            _("%(dir)s 不是集约备份目录（缺少 backup.json 或 SHA256SUMS）。")
            % {"dir": directory}
        )
    listed = set()
    for line in sums.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        digest, _sep, name = line.partition("  ")
        listed.add(name)
        path = directory / name
        if not path.is_file() or _sha256(path) != digest:
            raise RefusedError(
                _(
                    "备份文件 %(name)s 的校验和不符（文件损坏或被改动）："
                    "请换用完好的备份副本。数据库和文件均未改动。"
                )
                % {"name": name}
            )
    for path in directory.rglob("*"):
        name = path.relative_to(directory).as_posix()
        if path.is_file() and name != SUMS and name not in listed:
            raise RefusedError(
                _(
                    "备份目录中有清单 SHA256SUMS 未列出的文件 %(name)s："
                    "请换用完好的备份副本。数据库和文件均未改动。"
                )
                % {"name": name}
            )
    return json.loads((directory / META).read_text(encoding="utf-8"))


def check_version(meta: dict, using: str = DEFAULT_DB_ALIAS) -> None:
    newer = _(
        "这份备份来自更新版本的集约（%(theirs)s，本机为 %(ours)s）%(why)s："
        "请先把本机升级到该版本或更高版本，再恢复。数据库和文件均未改动。"
    )
    values = {"theirs": meta.get("version", "?"), "ours": platform_version()}
    if meta.get("format", 0) > FORMAT:
        raise RefusedError(newer % {**values, "why": _("，备份格式更新")})
    if _version_tuple(str(values["theirs"])) > _version_tuple(values["ours"]):
        raise RefusedError(newer % {**values, "why": ""})
    known = MigrationLoader(connections[using]).disk_migrations
    for app, names in meta.get("migrations", {}).items():
        for name in names:
            if (app, name) not in known:
                raise RefusedError(
                    newer
                    % {**values, "why": _("，本机不认识迁移 %s") % f"{app}.{name}"}
                )


def not_empty(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows the target has beyond what ``migrate`` creates (empty: ``{}``)."""
    tables = _table_names(using)
    if "django_migrations" not in tables:
        return {}
    extra = {}
    for label, count in model_counts(using).items():
        if count > MIGRATE_CREATES.get(label, 0):
            extra[label] = count
    return extra


def files_present() -> list[Path]:
    present = []
    for root in _roots().values():
        if root.is_dir() and any(
            p.is_file() or p.is_symlink()
            for p in root.rglob("*")
            if ".locks" not in p.parts
        ):
            present.append(root)
    return present


def check_target(using: str = DEFAULT_DB_ALIAS) -> None:
    extra = not_empty(using)
    if extra:
        shown = "、".join(
            f"{label}（{count}）" for label, count in list(extra.items())[:5]
        )
        raise RefusedError(
            _(
                "目标数据库不是空的（已有 %(rows)s 等数据）：恢复只能在全新的空数据库上进行。"
                "请新建一个空数据库并把 DATABASE_URL 指向它，再恢复。数据库和文件均未改动。"
            )
            % {"rows": shown}
        )
    present = files_present()
    if present:
        raise RefusedError(
            _(
                "目标目录 %(dir)s 中已有文件：恢复只能在空的数据目录上进行。"
                "请换一个空的 JIYUE_VAR_DIR（或清空该目录），再恢复。数据库和文件均未改动。"
            )
            % {"dir": present[0]}
        )


# --- restore: the work --------------------------------------------------------


@contextlib.contextmanager
def _quiet_model_signals():
    """loaddata saves raw rows: the apps' handlers (publishing, search, audit)
    must not act on them. The derived state is rebuilt afterwards."""
    kept = []
    for signal in (
        signals.pre_save,
        signals.post_save,
        signals.pre_delete,
        signals.post_delete,
        signals.m2m_changed,
    ):
        with signal.lock:
            kept.append((signal, signal.receivers))
            signal.receivers = []
            signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in kept:
            with signal.lock:
                signal.receivers = receivers
                signal.sender_receivers_cache.clear()


def _migrate_to(meta: dict, using: str) -> None:
    """Migrate to the backup's own migrations, so that its rows fit the tables."""
    connection = connections[using]
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    squashed = {
        old: key
        for key, migration in executor.loader.replacements.items()
        for old in migration.replaces
    }
    targets = []
    for app, names in meta.get("migrations", {}).items():
        nodes = {squashed.get((app, name), (app, name)) for name in names}
        nodes = [node for node in nodes if node in graph.nodes]
        if not nodes:
            continue
        targets.append(max(nodes, key=lambda node: len(graph.forwards_plan(node))))
    executor.migrate(targets)


def dump_of(directory: Path) -> Path:
    """The backup's database dump: JSON Lines, or a format 1 backup's JSON."""
    lines = Path(directory) / DUMP
    return lines if lines.is_file() else Path(directory) / DUMP_FORMAT_1


def restore(
    directory: Path, *, using: str = DEFAULT_DB_ALIAS, rebuild_search: bool = True
) -> Report:
    started = time.monotonic()
    directory = Path(directory)
    meta = check_sums(directory)
    check_version(meta, using)
    check_target(using)

    report = Report(directory)
    _migrate_to(meta, using)
    with _quiet_model_signals():
        # The rows migrate created (Wagtail's root, site, locale) come again
        # from the dump, with the backup's ids.
        call_command("flush", interactive=False, database=using, verbosity=0)
        call_command("loaddata", str(dump_of(directory)), database=using, verbosity=0)
    call_command("migrate", interactive=False, database=using, verbosity=0)

    for name, root in _roots().items():
        source = directory / FILES / name
        if not source.is_dir():
            continue
        root.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, root, symlinks=True, dirs_exist_ok=True)
    publish = _roots()["publish"]
    for host, relative in meta.get("publish_links", {}).items():
        link = publish / host
        os.symlink(relative, link)

    from django.core.cache import cache

    cache.clear()
    if rebuild_search:
        # The derived search indexes: Wagtail's (admin search) and the public one.
        searched = time.monotonic()
        call_command("update_index", verbosity=0)
        call_command("search_reindex", no_progress=True, stdout=io.StringIO())
        report.search_seconds = time.monotonic() - searched
    report.counts = model_counts(using)
    for label, count in meta.get("counts", {}).items():
        if report.counts.get(label, 0) != count:
            report.mismatched[label] = (count, report.counts.get(label, 0))
    from jiyue.publishing import selectors
    from jiyue.publishing.verify import verify_disk

    for site in selectors.all_sites():
        report.findings += verify_disk(site)
    report.seconds = time.monotonic() - started
    return report
