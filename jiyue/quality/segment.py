"""Word boundaries from jieba, for matches that may be part of a longer word.

jieba's own dictionary ships inside the package, so this works offline. The
tokenizer is built lazily (about a second, once per process) and only for the
short windows around a candidate match.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

_SENTENCE_END = re.compile(r"[。！？；;!?\n\r]")
_lock = threading.Lock()
_tokenizer: Any = None


def tokenizer() -> Any:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                logging.getLogger("jieba").setLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.initialize()
                _tokenizer = tk
    return _tokenizer


def _window(text: str, start: int, end: int, width: int) -> tuple[int, int]:
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    before = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    after = _SENTENCE_END.search(text, end, hi)
    return (before[-1] if before else lo), (after.start() if after else hi)


def aligned(text: str, start: int, end: int, *, width: int = 12) -> bool:
    """True unless ``text[start:end]`` cuts through a multi-character word.

    ``关健`` in ``相关健康`` cuts ``相关`` and ``健康``: not aligned. ``一但`` in
    ``一但发现`` is aligned (jieba gives 一/但/发现).
    """
    lo, hi = _window(text, start, end, width)
    pos = lo
    for token in tokenizer().cut(text[lo:hi], HMM=False):
        t_end = pos + len(token)
        if len(token) > 1 and (pos < start < t_end or pos < end < t_end):
            return False
        if t_end >= end:
            return True
        pos = t_end
    return True
