"""Shared machinery: an automaton of fixed wrong forms with exceptions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import segment
from ..document import Document
from ..matching import ByteAutomaton

#: matches up to this length must fall on jieba word boundaries
BOUNDARY_MAX_LEN = 4


@dataclass(frozen=True)
class Phrase:
    wrong: str
    right: str
    severity: str = ""
    note: str = ""
    exceptions: tuple[str, ...] = ()


def build_automaton(phrases: list[Phrase]) -> ByteAutomaton:
    automaton = ByteAutomaton()
    for phrase in phrases:
        automaton.add(phrase.wrong, phrase)
    return automaton.finish()


def _in_exception(text: str, start: int, phrase: Phrase) -> bool:
    for exception in phrase.exceptions:
        offset = exception.find(phrase.wrong)
        begin = start - offset
        if offset >= 0 and begin >= 0 and text.startswith(exception, begin):
            return True
    return False


def matches(
    doc: Document, automaton: ByteAutomaton
) -> Iterator[tuple[int, int, Phrase]]:
    """Non-overlapping accepted matches, longest first at each start."""
    text = doc.text
    found = []
    for start, end, phrase in automaton.iter(doc.text_bytes):
        if _in_exception(text, start, phrase):
            continue
        if end - start <= BOUNDARY_MAX_LEN and not segment.aligned(text, start, end):
            continue
        found.append((start, end, phrase))
    found.sort(key=lambda m: (m[0], m[0] - m[1]))
    taken_until = -1
    for start, end, phrase in found:
        if start >= taken_until:
            taken_until = end
            yield start, end, phrase
