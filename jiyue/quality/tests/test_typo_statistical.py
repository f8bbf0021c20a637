"""The statistical typo method: same-sound substitutions that turn a non-word
into a frequent word, precision first (docs/decisions/0409-statistical-typos.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiyue.quality import check_text, registry

STAT = ["typo_statistical"]


def test_the_four_corpus_documents_give_no_finding(corpus):
    for name, text in corpus.items():
        assert check_text(text, url=name, checkers=STAT) == [], name


@pytest.mark.parametrize(
    ("sentence", "wrong", "right"),
    [
        ("请各单位认真做好迎检布署工作。", "布署", "部署"),
        ("发扬坚苦奋斗的优良作风。", "坚苦", "艰苦"),
        ("各部门要认真洛实整改责任。", "洛实", "落实"),
        ("完善便民服务措失。", "措失", "措施"),
        # another tone, same syllable: a pinyin input method's slip (ADR 0426)
        ("要不断提搞工作效率。", "提搞", "提高"),
        ("进一步加强信息公开工作的组只领导。", "组只", "组织"),
        # a content character that often stands alone, on stronger odds (ADR 0427)
        ("认真维护人敏群众的切身利益。", "人敏", "人民"),
        ("不断丰富网站新息内容。", "新息", "信息"),
        ("加强对网站内融的审核。", "内融", "内容"),
    ],
)
def test_a_broken_word_is_a_warning_with_its_correction(sentence, wrong, right):
    (finding,) = check_text(sentence, checkers=STAT)
    assert finding.type == "typo" and finding.severity == "warning"
    assert finding.evidence == wrong and finding.extra["suggestion"] == right
    assert sentence.index(wrong) + 1 == finding.position.column
    assert f"“{wrong}”可能应为“{right}”" in finding.message


@pytest.mark.parametrize(
    "sentence",
    [
        "政府网站要同步发声，回应社会关切。",  # 发声 is a word (not 发生)
        "通过政务微信发布权威信息。",  # 微信: on the allow-list, not in jieba's dictionary
        "回应民声，改善民生。",
        "市管企业要带头落实。",
        "开设政务微博，推进两微一端建设。",  # allow-list: 微博, 两微
        "安政办发〔2015〕71号",  # 办发 of a 文号
        "张三同志任办公室主任。",
    ],
)
def test_real_words_and_names_are_left_alone(sentence):
    assert check_text(sentence, checkers=STAT) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # two frequent one-character words: 好 + 想 is likelier than a slip for 好像
        "我们好想为群众多办实事。",
        # common in jieba's document corpus though rare in its frequency list
        "群众办事不知道该去哪种窗口。",
        "工作人员把掉落的文件捡起来。",
        # a reduplicated verb
        "组织干部议一议、写一写整改措施。",
        # 著: the traditional particle 着, not a slip for 住
        "他站著说话。",
    ],
)
def test_what_context_explains_is_left_alone(sentence):
    """ADR 0427: the corrected clause must be far likelier than as written."""
    assert check_text(sentence, checkers=STAT) == []


def test_the_curated_list_keeps_its_own_findings():
    findings = check_text("关健在于落实。", checkers=["typo", "typo_statistical"])
    assert [(f.evidence, f.extra.get("method")) for f in findings] == [("关健", None)]


def test_it_runs_by_default_only_where_switched_on():
    sentence = "请各单位认真做好迎检布署工作。"
    was_on = "typo_statistical" in [c.key() for c in registry.defaults()]
    try:
        registry.enable("typo_statistical", False)
        assert [f.evidence for f in check_text(sentence)] == []
        registry.enable("typo_statistical")
        assert [f.evidence for f in check_text(sentence)] == ["布署"]
    finally:
        registry.enable("typo_statistical", was_on)


@pytest.mark.parametrize(
    ("sentence", "wrong", "right"),
    [
        # 牵头, 社交: frequent in wordfreq's list, not among jieba's frequent words
        ("由市网信办牵透。", "牵透", "牵头"),
        ("加强社脚媒体的信息分享服务。", "社脚", "社交"),
    ],
)
def test_wordfreq_offers_more_corrections(sentence, wrong, right):
    """ADR 0428: the larger frequency base finds slips jieba's alone did not."""
    (finding,) = check_text(sentence, checkers=STAT)
    assert (finding.evidence, finding.extra["suggestion"]) == (wrong, right)


@pytest.mark.parametrize(
    "sentence",
    [
        # a person's name (surname and given name), by jieba's tagger: not 立即
        "她叫黄立己，是我的老师。",
        # a transliterated name, by the same tagger: not 尼亚
        "1990年爱莎妮亚人口超过150万。",
        # wordfreq lists 诚品 as a name in its own right: not 成品
        "周末去诚品书店看书。",
        # 离 is a preposition standing alone: not 家里
        "我的家离学校很近。",
    ],
)
def test_names_and_known_words_are_left_alone(sentence):
    """ADR 0428: each of these was a false alarm before."""
    assert check_text(sentence, checkers=STAT) == []


def test_a_near_sound_slip_is_found_on_stronger_odds():
    """ADR 0429: -ng typed as -n (水品 for 水平) is a near-sound slip (模糊音)."""
    (finding,) = check_text("不断提高政务服务水品。", checkers=STAT)
    assert (finding.evidence, finding.extra["suggestion"]) == ("水品", "水平")


@pytest.mark.parametrize(
    ("sentence", "wrong", "right"),
    [
        ("展望末来，我们充满信心。", "末来", "未来"),
        ("各项工作己经全面展开。", "己经", "已经"),
    ],
)
def test_a_look_alike_slip_is_found(sentence, wrong, right):
    """ADR 0430: 形近字 from shape_similar.tsv, on stronger odds."""
    (finding,) = check_text(sentence, checkers=STAT)
    assert (finding.evidence, finding.extra["suggestion"]) == (wrong, right)


def test_the_look_alike_table_is_what_its_generator_writes():
    """The shipped table comes from lexicon_tools.shape_pairs (checked on a few
    characters: the whole table takes a minute)."""
    from jiyue.quality.lexicon_tools import FONT, shape_pairs
    from jiyue.quality.lexicons import records

    if not Path(FONT).exists():
        pytest.skip(f"字体不存在：{FONT}（make test-tools 安装 fonts-wqy-microhei）")
    shipped = {(r[0], r[1]): float(r[2]) for r in records("shape_similar.tsv")}
    chars = sorted("末未己已土士人民")  # in code point order, as the table's
    found = {(a, b): s for a, b, s in shape_pairs(chars)}
    assert found and set(found) <= set(shipped)
    assert all(abs(shipped[p] - s) < 1e-9 for p, s in found.items())
    assert ("未", "末") in found and ("人", "民") not in found
