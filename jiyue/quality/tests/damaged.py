"""Damaged official documents made from the corpus, as they really occur
(issue 20): residue of a tokenizer throughout, and a content farm's spun copy
of a real notice (a company's name where 部门 stood, SEO keywords in the title,
duplicated sentences, the 文号's issuer abbreviation changed)."""

from __future__ import annotations

import re

import rjieba

from .conftest import CORPUS

COMPANY = "某某网"
SEO_TITLE = " 网站建设 网站优化 b2b 网站 建设"
NUMBER, SPUN_NUMBER = "国办发〔2014〕57号", "国力发〔2014〕57号"


def notice() -> str:
    """The State Council's notice of 2014 as a page shows it (no metadata header)."""
    text = (CORPUS / "guobanfa-2014-57.md").read_text(encoding="utf-8")
    return text.split("---", 2)[2].strip() + "\n"


def with_residue(text: str, marker: str = "@@") -> str:
    """A BPE tokenizer's ``@@`` left between words, line by line."""
    lines = []
    for line in text.split("\n"):
        words = rjieba.cut(line)
        lines.append(f"{marker} ".join(words) if len(words) > 3 else line)
    return "\n".join(lines)


def spun(text: str) -> str:
    """What the content farm made of ``text``."""
    text = text.replace("各地区、各部门", f"各地区、{COMPANY}")
    text = text.replace("各级政府及其部门", f"各级政府及其{COMPANY}")
    text = text.replace(NUMBER, SPUN_NUMBER, 1)
    title_end = text.index("的意见") + len("的意见")
    text = text[:title_end] + SEO_TITLE + "\n" + text[title_end:]
    sentences = [
        s
        for s in re.findall(r"[^。\n]{20,80}。", text)
        if "某某网" not in s and not s.startswith(("（", "一", "二"))
    ][2:5]
    for sentence in sentences:
        text = text.replace(sentence, sentence + sentence, 1)
    return text


def as_page(text: str, title: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>\n" for line in text.split("\n") if line)
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1>\n{paragraphs}"
        "</body></html>"
    )
