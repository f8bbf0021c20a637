"""Segmentation: the same words for documents and queries, 文号 and 索引号 whole,
traditional characters folded, offsets kept for phrases and highlighting."""

from jiyue.search.segment import (
    Segmenter,
    Token,
    doc_numbers,
    fold,
    fold_chars,
    fold_document,
    normalize_doc_number,
)


def words(tokens):
    return [t.text for t in tokens]


def test_a_document_gives_its_words_and_the_words_inside_them():
    tokens = Segmenter().document_tokens("中华人民共和国社会保险法")
    assert {"人民", "共和国", "中华人民共和国", "社会保险", "保险"} <= set(
        words(tokens)
    )
    positions = {t.text: t.position for t in tokens}
    assert positions["社会保险"] == 7 and positions["保险"] == 9


def test_a_query_is_cut_into_its_words():
    assert words(Segmenter().query_words(fold("政府网站的信息"))) == [
        "政府",
        "网站",
        "信息",
    ]


def test_words_of_the_word_list_stay_whole():
    plain, managed = Segmenter(), Segmenter(["一网通办"])
    assert "一网通办" not in words(plain.cut(fold("推进一网通办改革")))
    assert words(managed.cut(fold("推进一网通办改革"))) == ["推进", "一网通办", "改革"]


def test_traditional_characters_are_folded_to_simplified():
    assert fold("國務院辦公廳關於加強政府網站") == "国务院办公厅关于加强政府网站"
    # Characters of simplified text are left alone (乾坤 is not 干坤, 著名 not 着名).
    assert fold("乾坤著名") == "乾坤著名"


def test_folding_for_highlighting_keeps_the_length():
    text = "國務院ＡＢＣ（一）"
    assert len(fold_chars(text)) == len(text)
    assert fold_chars(text).startswith("国务院abc")


def test_a_doc_number_typed_with_any_brackets_is_one_token():
    for typed in ("国办发〔2014〕57号", "国办发[2014]57号", "国办发（2014）57号",
                  "国办发【2014】57号", "国办发(2014)第57号", "国办发［2014］０５７号"):  # fmt: skip
        assert normalize_doc_number(typed) == "国办发〔2014〕57号", typed
        (variants,) = doc_numbers(fold(typed), min_issuer=3)
        assert variants[0].text == "国办发〔2014〕57号", typed


def test_a_doc_number_in_running_text_is_found_among_the_endings_of_its_run():
    text = fold("根据国办发〔2014〕57号文件精神")
    (variants,) = doc_numbers(text)
    assert "国办发〔2014〕57号" in words(variants)
    tokens = Segmenter().document_tokens("根据国办发〔2014〕57号文件精神")
    assert "国办发〔2014〕57号" in words(tokens)
    assert "2014" in words(tokens)  # its parts stay searchable too


def test_an_index_number_is_one_token():
    tokens = Segmenter().document_tokens("索引号：000014349/2014-00057 发布机构")
    assert "000014349/2014-00057" in words(tokens)


def test_punctuation_and_spaces_are_not_tokens():
    assert words(Segmenter().cut(fold("“网站”！？ ，"))) == ["网站"]


def test_a_document_is_folded_by_the_table_as_fold_would():
    """``fold_document`` (one table) gives ``fold``'s text for every character
    of the BMP alone and for texts where neighbours compose (é, 한, final ς)."""
    differing = [
        chr(code)
        for code in range(0x10000)
        if not 0xD800 <= code <= 0xDFFF and fold_document(chr(code)) != fold(chr(code))
    ]
    assert differing == []
    for text in [
        "國務院ＡＢＣ（２０１４）〔2014〕",
        "cafe\u0301 關於",
        "\u1112\u1161\u11ab 한국",
        "ΟΔΟΣ ΣΑ",
        "𠀀國務院",
        "",
    ]:
        assert fold_document(text) == fold(text)


def test_document_words_are_the_document_tokens_with_their_ends():
    text = "根据国办发〔2014〕57号文件精神，索引号：000014349/2014-00057"
    segmenter = Segmenter()
    words = segmenter.document_words(text)
    assert [(w, s) for w, s, _e in words] == segmenter.document_pairs(text)
    assert [Token(w, s) for w, s in segmenter.document_pairs(text)] == (
        segmenter.document_tokens(text)
    )
    assert all(end == start + len(word) for word, start, end in words)
