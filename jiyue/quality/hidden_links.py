"""The one judgement of 暗链 (hidden links), for the editorial gate and the monitor.

docs/decisions/0103-hidden-link-judgement.md gives the rule and 0111 why it is the only
one: a link to another site is judged by its target, its text and how it is hidden —

* ``veto`` when the target's domain (or a parent domain) is on the illegal-domain list,
  or the link's text or address holds a word of the curated gambling/porn list;
* nothing when the host is a known share, statistics or government host;
* ``error`` when a strong technique hides it (off screen, zero size, encoded script …),
  or a weak one (``display:none``, ``hidden`` …) hides a link to a spam-like host;
* otherwise nothing: menus, share panels and drop-downs hide links every day.

Who decides what is "another site" and which techniques hide a link is the caller's
part: the gate reads one page (``checkers/links.py``), the monitor the crawled site
with its stylesheets and scripts (``jiyue/monitor/checks/hidden.py``). The data are
lexicons of ``jiyue.quality`` (``data/``), read through its lexicon source.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .hiding import STRONG
from .i18n import _
from .lexicons import LexiconSource, get_lexicon_source, words

# Top-level domains a government page has little reason to link to in hiding.
SUSPICIOUS_TLDS = frozenset(
    {
        "top", "xyz", "vip", "bet", "win", "loan", "club", "cc", "tk", "pw", "icu",
        "buzz", "casino", "poker", "porn", "sex", "xxx", "ws", "la",
    }
)  # fmt: skip
_SECOND_LEVEL = frozenset({"gov", "com", "net", "org", "edu", "ac", "mil"})
_IP = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$|^\[")


def bare_host(url_or_host: str) -> str:
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    return (host or "").split(":")[0].lower()


def registrable_domain(host: str) -> str:
    """Approximate registrable domain (no public-suffix list): ``x.gov.cn``, ``x.com``."""
    host = bare_host(host)
    if _IP.match(host):
        return host
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def parent_domains(host: str) -> list[str]:
    """``a.b.c.com`` -> ``[a.b.c.com, b.c.com, c.com]`` (never a bare TLD)."""
    labels = bare_host(host).split(".")
    return [".".join(labels[i:]) for i in range(max(len(labels) - 1, 1))]


_read: dict[tuple[int, str], tuple[str, frozenset[str], tuple[str, ...]]] = {}


def _lexicon(name: str, source: LexiconSource | None) -> tuple[frozenset[str], tuple]:
    """The lower-cased words of ``name`` as a set and in order, read again when
    the source's version of the list changes (the office may edit the lists)."""
    source = source or get_lexicon_source()
    key, version = (id(source), name), source.version(name)
    cached = _read.get(key)
    if cached is None or cached[0] != version:
        listed = tuple(w.lower() for w in words(name, source))
        cached = _read[key] = (version, frozenset(listed), listed)
    return cached[1], cached[2]


def illegal_match(host: str, source: LexiconSource | None = None) -> str | None:
    """The listed illegal domain ``host`` falls under, if any."""
    listed, _ordered = _lexicon("illegal_domains.txt", source)
    return next((d for d in parent_domains(host) if d in listed), None)


def bad_word(text: str, source: LexiconSource | None = None) -> str | None:
    lowered = text.lower()
    _listed, ordered = _lexicon("hidden_link_words.txt", source)
    return next((w for w in ordered if w in lowered), None)


def allowlisted(host: str, source: LexiconSource | None = None) -> bool:
    allowed, _ordered = _lexicon("hidden_link_allow_hosts.txt", source)
    return any(d in allowed for d in parent_domains(host))


def suspicious_host(host: str) -> bool:
    """A bare IP address or a top-level domain favoured by spam sites."""
    labels = host.split(":")[0].split(".")
    return labels[-1].isdigit() or labels[-1] in SUSPICIOUS_TLDS


def verdict(
    target: str,
    text: str,
    techniques: frozenset[str],
    source: LexiconSource | None = None,
) -> tuple[str, str] | None:
    """(severity, reason) for a link to another site hidden by ``techniques``,
    or None when it is no 暗链."""
    host = bare_host(target)
    listed = illegal_match(host, source)
    if listed:
        return "veto", _("目标域名 %(domain)s 在非法网站名单中") % {"domain": listed}
    word = bad_word(text, source) or bad_word(target, source)
    if word:
        return "veto", _("链接文字含涉赌涉黄词语「%(word)s」") % {"word": word}
    if allowlisted(host, source):
        return None
    if techniques & STRONG:
        return "error", _("隐藏手法只见于暗链")
    if suspicious_host(host):
        return "error", _("目标域名 %(host)s 类似垃圾站点") % {"host": host}
    return None
