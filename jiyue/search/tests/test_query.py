"""Reading what a citizen typed: messages for bad input, never an engine's
query syntax, 文号 whole, synonyms as alternatives."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiyue.search import lexicon
from jiyue.search.engines.base import Alternative
from jiyue.search.query import clauses, parse, repair_mojibake

pytestmark = pytest.mark.django_db


@pytest.fixture
def lex():
    return lexicon.current()


def test_empty_and_blank_input_ask_for_words(lex):
    for raw in ("", "   ", "\x00\x01", "\u200b"):
        parsed = parse(raw, lex)
        assert not parsed.ok and parsed.message == "请输入要搜索的内容。"


def test_overlong_input_is_refused_in_chinese(lex):
    parsed = parse("网站" * 60, lex)
    assert not parsed.ok
    assert parsed.message == "搜索词太长了，请不要超过 100 个字。"
    assert len(parsed.text) == 100


def test_control_characters_are_spaces(lex):
    parsed = parse("政府\x07网站\u202e", lex)
    assert parsed.ok and parsed.text == "政府 网站"
    assert [w.text for w in parsed.words] == ["政府", "网站"]


def test_utf8_read_as_gbk_is_repaired(lex):
    mojibake = "政府网站".encode().decode("gbk")
    assert repair_mojibake(mojibake) == "政府网站"
    parsed = parse(mojibake, lex)
    assert parsed.ok and parsed.text == "政府网站"
    assert "疑似乱码" in parsed.notice


def test_unrepairable_mojibake_gets_a_message(lex):
    parsed = parse("锟斤拷锟斤拷", lex)
    assert not parsed.ok and parsed.message == "搜索词中有乱码，请重新输入。"


def test_operators_are_not_syntax(lex):
    parsed = parse("政府 AND 网站 OR title:信息* NOT ~公开^2", lex)
    assert [w.text for w in parsed.words] == [
        "政府",
        "网站",
        "title",
        "信息",
        "公开",
        "2",
    ]


def test_only_punctuation_gets_a_message(lex):
    parsed = parse("*:~^()[]{}!?", lex)
    assert not parsed.ok and parsed.message == "没有可以搜索的词，请换个说法再试。"


def test_quotes_make_a_phrase_and_a_stray_quote_is_dropped(lex):
    parsed = parse('“政府网站”建设 "信息', lex)
    assert parsed.phrases == ["政府网站"]
    assert [w.text for w in parsed.words] == ["建设", "信息"]


def test_a_doc_number_with_wrong_brackets_is_one_exact_clause(lex):
    parsed = parse("国办发[2014]57号", lex)
    (clause,) = clauses(parsed, lex, None)
    assert clause.exact == "国办发〔2014〕57号"
    assert clause.alternatives == (Alternative.term("国办发〔2014〕57号"),)


def test_a_word_brings_its_synonyms(lex):
    (clause,) = clauses(parse("医保", lex), lex, None)
    forms = {" ".join(w for _o, w in a.words) for a in clause.alternatives}
    assert {"医保", "医疗保障", "医疗保险"} <= forms


def test_letters_only_may_be_pinyin(lex):
    assert parse("sb", lex).letters_only == "sb"
    assert parse("She Bao", lex).letters_only == "shebao"
    assert parse("国办发 sb", lex).letters_only == ""


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=150))
def test_any_input_parses_to_words_or_a_message(raw):
    lex = lexicon.current()
    parsed = parse(raw, lex)
    assert parsed.ok or parsed.message
    for clause in clauses(parsed, lex, None) if parsed.ok else []:
        for alternative in clause.alternatives:
            assert all(w and not w.isspace() for _o, w in alternative.words)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "AND",
                "OR",
                "NOT",
                ":",
                "*",
                "~",
                "^",
                '"',
                "“",
                "(",
                ")",
                "[",
                "]",
                "'; DROP TABLE search_querylog; --",
                "<script>alert(1)</script>",
                "' OR 1=1 --",
                "\\",
                "政府",
                "网站",
                "国办发〔2014〕57号",
                "锟斤拷",
                "鏀垮簻",
                "\x00",
                "%",
                "_",
                "{{ x }}",
                "{% if %}",
            ]
        ),
        max_size=12,
    )
)
def test_syntax_and_fragments_parse_without_error(parts):
    lex = lexicon.current()
    parsed = parse(" ".join(parts), lex)
    assert parsed.ok or parsed.message
