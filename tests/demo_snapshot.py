"""The demo cluster, loaded once and copied back into a flushed test database.

A test with a live server or a browser runs outside a transaction: the database is
flushed after it, and the next one loads the demo again, which took 18 s on SQLite and
30 s on PostgreSQL of every such test's setup. The first load in a process is kept
as a copy; a later test that finds its database empty gets the copy back instead:
SQLite's backup of the in-memory database, or on PostgreSQL each table's rows from a
schema of copies (the foreign keys Django makes are checked at commit).

The copy stands for a load only where a load would give the same: the database is
as a flush leaves it (post_migrate's content types and permissions, nothing made
before the load), the day is the same (the demo's dates count
from now) and so are the corpus and the media directory (the demo's documents and
images are files there, which the copied rows name). Otherwise the demo is loaded.
The search index and published trees are not touched by a load, so not by a copy.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

SCHEMA = "jiyue_demo_snapshot"


@dataclass(frozen=True)
class _Key:
    vendor: str
    database: str
    day: str
    corpus: str
    media: str


@dataclass
class _Snapshot:
    key: _Key
    flushed: dict[str, int]  # what a flushed database held (post_migrate's rows)
    sqlite: sqlite3.Connection | None = None


_snapshot: _Snapshot | None = None


def _key(corpus_dir: Path) -> _Key:
    return _Key(
        vendor=connection.vendor,
        database=str(connection.settings_dict["NAME"]),
        day=timezone.localdate().isoformat(),
        corpus=str(corpus_dir),
        media=str(settings.MEDIA_ROOT),
    )


def _tables() -> list[str]:
    """The tables a flush empties: those of the installed models."""
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _counts() -> dict[str, int]:
    """The rows of each table that has any."""
    quote = connection.ops.quote_name
    probes = " UNION ALL ".join(
        f"SELECT '{table}', count(*) FROM {quote(table)}"  # noqa: S608
        for table in _tables()
    )
    with connection.cursor() as cursor:
        cursor.execute(probes)
        return {table: rows for table, rows in cursor.fetchall() if rows}


def _take(key: _Key, flushed: dict[str, int]) -> _Snapshot:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return _Snapshot(key, flushed, sqlite=copy)
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SCHEMA}")
        for table in _tables():
            cursor.execute(
                f"CREATE TABLE {SCHEMA}.{quote(table)} AS "  # noqa: S608
                f"SELECT * FROM {quote(table)}"
            )
    return _Snapshot(key, flushed)


def _give_back(snapshot: _Snapshot) -> None:
    if snapshot.sqlite is not None:
        connection.ensure_connection()
        snapshot.sqlite.backup(connection.connection)
        return
    quote = connection.ops.quote_name
    tables = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in tables)}")
        # Rows that triggers make from others (the search's sample) are copied,
        # not made twice: those triggers are off during the copy, switched
        # before any row is in (a table with pending foreign-key checks cannot
        # be altered).
        triggered = [t for t in _with_triggers(cursor) if t in tables]
        for table in triggered:
            cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")
        for table in tables:
            # Generated columns are computed again.
            columns = ", ".join(quote(c) for c in _stored_columns(cursor, table))
            cursor.execute(
                f"INSERT INTO {quote(table)} ({columns}) OVERRIDING SYSTEM VALUE "  # noqa: S608
                f"SELECT {columns} FROM {SCHEMA}.{quote(table)}"
            )
        for table in triggered:
            cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER USER")
        # A flush with reset_sequences starts the keys again at 1: each table's
        # next key after its copied rows.
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def _with_triggers(cursor) -> list[str]:
    """The tables with triggers of their own (not foreign keys')."""
    cursor.execute(
        "SELECT DISTINCT c.relname FROM pg_trigger t"
        " JOIN pg_class c ON c.oid = t.tgrelid"
        " WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"
    )
    return [name for (name,) in cursor.fetchall()]


def _stored_columns(cursor, table: str) -> list[str]:
    """A table's columns but the generated ones, in order."""
    cursor.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = %s"
        " AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]


def load(corpus_dir: Path, load_cluster) -> bool:
    """Loads the demo cluster, from the copy where it stands for a load; True if
    the copy was used."""
    global _snapshot
    key = _key(corpus_dir)
    before = _counts()
    if _snapshot is not None and _snapshot.key == key and before == _snapshot.flushed:
        _give_back(_snapshot)
        # The copied content types have the first load's ids.
        ContentType.objects.clear_cache()
        return True
    load_cluster(corpus_dir)
    # What the copy stands for is a load into a flushed database: one holding only
    # the content types and permissions of post_migrate, nothing of a test's own.
    if (_snapshot is None or _snapshot.key != key) and _freshly_flushed(before):
        _snapshot = _take(key, before)
    return False


def _freshly_flushed(counts: dict[str, int]) -> bool:
    return set(counts) <= {
        ContentType._meta.db_table,
        Permission._meta.db_table,
    }
