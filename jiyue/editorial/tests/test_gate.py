"""The compliance gate in the editor: blocking findings stop submission and
publication (shown masked, with field and position) unless let through with a
reason; warnings do not."""

from __future__ import annotations

import pytest
from wagtail.models import Page, PageLogEntry

from jiyue.editorial.gate import page_gate_findings

from .helpers import client_for, create_article, edit_page, messages_of

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]
ID_NUMBER = "11010519491231002X"
LEAK = f"<p>经核实，申请人身份证号{ID_NUMBER}，已办结。</p>"


def test_a_leaked_id_number_stops_submission_and_is_shown_masked(people, yaowen):
    client = client_for(people["officer"])
    response = create_article(
        client,
        yaowen.pk,
        title="办结公告",
        slug="banjie",
        body=LEAK,
        action="action-submit",
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="banjie").specific
    assert page.current_workflow_state is None  # not submitted
    assert not page.live
    assert ID_NUMBER in page.get_latest_revision_as_object().body  # the draft is kept
    shown = " ".join(messages_of(client.get(response["Location"])))
    assert "110************02X" in shown
    assert ID_NUMBER not in shown
    assert "正文第1段第12字" in shown
    assert "本次未提交、未发布" in shown


def test_the_editor_sees_the_findings_beside_the_fields(people, yaowen):
    create_article(
        client_for(people["officer"]), yaowen.pk, title="办结公告", slug="banjie2",
        body=LEAK + "<p>请登陆系统查看。</p>", action="action-submit",
    )  # fmt: skip
    page = Page.objects.get(slug="banjie2")
    editor = client_for(people["editor"])
    text = editor.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "1 个问题将阻止提交和发布，已在相应内容旁标出" in text
    assert "editorial/gate.js" in text  # places the notes beside the fields
    assert 'data-findings-url="/admin/editorial/pages/0/gate-findings/"' in text

    data = editor.get(f"/admin/editorial/pages/{page.pk}/gate-findings/").json()
    leak, typo = data["findings"]
    assert leak["field"] == "body" and leak["blocking"] and leak["badge"] == "必须处理"
    assert leak["evidence"] == "110************02X"
    assert leak["where"] == "第1段第12字"
    assert ID_NUMBER not in str(data)
    assert typo["field"] == "body" and not typo["blocking"]
    assert typo["severity"] == "warning" and typo["evidence"] == "登陆系统"
    assert data["override_url"] == f"/admin/editorial/pages/{page.pk}/gate-override/"

    officer_view = client_for(people["officer"]).get(
        f"/admin/editorial/pages/{page.pk}/gate-findings/"
    )
    assert officer_view.json()["override_url"] == ""  # cannot let it through
    other = client_for(people["other_editor"])
    assert other.get(
        f"/admin/editorial/pages/{page.pk}/gate-findings/"
    ).status_code in (
        302,
        403,
    )


def test_a_finding_let_through_is_marked_so(people, yaowen):
    create_article(client_for(people["officer"]), yaowen.pk, title="办结公告",
                   slug="banjie4", body=LEAK, action="action-submit")  # fmt: skip
    page = Page.objects.get(slug="banjie4")
    editor = client_for(people["editor"])
    editor.post(f"/admin/editorial/pages/{page.pk}/gate-override/",
                {"reason": "样例号码，经核实为公开的测试数据"})  # fmt: skip
    data = editor.get(f"/admin/editorial/pages/{page.pk}/gate-findings/").json()
    assert data["blocking"] == 0 and data["override_url"] == ""
    assert data["findings"][0]["badge"] == "已说明理由放行"


def test_an_override_with_reason_lets_the_same_findings_through(people, yaowen):
    officer = client_for(people["officer"])
    create_article(officer, yaowen.pk, title="办结公告", slug="banjie3", body=LEAK,
                   action="action-submit")  # fmt: skip
    page = Page.objects.get(slug="banjie3")
    url = f"/admin/editorial/pages/{page.pk}/gate-override/"
    from .helpers import refused

    assert refused(officer.post(url, {"reason": "信息员不能自行放行"}))
    editor = client_for(people["editor"])
    assert "110************02X" in editor.get(url).content.decode()
    assert (
        editor.post(url, {"reason": "样例号码，经核实为公开的测试数据"}).status_code
        == 302
    )
    entry = PageLogEntry.objects.get(page=page, action="jiyue.editorial.gate_override")
    assert entry.user == people["editor"]
    assert entry.data["findings"][0]["evidence"] == "110************02X"

    response = edit_page(officer, page.pk, "action-submit")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.specific.current_workflow_state is not None  # submitted now


def test_warnings_do_not_block(people, yaowen):
    body = "<p>请登陆系统查看会议材料。</p>"
    client = client_for(people["officer"])
    response = create_article(
        client,
        yaowen.pk,
        title="会议材料",
        slug="cailiao",
        body=body,
        action="action-submit",
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="cailiao").specific
    findings = page_gate_findings(page.get_latest_revision_as_object())
    assert findings and not any(f.blocks for f in findings)
    assert page.current_workflow_state is not None


def test_publish_is_stopped_by_the_gate_too(people, yaowen):
    page = Page.objects.get(url_path="/www/yaowen/news-001/")
    response = edit_page(
        client_for(people["admin"]), page.pk, "action-publish", body=LEAK
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert ID_NUMBER not in page.specific.body  # the live version is unchanged
    assert ID_NUMBER in page.specific.get_latest_revision_as_object().body


def test_policy_attachments_are_checked(demo_cluster):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from jiyue.content.models import PolicyAttachment, PolicyDocumentPage

    doc = PolicyDocumentPage.objects.get(slug="guobanfa-2014-57")
    document = Document.objects.create(
        title="附件1", file=ContentFile(b"not a pdf at all", name="fujian.pdf")
    )
    doc.attachments.add(PolicyAttachment(document=document, title="附件1"))
    findings = page_gate_findings(doc)
    attached = [f for f in findings if f.field.startswith("attachment:")]
    assert attached and attached[0].blocks
    assert "附件1" in attached[0].describe()


def test_the_gate_adds_the_statistical_typo_method(demo_cluster, settings):
    """Off by default elsewhere, on in the pre-publish gate (docs/decisions/0409)."""
    page = Page.objects.get(url_path="/www/yaowen/news-001/").specific
    page.body = "<p>请各单位认真做好迎检布署工作。</p>"
    typos = [f for f in page_gate_findings(page) if f.finding.type == "typo"]
    assert [(f.finding.evidence, f.blocks) for f in typos] == [("布署", False)]
    assert typos[0].where == "第1段第11字"
    settings.JIYUE_GATE_STATISTICAL_TYPOS = False
    assert not [f for f in page_gate_findings(page) if f.finding.type == "typo"]


def test_a_right_to_left_override_stops_publication(people, yaowen):
    """A title that shows another text than it holds (U+202E) is not published."""
    page = Page.objects.get(url_path="/www/yaowen/news-001/")
    live_title = page.title
    response = edit_page(
        client_for(people["admin"]),
        page.pk,
        "action-publish",
        title="关于调整\u202e价标费收\u202c的通知",
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == live_title  # the live version is unchanged
    draft = page.specific.get_latest_revision_as_object()
    (finding,) = [f for f in page_gate_findings(draft) if "U+202E" in f.describe()]
    assert finding.field == "title" and finding.blocks
