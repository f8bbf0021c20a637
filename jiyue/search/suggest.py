"""Pinyin, initials and 「您是不是要找」.

- A query of Latin letters only may be pinyin (``shebao``) or initials (``sb``):
  the words of the vocabulary (``lexicon``: the project's and the office's
  words and synonyms first, then column titles, then what citizens searched
  and found) with that pinyin, best first.
- A short query that is no word but sounds like one of the vocabulary's words
  (社宝, 医宝) is searched as that word, with a notice.
- A query that finds nothing gets up to three suggestions that do find
  something: words with the same pinyin (社宝 → 社保), then close words of the
  vocabulary (difflib).
"""

from __future__ import annotations

import difflib

from pypinyin import lazy_pinyin

from .lexicon import MANAGED, Lexicon
from .query import ParsedQuery

MAX_SUGGESTIONS = 3


def pinyin_words(parsed: ParsedQuery, lexicon: Lexicon) -> list[str]:
    """The words a letters-only query may stand for, best first."""
    letters = parsed.letters_only
    if len(letters) < 2:
        return []
    found = lexicon.full_pinyin.get(letters, []) + lexicon.initials.get(letters, [])
    return list(dict.fromkeys(found))


def correction(parsed: ParsedQuery, lexicon: Lexicon) -> str | None:
    """A short Chinese query that is no word at all but sounds like a word of the
    project's or the office's vocabulary (社宝 → 社保): the word meant."""
    text = "".join(parsed.folded.split())
    if not parsed.has_chinese or not 2 <= len(text) <= 6:
        return None
    if (
        parsed.doc_numbers
        or parsed.phrases
        or any(len(w.text) > 1 for w in parsed.words)
    ):
        return None
    for word in lexicon.homophones.get("".join(lazy_pinyin(text)), []):
        if word != text and lexicon.vocabulary[word][0] == MANAGED:
            return word
    return None


def candidates(parsed: ParsedQuery, lexicon: Lexicon) -> list[str]:
    """What a query that found nothing may have meant (unchecked)."""
    if parsed.letters_only:
        return pinyin_words(parsed, lexicon)
    text = "".join(parsed.folded.split())
    if not parsed.has_chinese or not text:
        return []
    found = [
        w for w in lexicon.homophones.get("".join(lazy_pinyin(text)), []) if w != text
    ]
    found += difflib.get_close_matches(text, list(lexicon.vocabulary), n=5, cutoff=0.6)
    return [w for w in dict.fromkeys(found) if w != text]


def suggestions(parsed: ParsedQuery, lexicon: Lexicon, finds) -> list[str]:
    """Up to three candidates for which ``finds(word)`` is true."""
    kept = []
    for word in candidates(parsed, lexicon):
        if finds(word):
            kept.append(word)
        if len(kept) >= MAX_SUGGESTIONS:
            break
    return kept
