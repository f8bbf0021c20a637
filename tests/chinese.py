"""What a person reads on a page, and the English among it.

Shared by the admin's Chinese test (tests/test_admin_chinese.py, server-rendered
HTML) and the browser sweep (tests/test_browser_sweep.py, the page as the
browser shows it after its scripts ran): element text and the title,
placeholder, aria-label and alt attributes, the labels of buttons and of the
sidebar menu. Any Latin word of three letters or more that is not an address, a
file name, a login name, a page address or one of the few abbreviations people
expect (PDF, URL, ...) counts (docs/decisions/0419-admin-in-chinese.md).
"""

from __future__ import annotations

import json
import re

from django.contrib.auth import get_user_model
from django.urls import get_resolver
from lxml import html as lxml_html

# A server process loads the admin's URLconf (and with it every wagtail_hooks
# module, Wagtail's forms, the snippet choosers) on its first request, in the
# default language. In the test session the first load would otherwise happen
# inside pytest-django's ``migrate``, which Django runs with translations off
# (``no_translations``): the texts Wagtail computes at import time, such as the
# image permission headings and 「选择 主题分类」, would stay English for the whole
# session although no server shows them so. Load it now, as a server does.
get_resolver().url_patterns  # noqa: B018

# Abbreviations and names that staff expect to read as they are.
ALLOWED = {
    "PDF", "URL", "ICP", "TOTP", "CSV", "XLSX", "XLS", "RSS", "HTML", "API",
    "DOC", "DOCX", "ODT", "ODS", "WPS", "OFD", "JPEG", "JPG", "PNG", "GIF",
    "WEBP", "AVIF", "SVG", "HTTP", "HTTPS", "UTC", "CST", "SSL", "TLS", "DNS",
    "IPV", "WCAG", "JSON", "UTF",
    "TXT",
    # authenticator apps the second-factor page names
    "GOOGLE", "AUTHENTICATOR", "FREEOTP",
    # keys, as printed on the keyboard (the admin's shortcut list)
    "ALT", "CTRL", "ESC", "SHIFT", "ENTER", "TAB",
}  # fmt: skip
# English that other code shows, by screen; each entry says whose it is. Delete an
# entry once its cause is gone.
KNOWN_ON_PATH = {
    # Not English prose: Wagtail's page-types report names each type's model in
    # its 「应用」 column (content.articlepage), a technical token like a file name.
    "/admin/reports/page-types-usage/": re.compile(r"\b[a-z_]+\.[a-z_]+\b"),
}
# What looks like a word but is data or an address, not text of the interface.
NOT_WORDS = re.compile(
    r"""
      [a-z][a-z0-9+.-]*://\S*                     # URLs
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                 # e-mail addresses
    | (?<![\w/])/[\w./%?=&#:~-]*                   # paths: /admin/pages/3/
    | [\w-]+(?:\.[\w-]+)*\.(?:localhost|invalid|example|test|com|cn|net|org|gov\.cn)\b
    | [\w()（）-]+\.[A-Za-z0-9]{2,5}\b              # file names: 通知.pdf, logo.png
    | \b[A-Z2-7]{16,}\b                              # a TOTP secret key
    | %\(\w+\)[sd] | \{\w*\}                        # placeholders (an untranslated one shows)
    """,
    re.VERBOSE | re.IGNORECASE,
)
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
DROPPED = ("script", "style", "template", "svg", "noscript", "textarea")
# What editors wrote (a document's body may name eBeijing; the rich-text editor
# holding it): content, not interface; and what is marked as English on purpose (a
# site's 英文版 page, lang="en").
CONTENT = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' rich-text ')]"
    " | //*[@contenteditable='true'] | //*[@lang='en']"
)


def visible_text(page: str) -> list[str]:
    """The texts a person reads on a page: element text and the attributes shown."""
    tree = lxml_html.document_fromstring(page)
    texts = [_menu_labels(tree)]
    hidden = tree.xpath(
        "//*[@hidden] | //input[@type='hidden']"
        " | //*[contains(translate(@style, ' ', ''), 'display:none')] | " + CONTENT
    )
    for element in [*tree.iter(DROPPED), *hidden]:
        if element.getparent() is not None:
            element.drop_tree()
    texts.append(" ".join(tree.itertext()))
    for attribute in (
        "title",
        "placeholder",
        "aria-label",
        "alt",
        "data-w-tooltip-content-value",
    ):
        texts += tree.xpath(f"//@{attribute}")
    texts += tree.xpath("//input[@type='submit' or @type='button']/@value")
    return [str(text) for text in texts]


def menu_values(tree, keys: tuple[str, ...]) -> list[str]:
    """Values of the sidebar's menu, which the admin's script draws from JSON."""
    values: list[str] = []

    def collect(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in keys and isinstance(item, str):
                    values.append(item)
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for script in tree.xpath("//script[@id='wagtail-sidebar-props']"):
        collect(json.loads(script.text))
    return values


def _menu_labels(tree) -> str:
    return "\n".join(menu_values(tree, ("label", "title")))


def english_words(page: str, known: set[str], path: str = "") -> set[str]:
    """The English words on ``page`` that are not in ``known`` (the data's words)."""
    words = set()
    shown_here = KNOWN_ON_PATH.get(path)
    for text in visible_text(page):
        text = shown_here.sub(" ", text) if shown_here else text
        for word in LATIN_WORD.findall(NOT_WORDS.sub(" ", text)):
            if word.upper() not in ALLOWED and word.lower() not in known:
                words.add(word)
    return words


def data_words() -> set[str]:
    """Words that are the demo's data: login names, page addresses, host names,
    and the titles of the sites' English pages (英文版: content in English)."""
    from wagtail.models import Page, Site

    from jiyue.linkage.models import EnglishPage

    words = set()
    for value in (
        *get_user_model().objects.values_list("username", flat=True),
        *Page.objects.values_list("slug", flat=True),
        *Site.objects.values_list("hostname", flat=True),
        *EnglishPage.objects.values_list("title", flat=True),
    ):
        words.update(word.lower() for word in re.findall(r"[A-Za-z]+", value))
    return words
