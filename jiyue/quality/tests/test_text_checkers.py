"""Each text checker: what it must find, and what it must leave alone."""

import pytest

from jiyue.quality import check_text

CLEAN_SENTENCES = [
    "加强干部队伍建设，提高干部的政策水平和业务能力。",
    "严格农药市场监管，开展农药残留专项检测。",
    "坚持和发展中国特色社会主义，推进国家治理体系和治理能力现代化。",
    "市教育局发布成人高考报名通知，成人教育学历继续教育同步推进。",
    "依法严厉打击卖淫嫖娼、聚众赌博等违法犯罪活动。",
    "开展禁毒宣传进校园活动，引导青少年远离毒品。",
    "《中华人民共和国刑法》规定了赌博罪、贩卖毒品罪。",
    "证券监管部门加强对上市公司的监督。",
    "办理签证、公证、证件补办等业务请到政务服务中心。",
    "本市与日本友好城市开展经贸交流。",
    "统一但不划一，标准统一但执行有弹性。",
    "相关健康服务项目已纳入医保。",
    "重复盖章的材料不予受理。",
    "着力构建全市统一的政务服务平台。",
    "自我日益完善，看成人的标准要全面。",
    "请在截至目前已受理的事项中查询办理进度。",
    "登录系统后即可在线申报。",
    "国办发〔2014〕57号文件对政府网站信息内容建设提出要求。",
    "联系电话：0915-3212345，传真：010-66012345。",
    "统一社会信用代码：91610900MA70123456。",
    "索引号：000014349/2014-00123，发布日期：2014年12月1日。",
    "截至2023年底，全市共有烟草专卖零售许可证12345个。",
    "养殖肉牛、肉羊5000头（只），销售收入增长12%。",
    "本项目总投资1234567890123456元。",
]


@pytest.mark.parametrize("sentence", CLEAN_SENTENCES)
def test_clean_official_sentences_give_no_finding(sentence):
    assert check_text(sentence) == []


def test_corpus_documents_have_no_blocking_finding(corpus):
    for name, text in corpus.items():
        blocking = [f.as_dict() for f in check_text(text, url=name) if f.blocks]
        assert blocking == [], name


def _types(text, **kw):
    return [(f.type, f.evidence, f.severity) for f in check_text(text, **kw)]


class TestSensitiveWord:
    def test_porn_spam_is_a_veto(self):
        findings = check_text(
            "免费观看成人小电影，点击进入", checkers=["sensitive_word"]
        )
        assert [(f.evidence, f.severity) for f in findings] == [("成人小电影", "veto")]
        assert findings[0].extra["category"] == "涉黄"
        assert "涉黄" in findings[0].message

    def test_gambling(self):
        findings = check_text("网上赌场开户就送彩金", checkers=["sensitive_word"])
        assert findings[0].extra["category"] == "涉赌"

    def test_short_word_kept_outside_crackdown_context(self):
        findings = check_text("他在网上卖淫", checkers=["sensitive_word"])
        assert [f.evidence for f in findings] == ["卖淫"]

    def test_crackdown_context_silences(self):
        assert check_text("严厉打击卖淫嫖娼", checkers=["sensitive_word"]) == []

    def test_fullwidth_and_case_folded(self):
        findings = check_text(
            "访问０００.ＢＢＥＸＥ.cn领取", checkers=["sensitive_word"]
        )
        assert [f.evidence for f in findings] == ["０００.ＢＢＥＸＥ.cn"]

    def test_illegal_domain_needs_domain_boundaries(self):
        assert (
            check_text("访问x000.bbexe.cn.example", checkers=["sensitive_word"]) == []
        )

    def test_position_is_one_based(self):
        findings = check_text("第一行\n他在网上卖淫", checkers=["sensitive_word"])
        assert findings[0].position.line == 2
        assert findings[0].position.column == 5


class TestWrongExpression:
    @pytest.mark.parametrize(
        ("text", "evidence"),
        [
            ("国办发[2014]57号", "[2014]57号"),
            ("国办发【2014】57号", "【2014】57号"),
            ("国办发(2014)57号", "(2014)57号"),
            ("国办发（2014）57号", "（2014）57号"),
            ("京政办发〔2015〕第7号", "〔2015〕第7号"),
            ("京政办发〔2015〕07号", "〔2015〕07号"),
        ],
    )
    def test_wrong_document_number_brackets(self, text, evidence):
        findings = check_text(text, checkers=["wrong_expression"])
        assert [f.evidence for f in findings] == [evidence]
        assert "〔" in findings[0].extra["suggestion"]

    def test_right_document_number(self):
        assert check_text("国办发〔2014〕57号", checkers=["wrong_expression"]) == []

    def test_fixed_expression(self):
        findings = check_text(
            "深入学习习近平新时代中国特色主义思想", checkers=["wrong_expression"]
        )
        assert findings[0].evidence == "习近平新时代中国特色主义思想"
        assert findings[0].severity == "error"
        assert "习近平新时代中国特色社会主义思想" in findings[0].message

    def test_short_expression_needs_word_boundary(self):
        assert check_text("群众不满清理进度", checkers=["wrong_expression"]) == []
        assert [
            f.evidence
            for f in check_text("“一带一路战略”", checkers=["wrong_expression"])
        ] == ["一带一路战略"]

    def test_leaders_file_is_empty_by_default(self):
        assert check_text("张三副市长出席会议", checkers=["wrong_expression"]) == []


class TestTypo:
    @pytest.mark.parametrize(
        ("text", "wrong", "right"),
        [
            ("下达拔款500万元", "拔款", "拨款"),
            ("关健在于落实", "关健", "关键"),
            ("请登陆系统后办理", "登陆系统", "登录系统"),
            ("实现全域复盖", "复盖", "覆盖"),
            ("一但发现问题立即整改", "一但", "一旦"),
            ("了解清况后答复", "清况", "情况"),
            ("该产品倍受青睐", "倍受青睐", "备受青睐"),
            ("截止目前共受理100件", "截止目前", "截至目前"),
            ("携带户口薄原件", "户口薄", "户口簿"),
            ("工作如火如茶开展", "如火如茶", "如火如荼"),
        ],
    )
    def test_known_typos(self, text, wrong, right):
        findings = check_text(text, checkers=["typo"])
        assert [(f.evidence, f.extra["suggestion"]) for f in findings] == [
            (wrong, right)
        ]

    @pytest.mark.parametrize(
        "text",
        [
            "相关健康服务",
            "标准统一但执行灵活",
            "重复盖章",
            "构建全市平台",
            "破坏境外设施",
        ],
    )
    def test_wrong_form_across_word_boundary_is_not_a_typo(self, text):
        assert check_text(text, checkers=["typo"]) == []


class TestPrivacyLeak:
    def test_valid_id_number_is_masked(self):
        findings = check_text("身份证号11010519491231002X。", checkers=["privacy_leak"])
        assert len(findings) == 1
        f = findings[0]
        assert f.severity == "error"
        assert f.evidence == "110************02X"
        assert "11010519491231002X" not in f.message
        assert "1949" not in f.message + f.evidence

    def test_wrong_checksum_is_not_an_id(self):
        assert check_text("编号110105194912310021", checkers=["privacy_leak"]) == []

    def test_mobile_number(self):
        findings = check_text("联系人：王先生，13812345678", checkers=["privacy_leak"])
        assert [f.evidence for f in findings] == ["138****5678"]
        assert "13812345678" not in findings[0].message

    def test_mobile_with_separators(self):
        findings = check_text("手机 138-1234-5678", checkers=["privacy_leak"])
        assert [f.evidence for f in findings] == ["138-****-5678"]

    @pytest.mark.parametrize(
        "text",
        [
            "编号213812345678901",
            "订单12345678901",
            "电话 010-12345678",
            "金额13812345678.5元",
        ],
    )
    def test_not_mobile(self, text):
        assert check_text(text, checkers=["privacy_leak"]) == []

    def test_bank_card_luhn_and_bin(self):
        findings = check_text("卡号6222021234567890128", checkers=["privacy_leak"])
        assert [f.evidence for f in findings] == ["6222***********0128"]

    def test_bank_card_with_bad_luhn_is_ignored(self):
        assert check_text("卡号6222021234567890123", checkers=["privacy_leak"]) == []

    def test_bank_card_unknown_prefix_is_ignored(self):
        assert check_text("编号9222021234567890120", checkers=["privacy_leak"]) == []

    def test_id_is_not_also_reported_as_card(self):
        findings = check_text(
            "43010519491231001X 与 430105194912310018", checkers=["privacy_leak"]
        )
        kinds = [f.extra["kind"] for f in findings]
        assert "bank_card" not in kinds


class TestGarbled:
    @pytest.mark.parametrize("marker", ["锟斤拷", "烫烫烫", "屯屯屯", "\ufffd"])
    def test_mojibake_markers(self, marker):
        findings = check_text(f"正文{marker}结束", checkers=["garbled_text"])
        assert findings[0].severity == "error"
        assert findings[0].evidence == marker

    def test_utf8_read_as_gbk(self):
        garbled = "政府信息公开工作年度报告".encode().decode("gbk", errors="ignore")
        findings = check_text(garbled, checkers=["garbled_text"])
        assert any(f.severity == "error" for f in findings)

    def test_utf8_read_as_latin1(self):
        garbled = "新闻中心".encode().decode("cp1252", errors="ignore")
        findings = check_text(f"栏目：{garbled}", checkers=["garbled_text"])
        assert findings and findings[0].severity == "error"

    @pytest.mark.parametrize(
        "leftover", ["@@", "{{", "&amp;nbsp;", "<p>", "&ldquo;", "${title}"]
    )
    def test_leftover_markup(self, leftover):
        findings = check_text(f"通知正文{leftover}内容", checkers=["garbled_text"])
        assert [(f.evidence, f.severity) for f in findings][:1] == [
            (leftover, "warning")
        ]

    def test_clean_text(self, corpus):
        for text in corpus.values():
            assert check_text(text, checkers=["garbled_text"]) == []
