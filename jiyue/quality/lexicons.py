"""Where checkers get their word lists and rules.

Every checker reads its data through a :class:`LexiconSource` by *name* (a file
name under ``jiyue/quality/data/``). The shipped source reads those files; a
database-backed source (edited by the platform office in the admin) can be
plugged in later with :func:`set_lexicon_source` without touching a checker.
Checkers cache what they compile from a list, keyed by the source's
``version(name)``, so a new version is picked up on the next check.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

DATA_DIR = Path(__file__).resolve().parent / "data"


class LexiconSource(Protocol):
    def lines(self, name: str) -> list[str]:
        """The list's lines, without line ends (comments included)."""
        ...

    def version(self, name: str) -> str:
        """Changes whenever the list changes."""
        ...


class FileLexiconSource:
    """Reads ``name`` from a directory (the packaged data by default)."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory) if directory else DATA_DIR

    def path(self, name: str) -> Path:
        return self.directory / name

    def lines(self, name: str) -> list[str]:
        path = self.path(name)
        if not path.exists():
            return []
        return path.read_text(encoding="utf-8-sig").splitlines()

    def version(self, name: str) -> str:
        path = self.path(name)
        if not path.exists():
            return "missing"
        stat = path.stat()
        return f"{self.directory}:{stat.st_mtime_ns}:{stat.st_size}"


def _default_source() -> LexiconSource:
    directory = os.environ.get("JIYUE_QUALITY_DATA_DIR")
    try:
        from django.conf import settings

        if settings.configured:
            directory = getattr(settings, "QUALITY_DATA_DIR", None) or directory
    except ImportError:  # pragma: no cover
        pass
    return FileLexiconSource(directory)


_source: LexiconSource | None = None


def get_lexicon_source() -> LexiconSource:
    global _source
    if _source is None:
        _source = _default_source()
    return _source


def set_lexicon_source(source: LexiconSource | None) -> None:
    """Use ``source`` from now on (None: back to the default)."""
    global _source
    _source = source


def records(name: str, source: LexiconSource | None = None) -> Iterator[list[str]]:
    """Non-empty, non-comment lines of ``name`` split on tabs."""
    for line in (source or get_lexicon_source()).lines(name):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield [field.strip() for field in line.rstrip("\n").split("\t")]


def words(name: str, source: LexiconSource | None = None) -> list[str]:
    """The first field of every record of ``name``."""
    return [rec[0] for rec in records(name, source) if rec[0]]
