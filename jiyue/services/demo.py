"""The demo's service sections (idempotent: loading again changes nothing).

Each demo site gets a 办事服务 entry with items of the sample catalogue (its own
region's), imported as the province's catalogue would be. On the Guiyang portal,
生育登记's form is downloadable as a real DOCX with a PDF sample; 收养登记 lacks two
key elements (an old record) and 出生医学证明首次签发 points to an online system
that is gone, so that the completeness list, the monitor and the verdict show
something. The 大数据局 site offers the portal's 企业设立登记 by reference.
"""

from __future__ import annotations

import io
import zipfile

from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Site

from .catalogue_sample import LEVELS, items
from .defaults import ensure_defaults
from .importer import import_rows, item_row, service_index
from .models import ServiceGuidePage, ServiceMaterial

DEMO_LEVELS = {
    "www": LEVELS[0],
    "yunyan": LEVELS[1],
    "ankang": ("610900", "安康市", "安康市政务服务中心", "0915-3218"),
    "beijing": ("110000", "北京市", "北京市政务服务中心", "010-8916"),
}
PER_SITE = {"www": 51, "yunyan": 20, "ankang": 12, "beijing": 12}
DEAD_SYSTEM = "/zwfw/csyxzm/"  # a path on the portal itself that answers 404


def _docx(paragraphs: list[str]) -> bytes:
    """A minimal, valid Word document (WordprocessingML) with ``paragraphs``."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _pdf(lines: list[str]) -> bytes:
    """A minimal, valid one-page PDF (ASCII text: the sample's field names)."""
    text = " ".join(f"({line}) Tj 0 -18 Td" for line in lines)
    stream = f"BT /F1 12 Tf 72 760 Td {text} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
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


def _document(title: str, filename: str, data: bytes, site: Site) -> Document:
    from jiyue.editorial.services import site_collection

    found = Document.objects.filter(title=title).first()
    if found:
        return found
    document = Document(title=title, collection=site_collection(site))
    document.file.save(filename, ContentFile(data), save=False)
    document.save()
    return document


def _attach_forms(site: Site) -> None:
    guide = ServiceGuidePage.objects.filter(item_code="520100-20-0001").first()
    if guide is None:
        return
    material = ServiceMaterial.objects.filter(page=guide, name="生育登记申请表").first()
    if material is None or material.blank_form_id:
        return
    material.blank_form = _document(
        "生育登记申请表（空白表格）",
        "shengyu-dengji-shenqingbiao.docx",
        _docx(
            [
                "生育登记申请表",
                "男方姓名：",
                "女方姓名：",
                "现有子女数：",
                "申请人签字：",
            ]
        ),
        site,
    )
    material.sample = _document(
        "生育登记申请表（示范文本）",
        "shengyu-dengji-shili.pdf",
        _pdf(["Shengyu dengji shenqingbiao - sample", "Name: Zhang San", "Signature"]),
        site,
    )
    material.needs_form = True
    material.instructions = "用黑色签字笔填写，夫妻双方签字。"
    material.save()
    revision = guide.save_revision()
    revision.publish()


def _flaws(site: Site) -> None:
    """One incomplete guide, one whose online system is gone (portal)."""
    incomplete = ServiceGuidePage.objects.filter(item_code="520100-07-0003").first()
    if incomplete is not None and incomplete.legal_basis:
        incomplete.legal_basis = ""
        incomplete.consult_phone = ""
        incomplete.save_revision().publish()
    dead = ServiceGuidePage.objects.filter(item_code="520100-07-0002").first()
    target = site.root_url.rstrip("/") + DEAD_SYSTEM
    if dead is not None and dead.online_url != target:
        dead.online_url = target
        dead.save_revision().publish()


def _offer_by_reference() -> None:
    guide = ServiceGuidePage.objects.filter(item_code="520100-01-0024").first()
    dsj = (
        Site.objects.filter(hostname="dsj.localhost").select_related("profile").first()
    )
    if guide is None or dsj is None or guide.offered_on.filter(site=dsj).exists():
        return
    guide.offered_on.add(dsj.profile)
    guide.save_revision().publish()


def load_demo_services() -> int:
    """Imports each demo site's items; returns how many guides were created."""
    ensure_defaults()
    created = 0
    for host, level in DEMO_LEVELS.items():
        site = Site.objects.filter(hostname=f"{host}.localhost").first()
        if site is None:
            continue
        chosen = items(levels=(level,))[: PER_SITE[host]]
        rows = [(n, item_row(item)) for n, item in enumerate(chosen, start=1)]
        report = import_rows(rows, site=site, publish=True)
        created += len(report.created)
    dsj = Site.objects.filter(hostname="dsj.localhost").first()
    if dsj is not None:
        service_index(dsj)
    portal = Site.objects.filter(hostname="www.localhost").first()
    if portal is not None:
        _attach_forms(portal)
        _flaws(portal)
    _offer_by_reference()
    return created
