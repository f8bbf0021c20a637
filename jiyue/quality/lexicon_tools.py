"""Maintenance helpers for the shipped lexicons (not used at check time)."""

from __future__ import annotations

from pathlib import Path


def jieba_dictionary() -> set[str]:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    return {
        line.split(" ", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()
    }


def ordinary_words(lexicon_words: list[str], keep: set[str]) -> list[str]:
    """Lexicon entries that are ordinary dictionary words (``sensitive_ordinary.txt``).

    An entry found in jieba's dictionary (日本, 干部, 证券, 农药…) is a word of ordinary
    language: matching it would flag clean official text. Entries in ``keep`` stay.
    """
    dictionary = jieba_dictionary()
    return sorted({w for w in lexicon_words if w in dictionary and w not in keep})
