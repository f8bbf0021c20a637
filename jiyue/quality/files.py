"""check_file / check_bytes: documents of any supported kind, never a crash."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from . import extract
from .engine import check_html, check_text
from .extract import FileProblem
from .findings import Finding
from .i18n import _

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: what each file-name extension promises
EXPECTED_KINDS = {
    ".txt": {"text", "html"},
    ".md": {"text", "html"},
    ".html": {"html", "text"},
    ".htm": {"html", "text"},
    ".pdf": {"pdf"},
    ".docx": {"docx"},
    ".xlsx": {"xlsx"},
}
KIND_NAMES = {
    "pdf": "PDF",
    "docx": "Word（DOCX）",
    "xlsx": "Excel（XLSX）",
    "html": "HTML",
    "text": "纯文本",
    "ole": "旧版 Office 或加密的 Office",
    "zip": "ZIP 压缩包",
    "corrupt_zip": "损坏的压缩包",
    "binary": "二进制",
}


def max_bytes() -> int:
    """The size limit: settings.QUALITY_MAX_FILE_BYTES, env, or 20 MB."""
    value = os.environ.get("JIYUE_QUALITY_MAX_BYTES")
    try:
        from django.conf import settings

        if settings.configured:
            value = getattr(settings, "QUALITY_MAX_FILE_BYTES", None) or value
    except ImportError:  # pragma: no cover
        pass
    return int(value) if value else DEFAULT_MAX_BYTES


def problem_finding(
    kind: str, message: str, *, filename: str, url: str | None
) -> Finding:
    return Finding(
        type="garbled_text",
        severity="error",
        message=message,
        evidence=filename,
        url=url,
        extra={"problem": kind},
    )


def _mislabelled(filename: str, kind: str, url: str | None) -> list[Finding]:
    expected = EXPECTED_KINDS.get(Path(filename).suffix.lower())
    if expected is None or kind in expected:
        return []
    message = _("文件扩展名与内容不符：“%(name)s”的内容实为%(kind)s文件。") % {
        "name": filename,
        "kind": KIND_NAMES.get(kind, kind),
    }
    return [problem_finding("mislabelled", message, filename=filename, url=url)]


def _content_findings(
    data: bytes, kind: str, url: str | None, limit: int
) -> list[Finding]:
    if kind in {"text", "html"}:
        text = extract.decode_text(data)
        if text is None:
            raise FileProblem("undecodable", _("文件编码无法识别，内容可能是乱码。"))
        return (
            check_html(text, url=url) if kind == "html" else check_text(text, url=url)
        )
    if kind == "pdf":
        text = extract.pdf_text(data, limit)
        if not text.strip():
            return [_no_text_layer(url)]
        return check_text(text, url=url)
    if kind in {"docx", "xlsx"}:
        reader = extract.docx_text if kind == "docx" else extract.xlsx_text
        return check_text(reader(data, limit), url=url)
    if kind == "ole":
        raise extract.ole_problem(data)
    if kind == "corrupt_zip":
        raise FileProblem("corrupt", _("文件已损坏，无法读取。"))
    raise FileProblem("unsupported", _("不支持的文件类型，无法检查内容。"))


def _no_text_layer(url: str | None) -> Finding:
    message = _(
        "PDF 没有可提取的文字（可能是扫描件），无法检查内容，也不利于无障碍阅读。"
    )
    return Finding(type="accessibility", severity="warning", message=message, url=url)


def check_bytes(
    data: bytes, filename: str, *, url: str | None = None, limit: int | None = None
) -> list[Finding]:
    """Findings for a file's content; problems with the file itself (encrypted,
    corrupt, too large, mislabelled, unsupported) are ``garbled_text`` findings
    with severity "error". Positions refer to the extracted text."""
    limit = limit or max_bytes()
    name = Path(filename).name or filename
    if len(data) > limit:
        message = _("文件过大（%(size)s 字节），超过检查上限 %(limit)s 字节。") % {
            "size": len(data),
            "limit": limit,
        }
        return [problem_finding("too_large", message, filename=name, url=url)]
    kind = extract.sniff(data)
    findings = _mislabelled(name, kind, url)
    try:
        findings.extend(_content_findings(data, kind, url, limit))
    except FileProblem as problem:
        findings.append(
            problem_finding(problem.kind, problem.message, filename=name, url=url)
        )
    except (
        Exception
    ):  # a parser bug must not stop the gate: report the file as unreadable
        logger.warning("quality: cannot read %s", name, exc_info=True)
        findings.append(
            problem_finding(
                "corrupt", _("文件已损坏，无法读取。"), filename=name, url=url
            )
        )
    return findings


def check_file(
    path: str | os.PathLike[str], *, url: str | None = None, limit: int | None = None
) -> list[Finding]:
    """``check_bytes`` on a file; raises FileNotFoundError if it is missing."""
    path = Path(path)
    limit = limit or max_bytes()
    size = path.stat().st_size
    if size > limit:
        message = _("文件过大（%(size)s 字节），超过检查上限 %(limit)s 字节。") % {
            "size": size,
            "limit": limit,
        }
        return [problem_finding("too_large", message, filename=path.name, url=url)]
    return check_bytes(path.read_bytes(), path.name, url=url, limit=limit)
