"""Text out of uploaded documents: PDF (pypdf), DOCX (python-docx), XLSX
(openpyxl), plain text in UTF-8/UTF-16/GB18030. The kind is told by content
(magic bytes), never by the file name."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from .i18n import _

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
    b"MZ",
    b"\x7fELF",
)
_HTML_START = re.compile(
    r"\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<!--|<div|<p[\s>]|<table|<title)",
    re.I,
)
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


class FileProblem(Exception):  # noqa: N818 - a problem with the file, not a bug
    """The file cannot be checked; ``kind`` is one of encrypted, corrupt,
    too_large, unsupported, undecodable."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def sniff(data: bytes) -> str:
    """pdf, docx, xlsx, zip, ole, html, text or binary."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.startswith(_BINARY_MAGIC):
        return "binary"
    text = decode_text(data, strict=False)
    if text is None:
        return "binary"
    return "html" if _HTML_START.match(text[:2048]) else "text"


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return "corrupt_zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def decode_text(data: bytes, *, strict: bool = True) -> str | None:
    """Decode by BOM, else UTF-8, else GB18030; None if it is not text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    head = data if strict else data[:65536]
    if b"\x00" in head:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError as exc:
            if not strict and exc.start >= len(head) - 4:
                return head[: exc.start].decode(encoding)
    return None


def pdf_text(data: bytes, max_chars: int) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _try_empty_password(reader):
            raise FileProblem(
                "encrypted", _("PDF 文件已加密，无法检查内容，请上传未加密的文件。")
            )
        pages = reader.pages
        texts: list[str] = []
        size = 0
        for page in pages:
            texts.append(page.extract_text() or "")
            size += len(texts[-1])
            _limit(size, max_chars)
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
    ) as exc:
        raise FileProblem("corrupt", _("PDF 文件已损坏，无法读取。")) from exc
    return "\n".join(texts)


def _try_empty_password(reader) -> bool:
    from pypdf.errors import DependencyError, PdfReadError

    try:
        return bool(reader.decrypt(""))
    except (DependencyError, PdfReadError, NotImplementedError):
        return False


def _limit(size: int, max_chars: int) -> None:
    if size > max_chars:
        raise FileProblem(
            "too_large", _("文件内容过大，超过检查上限，请拆分后再检查。")
        )


def _zip_guard(data: bytes, max_bytes: int) -> None:
    """Refuse archives that would inflate beyond the limit (zip bombs)."""
    try:
        total = sum(
            info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist()
        )
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FileProblem("corrupt", _("文件已损坏，无法读取。")) from exc
    _limit(total, max_bytes * 10)


def docx_text(data: bytes, max_chars: int) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _zip_guard(data, max_chars)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise FileProblem("corrupt", _("Word 文档已损坏，无法读取。")) from exc
    except Exception as exc:  # lxml raises its own errors on broken XML parts
        raise FileProblem("corrupt", _("Word 文档已损坏，无法读取。")) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
            _limit(sum(map(len, lines)), max_chars)
    return "\n".join(lines)


def xlsx_text(data: bytes, max_chars: int) -> str:
    import openpyxl

    _zip_guard(data, max_chars)
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
    except Exception as exc:  # openpyxl raises a wide range of errors on broken files
        raise FileProblem("corrupt", _("Excel 文件已损坏，无法读取。")) from exc
    lines: list[str] = []
    size = 0
    for sheet in workbook.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            line = "\t".join("" if v is None else str(v) for v in row).rstrip("\t")
            lines.append(line)
            size += len(line)
            _limit(size, max_chars)
    workbook.close()
    return "\n".join(lines)


def ole_problem(data: bytes) -> FileProblem:
    if _ENCRYPTED_STREAM in data:
        return FileProblem(
            "encrypted", _("Office 文件已加密，无法检查内容，请上传未加密的文件。")
        )
    return FileProblem(
        "unsupported",
        _("旧版 Office 文件（.doc/.xls）无法检查，请另存为 .docx/.xlsx 后上传。"),
    )
