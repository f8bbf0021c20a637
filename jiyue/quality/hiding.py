"""How markup hides an element: inline styles, <style> rules, attributes, marquees."""

from __future__ import annotations

import re
from collections.abc import Mapping

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Techniques with no honest use for a link to another site (strong) and those that
# real pages use every day for menus, share panels and overlays (weak).
STRONG = frozenset(
    {
        "off_screen",
        "text_indent",
        "zero_font",
        "zero_size",
        "tiny_marquee",
        "hidden_iframe",
        "encoded_script",
    }
)
WEAK = frozenset(
    {
        "display_none",
        "visibility_hidden",
        "opacity_zero",
        "hidden_attr",
        "comment",
        "noscript",
        "script_write",
    }
)
TECHNIQUE_NAMES = {
    "off_screen": "移出屏幕外定位",
    "text_indent": "负缩进移出可视区",
    "zero_font": "字号为零",
    "zero_size": "宽高为零并隐藏溢出",
    "tiny_marquee": "极小或极快的滚动字幕（marquee）",
    "hidden_iframe": "隐藏或零尺寸的内嵌框架（iframe）",
    "encoded_script": "脚本写入的编码字符串",
    "display_none": "display:none",
    "visibility_hidden": "visibility:hidden",
    "opacity_zero": "透明度为零",
    "hidden_attr": "hidden 属性",
    "comment": "HTML 注释",
    "noscript": "noscript 元素",
    "script_write": "脚本写入",
}
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_NUMBER = re.compile(r"^(-?\d*\.?\d+)(px|pt|em|rem|%)?")
FAR = -500  # px beyond which an element is off-screen


def declarations(style: str) -> dict[str, str]:
    decls = {}
    for part in style.split(";"):
        prop, sep, value = part.partition(":")
        if sep:
            value = value.replace("!important", "").strip().lower()
            decls[prop.strip().lower()] = value
    return decls


def _number(value: str) -> float | None:
    match = _NUMBER.match(value.strip())
    return float(match.group(1)) if match else None


def _is_zero(value: str | None) -> bool:
    return value is not None and _number(value) == 0


def _tiny(value: str | None) -> bool:
    number = _number(value) if value else None
    return number is not None and number <= 1 and not value.endswith("%")


def style_techniques(style: str) -> set[str]:
    d = declarations(style)
    found = set()
    if d.get("display") == "none":
        found.add("display_none")
    if d.get("visibility") in ("hidden", "collapse"):
        found.add("visibility_hidden")
    if _is_zero(d.get("opacity")):
        found.add("opacity_zero")
    if _is_zero(d.get("font-size")):
        found.add("zero_font")
    if _far(d, ("left", "top", "right", "margin-left", "margin-top")):
        found.add("off_screen")
    if _far(d, ("text-indent",)):
        found.add("text_indent")
    if d.get("overflow") == "hidden" and (
        _tiny(d.get("height")) or _tiny(d.get("width"))
    ):
        found.add("zero_size")
    return found


def _far(d: dict[str, str], props: tuple[str, ...]) -> bool:
    numbers = (_number(d[p]) for p in props if p in d)
    return any(n is not None and n <= FAR for n in numbers)


def stylesheet_techniques(tree: LexborHTMLParser) -> dict[int, set[str]]:
    """Elements hidden by rules in the page's <style> elements, by ``mem_id``."""
    hidden: dict[int, set[str]] = {}
    for style in tree.css("style"):
        for selector, techniques in _hiding_rules(style.text()):
            for node in _select(tree, selector):
                hidden.setdefault(node.mem_id, set()).update(techniques)
    return hidden


def hiding_rules(css: str) -> list[tuple[str, frozenset[str]]]:
    """The rules of a stylesheet file that hide elements by class or id (the only
    ones applied from separate files: element-wide rules there style whole sites)."""
    return [
        (selector, frozenset(techniques))
        for selector, techniques in _hiding_rules(css)
        if "." in selector or "#" in selector
    ]


def apply_rules(
    tree: LexborHTMLParser,
    rules: list[tuple[str, frozenset[str]]],
    hidden: dict[int, set[str]],
    origins: dict[int, str],
    source: str,
) -> None:
    """Adds what ``rules`` (from the file at ``source``) hide in ``tree``."""
    for selector, techniques in rules:
        for node in _select(tree, selector):
            hidden.setdefault(node.mem_id, set()).update(techniques)
            origins.setdefault(node.mem_id, f"{source} {selector}")


def _hiding_rules(css: str):
    for selectors, body in _RULE.findall(_COMMENT.sub("", css)):
        techniques = style_techniques(body)
        if not techniques:
            continue
        for selector in selectors.split(","):
            selector = selector.strip()
            # A state (:hover) or at-rule cannot be judged statically.
            if selector and ":" not in selector and not selector.startswith("@"):
                yield selector, techniques


def _select(tree: LexborHTMLParser, selector: str) -> list[LexborNode]:
    try:
        return list(tree.css(selector))
    except (ValueError, TypeError):  # selector lexbor cannot compile
        return []


def attribute_techniques(tag: str, attrs: Mapping[str, str | None]) -> set[str]:
    """Techniques that hide one element by its own tag and attributes (inline
    style, ``hidden``, a tiny marquee), whatever parsed it (selectolax or lxml)."""
    found = style_techniques(attrs.get("style") or "")
    if "hidden" in attrs:
        found.add("hidden_attr")
    if tag == "noscript":
        found.add("noscript")
    if tag == "marquee" and _tiny_marquee(attrs):
        found.add("tiny_marquee")
    return found


def tiny_frame(attrs: Mapping[str, str | None]) -> bool:
    """An iframe 0 or 1 pixel wide or high."""
    return any(_number(attrs.get(n) or "x") in (0, 1) for n in ("width", "height"))


def element_techniques(node: LexborNode, sheet: dict[int, set[str]]) -> set[str]:
    """Techniques that hide this one element (not its ancestors)."""
    found = attribute_techniques(node.tag or "", node.attributes)
    found |= sheet.get(node.mem_id, set())
    return found


def _tiny_marquee(attrs: Mapping[str, str | None]) -> bool:
    def size(name: str) -> float | None:
        return _number(attrs.get(name) or "")

    height, width, amount = size("height"), size("width"), size("scrollamount")
    small = any(v is not None and v <= 10 for v in (height, width))
    return small or (amount is not None and amount >= 500)


def iframe_hidden(node: LexborNode, sheet: dict[int, set[str]]) -> bool:
    return tiny_frame(node.attributes) or bool(element_techniques(node, sheet))


def hiding(node: LexborNode, sheet: dict[int, set[str]]) -> set[str]:
    """Every technique hiding ``node`` or one of its ancestors."""
    found: set[str] = set()
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html", "-document"):
        found |= element_techniques(current, sheet)
        current = current.parent
    return found
