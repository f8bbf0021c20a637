"""Declarative, registrable checkers (in the manner of Django's Feed/Sitemap).

A checker is a class with a ``type`` (one of the finding types), a default
``severity``, the data files it reads (``lexicons``) and a ``check(doc)`` that
yields findings. ``@register`` adds it to the registry that ``check_text`` and
``check_html`` run::

    @register
    class ShoutingChecker(Checker):
        name = "shouting"
        type = "wrong_expression"
        severity = "info"

        def check(self, doc):
            ...
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from ..document import Document
from ..findings import Finding
from ..lexicons import LexiconSource, get_lexicon_source


class Checker:
    #: unique key in the registry; defaults to ``type``
    name: ClassVar[str] = ""
    type: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    #: data files (under jiyue/quality/data/) this checker compiles
    lexicons: ClassVar[tuple[str, ...]] = ()
    #: runs only on HTML documents (needs ``doc.tree``/``doc.tags``)
    html_only: ClassVar[bool] = False
    #: not run by default: named in ``checkers=`` or switched on with
    #: ``registry.enable(key)`` (costly checkers, e.g. typo_statistical)
    opt_in: ClassVar[bool] = False

    def __init__(self) -> None:
        self._compiled: Any = None
        self._compiled_key: tuple[Any, ...] | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    @classmethod
    def key(cls) -> str:
        return cls.name or cls.type

    def applies_to(self, doc: Document) -> bool:
        return doc.kind == "html" or not self.html_only

    # -- data ---------------------------------------------------------------
    def compile(self, source: LexiconSource) -> Any:
        """Build the matcher from this checker's lexicons (override)."""
        return None

    #: seconds between two looks at the lexicons' versions
    recheck_interval: ClassVar[float] = 2.0

    def data(self) -> Any:
        """The compiled data, rebuilt when a lexicon's version changes
        (versions are looked at most every ``recheck_interval`` seconds)."""
        source = get_lexicon_source()
        now = time.monotonic()
        fresh = now - self._checked_at < self.recheck_interval
        if (
            fresh
            and self._compiled_key is not None
            and self._compiled_key[0] == id(source)
        ):
            return self._compiled
        self._checked_at = now
        key = (id(source), *(source.version(n) for n in self.lexicons))
        if key != self._compiled_key:
            with self._lock:
                if key != self._compiled_key:
                    self._compiled = self.compile(source)
                    self._compiled_key = key
        return self._compiled

    # -- checking -------------------------------------------------------------
    def check(self, doc: Document) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, doc: Document, **kwargs: Any) -> Finding:
        kwargs.setdefault("type", self.type)
        kwargs.setdefault("severity", self.severity)
        return doc.finding(**kwargs)


class CheckerRegistry:
    def __init__(self) -> None:
        self._checkers: dict[str, Checker] = {}
        self._enabled: set[str] = set()

    def register(self, checker_class: type[Checker]) -> type[Checker]:
        self._checkers[checker_class.key()] = checker_class()
        return checker_class

    def unregister(self, key: str) -> None:
        self._checkers.pop(key, None)

    def get(self, key: str) -> Checker:
        return self._checkers[key]

    def all(self) -> list[Checker]:
        return list(self._checkers.values())

    def enable(self, key: str, on: bool = True) -> None:
        """Runs (or stops running) an opt-in checker by default."""
        if on:
            self._enabled.add(key)
        else:
            self._enabled.discard(key)

    def defaults(self) -> list[Checker]:
        return [
            c
            for c in self._checkers.values()
            if not c.opt_in or c.key() in self._enabled
        ]

    def keys(self) -> list[str]:
        return list(self._checkers)

    def select(self, wanted: Iterable[Any] | None) -> Iterator[Checker]:
        """Checkers named (by key or type), given as instances/classes, or all."""
        if wanted is None:
            yield from self.defaults()
            return
        for item in wanted:
            yield from self._resolve(item)

    def _resolve(self, item: Any) -> Iterator[Checker]:
        if isinstance(item, Checker):
            yield item
        elif isinstance(item, type) and issubclass(item, Checker):
            yield self._checkers.get(item.key()) or item()
        elif item in self._checkers:
            yield self._checkers[item]
        else:
            matched = [c for c in self._checkers.values() if c.type == item]
            if not matched:
                raise KeyError(f"unknown checker: {item}")
            yield from matched


registry = CheckerRegistry()
register = registry.register
