"""check_bytes / check_file: detection by content, extraction, and files that
cannot be read (encrypted, corrupt, too large, mislabelled) as findings."""

import io
import zipfile

import docx
import openpyxl
import pytest
from pypdf import PdfReader, PdfWriter

from jiyue.quality import check_bytes, check_file
from jiyue.quality.extract import sniff


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` (ASCII) in Helvetica, written by hand."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def encrypted_pdf(text: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minimal_pdf(text))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _problems(findings):
    return [
        (f.type, f.severity, f.extra.get("problem"))
        for f in findings
        if f.extra.get("problem")
    ]


def test_pdf_text_is_checked():
    findings = check_bytes(minimal_pdf("Tel 13812345678 @@"), "a.pdf")
    assert [(f.type, f.evidence) for f in findings] == [
        ("privacy_leak", "138****5678"),
        ("garbled_text", "@@"),
    ]


def test_encrypted_pdf_is_an_error_finding():
    findings = check_bytes(encrypted_pdf("Tel 13812345678"), "secret.pdf")
    assert _problems(findings) == [("garbled_text", "error", "encrypted")]
    assert "加密" in findings[0].message


def test_corrupt_pdf():
    data = minimal_pdf("hello")[:60]
    findings = check_bytes(data, "broken.pdf")
    assert [f.severity for f in findings] and all(
        f.severity == "error" for f in findings
    )
    assert "PDF" in findings[0].message or "损坏" in findings[0].message


def test_pdf_without_text_layer():
    findings = check_bytes(minimal_pdf(""), "scan.pdf")
    assert [(f.type, f.severity) for f in findings] == [("accessibility", "warning")]


def test_docx_paragraphs_and_tables():
    data = make_docx(
        "关健在于落实。",
        "国办发[2014]57号",
        table=[["姓名", "身份证号"], ["张三", "11010519491231002X"]],
    )
    findings = check_bytes(data, "通知.docx")
    got = {(f.type, f.evidence) for f in findings}
    assert got == {
        ("typo", "关健"),
        ("wrong_expression", "[2014]57号"),
        ("privacy_leak", "110************02X"),
    }
    typo = next(f for f in findings if f.type == "typo")
    assert (typo.position.line, typo.position.column) == (1, 1)


def test_xlsx_cells():
    data = make_xlsx([["姓名", "手机"], ["李四", 13812345678], ["王五", "锟斤拷"]])
    findings = check_bytes(data, "名单.xlsx")
    assert {(f.type, f.evidence) for f in findings} == {
        ("privacy_leak", "138****5678"),
        ("garbled_text", "锟斤拷"),
    }


def test_corrupt_docx():
    data = make_docx("正文")
    broken = data[:200] + b"\x00" * 100 + data[300:]
    findings = check_bytes(broken, "坏.docx")
    assert findings and all(f.severity == "error" for f in findings)
    assert findings[-1].extra["problem"] == "corrupt"


def test_encrypted_office_file():
    # Encrypted DOCX/XLSX are OLE compound files holding an "EncryptedPackage" stream.
    data = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\x00" * 504
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 64
    )
    findings = check_bytes(data, "加密.docx")
    assert ("garbled_text", "error", "encrypted") in _problems(findings)


def test_legacy_doc_is_unsupported():
    data = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600
    findings = check_bytes(data, "旧.doc")
    assert _problems(findings) == [("garbled_text", "error", "unsupported")]


def test_mislabelled_file_is_reported_and_still_checked():
    findings = check_bytes(make_docx("关健在于落实。"), "其实是word.pdf")
    assert _problems(findings) == [("garbled_text", "error", "mislabelled")]
    assert "Word" in findings[0].message
    assert [f.evidence for f in findings if f.type == "typo"] == ["关健"]


def test_html_detected_by_content_in_txt_file():
    findings = check_bytes(b'<html><body><img src="a.png"></body></html>', "page.txt")
    assert [f.type for f in findings] == ["accessibility"]


def test_gb18030_text():
    findings = check_bytes("关健在于落实".encode("gb18030"), "gbk.txt")
    assert [f.evidence for f in findings] == ["关健"]


def test_binary_is_unsupported():
    findings = check_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image.txt")
    assert ("garbled_text", "error", "unsupported") in _problems(findings)
    assert ("garbled_text", "error", "mislabelled") in _problems(findings)


def test_undecodable_text():
    findings = check_bytes(b"\xff\xfe\xfd" * 10 + b"\x81", "x.txt")
    assert all(f.severity == "error" for f in findings) and findings


def test_too_large_by_limit():
    findings = check_bytes(b"a" * 2000, "big.txt", limit=1000)
    assert _problems(findings) == [("garbled_text", "error", "too_large")]


def test_too_large_by_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("JIYUE_QUALITY_MAX_BYTES", "100")
    path = tmp_path / "big.txt"
    path.write_text("正文" * 100, encoding="utf-8")
    assert _problems(check_file(path)) == [("garbled_text", "error", "too_large")]


def test_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"0" * 5_000_000)
    findings = check_bytes(out.getvalue(), "bomb.docx", limit=100_000)
    assert ("garbled_text", "error", "too_large") in _problems(findings)


def test_sniff():
    assert sniff(minimal_pdf("x")) == "pdf"
    assert sniff(make_docx("x")) == "docx"
    assert sniff(make_xlsx([["x"]])) == "xlsx"
    assert sniff(b"  <!DOCTYPE html><p>x") == "html"
    assert sniff("# 标题\n正文".encode()) == "text"


def test_check_file_reads_markdown(corpus, tmp_path):
    name, text = next(iter(corpus.items()))
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert [f for f in check_file(path) if f.blocks] == []


def test_check_file_missing_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        check_file(tmp_path / "nope.txt")
