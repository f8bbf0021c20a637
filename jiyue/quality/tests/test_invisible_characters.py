"""Bidi controls block, other invisible format characters (Cf) are a warning
(docs/decisions/0417-invisible-format-characters.md)."""

import unicodedata

import pytest

from jiyue.quality import check_html, check_text
from jiyue.quality.checkers.invisible import BIDI_CONTROLS


def invisible(findings):
    return [f for f in findings if "U+" in f.message]


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS))
def test_every_bidi_control_blocks(control):
    (finding,) = invisible(check_text(f"关于调整{control}收费标准的通知"))
    assert finding.type == "garbled_text"
    assert finding.severity == "error" and finding.blocks
    assert f"U+{ord(control):04X}" in finding.message
    assert "双向文本控制字符" in finding.message
    assert finding.evidence == control
    assert (finding.position.line, finding.position.column) == (1, 5)


def test_the_trojan_source_title_is_caught_in_html_too():
    html = "<p>公告</p><p>退款请联系&#x202E;0219-6325&#x202C;客服</p>"
    override, pop = invisible(check_html(html))
    assert override.blocks and pop.blocks
    assert override.evidence == "\u202e"
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in override.message
    assert (override.position.line, override.position.column) == (1, 18)


@pytest.mark.parametrize(
    "char", ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\u00ad"]
)
def test_zero_width_and_other_format_characters_are_a_warning(char):
    (finding,) = invisible(check_text(f"政务{char}公开"))
    assert unicodedata.category(char) == "Cf"
    assert finding.type == "garbled_text"
    assert finding.severity == "warning" and not finding.blocks
    assert "不可见的格式字符" in finding.message


def test_a_run_is_one_finding_and_blocks_if_it_holds_a_bidi_control():
    (finding,) = invisible(check_text("政务\u200b\u2066\u200b公开"))
    assert finding.blocks
    assert finding.evidence == "\u200b\u2066\u200b"


def test_a_byte_order_mark_blocks_nothing_and_is_ignored_in_front():
    assert invisible(check_text("\ufeff政务公开")) == []
    (finding,) = invisible(check_text("政务\ufeff公开"))
    assert finding.severity == "warning"


def test_visible_text_of_any_script_is_left_alone():
    assert invisible(check_text("政务公开 مرحبا שלום Ελληνικά — “引号”…")) == []


def test_strip_format_characters_leaves_only_what_is_seen():
    from jiyue.quality import strip_format_characters

    text = "\ufeff我要\u202e诉投\u202c反映\u200b情况\u00ad，谢谢 مرحبا"
    assert strip_format_characters(text) == "我要诉投反映情况，谢谢 مرحبا"
    assert invisible(check_text(strip_format_characters(text))) == []
