"""Import of the province's 政务服务 catalogue: XLSX, CSV or JSON, idempotent by 事项编码.

Every row is checked before anything is written; a row with a problem is refused
with its line number and a Chinese reason, the valid rows are imported, each in its
own transaction (a row is never half-imported). A row whose values equal the
guide's current ones changes nothing (no new revision). The columns accepted are
written down in docs/services-import.md; ``COLUMNS`` is that list.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Site

from .models import (
    Audience,
    ItemType,
    MaterialForm,
    MaterialMedium,
    OnlineDepth,
    ServiceGuidePage,
    ServiceIndexPage,
    ServiceMaterial,
    ServiceStep,
    ServiceTheme,
)

MAX_ROWS = 20000
MAX_BYTES = 20 * 1024 * 1024
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_.]{3,59}$")

# Column title -> field (scalar text fields of the guide) and its maximum length.
TEXT_COLUMNS: dict[str, tuple[str, int | None]] = {
    "承办单位": ("department", 100),
    "设定依据": ("legal_basis", None),
    "受理条件": ("conditions", None),
    "法定办结时限": ("time_limit_legal", 60),
    "承诺办结时限": ("time_limit_promised", 60),
    "收费标准": ("fee_standard", None),
    "收费依据": ("fee_basis", None),
    "办理地点": ("location", 200),
    "办理时间": ("office_hours", 200),
    "咨询电话": ("consult_phone", 60),
    "监督投诉电话": ("complaint_phone", 60),
    "注意事项": ("notes", None),
}
REQUIRED = ("事项编码", "事项名称")
COLUMNS = (
    "事项编码", "事项名称", "事项类型", "服务对象", "办事主题", *TEXT_COLUMNS,
    "办理流程", "申请材料", "在线办理入口", "网上可办理程度",
)  # fmt: skip


@dataclass
class RowProblem:
    line: int
    code: str
    reasons: list[str]

    def describe(self) -> str:
        where = _("第%(n)d行") % {"n": self.line}
        code = f"（{self.code}）" if self.code else ""
        return f"{where}{code}：" + "；".join(self.reasons)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[RowProblem] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_problems and not self.refused

    def lines(self) -> list[str]:
        out = list(self.file_problems)
        if not self.file_problems:
            out.append(
                _("新增 %(c)d 项，更新 %(u)d 项，未变 %(n)d 项，拒绝 %(r)d 行。")
                % {
                    "c": len(self.created),
                    "u": len(self.updated),
                    "n": len(self.unchanged),
                    "r": len(self.refused),
                }
            )
        if self.ignored_columns:
            out.append(_("未识别、已忽略的列：") + "、".join(self.ignored_columns))
        out += [problem.describe() for problem in self.refused]
        return out


class FileRefusedError(Exception):
    """The whole file cannot be read (format, encoding, size, columns)."""


# -- reading ---------------------------------------------------------------------


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefusedError(_("无法识别文件编码：请保存为 UTF-8 或 GBK 编码。"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(name: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, {column: text}) of every non-empty row of the file."""
    if len(data) > MAX_BYTES:
        raise FileRefusedError(_("文件超过 20 MB，请拆分后导入。"))
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(data)
    elif suffix == ".csv":
        rows = list(csv.reader(io.StringIO(_decode(data))))
    elif suffix == ".json":
        return _json_rows(data)
    else:
        raise FileRefusedError(_("只接受 XLSX、CSV 或 JSON 文件。"))
    if not rows:
        raise FileRefusedError(_("文件是空的。"))
    header = [_cell(h) for h in rows[0]]
    found = []
    for number, row in enumerate(rows[1:], start=2):
        values = [_cell(v) for v in row]
        if not any(values):
            continue
        found.append((number, dict(zip(header, values, strict=False))))
    return found


def _xlsx_rows(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise FileRefusedError(
            _("无法读取该 XLSX 文件：文件损坏或不是 Excel 工作簿。")
        ) from error
    sheet = book["事项"] if "事项" in book.sheetnames else book.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(row)
        if len(rows) > MAX_ROWS + 1:
            break
    book.close()
    return rows


def _json_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    try:
        document = json.loads(_decode(data))
    except json.JSONDecodeError as error:
        raise FileRefusedError(
            _("JSON 格式错误（第%(line)d行第%(col)d列）：%(msg)s")
            % {"line": error.lineno, "col": error.colno, "msg": error.msg}
        ) from error
    items = document.get("items") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise FileRefusedError(_("JSON 文件应为事项数组，或含 items 数组的对象。"))
    found = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            found.append((number, {"__error__": _("该项不是对象")}))
            continue
        found.append((number, item_row(item)))
    return found


def item_row(item: dict[str, Any]) -> dict[str, str]:
    """A JSON item as a row: the flow and the materials one per line."""
    row = {}
    for key, value in item.items():
        if key == "办理流程" and isinstance(value, list):
            value = "\n".join(_step_line(v) for v in value)
        elif key == "申请材料" and isinstance(value, list):
            value = "\n".join(_material_line(v) for v in value)
        elif isinstance(value, list):
            value = "、".join(_cell(v) for v in value)
        row[str(key)] = _cell(value)
    return row


def _step_line(value: Any) -> str:
    if isinstance(value, dict):
        parts = [_cell(value.get("环节")), _cell(value.get("说明"))]
        limit = _cell(value.get("时限"))
        return "：".join(p for p in parts if p) + (f"（{limit}）" if limit else "")
    return _cell(value)


MATERIAL_KEYS = ("名称", "形式", "份数", "纸质或电子", "签名签章", "依据")


def _material_line(value: Any) -> str:
    if isinstance(value, dict):
        return "｜".join(_cell(value.get(k)) for k in MATERIAL_KEYS)
    return _cell(value)


# -- checking --------------------------------------------------------------------

LABELS = {
    "item_type": {str(label): value for value, label in ItemType.choices},
    "audience": {
        **{str(label): value for value, label in Audience.choices},
        "个人": Audience.PERSON,
        "法人": Audience.ORGANISATION,
        "企业": Audience.ORGANISATION,
    },
    "online_depth": {str(label): value for value, label in OnlineDepth.choices},
    "form": {str(label): value for value, label in MaterialForm.choices},
    "medium": {str(label): value for value, label in MaterialMedium.choices},
}
STEP_RE = re.compile(
    r"^(?P<name>[^：:（(]+)[：:]?(?P<desc>[^（(]*)(?:[（(](?P<limit>[^）)]*)[）)])?$"
)
SPLIT_RE = re.compile(r"[、,，;；]")


def _choice(kind: str, text: str, reasons: list[str], column: str) -> str:
    if not text:
        return ""
    value = LABELS[kind].get(text)
    if value is None:
        reasons.append(
            _("%(column)s“%(text)s”无效，应为：%(allowed)s")
            % {"column": column, "text": text, "allowed": "、".join(LABELS[kind])}
        )
        return ""
    return value


def _steps(text: str) -> list[tuple[str, str, str]]:
    steps = []
    for line in filter(None, (x.strip() for x in text.splitlines())):
        line = re.sub(r"^\d+[.、．]\s*", "", line)
        match = STEP_RE.match(line)
        if match:
            steps.append(
                (
                    match["name"].strip()[:60],
                    match["desc"].strip(),
                    (match["limit"] or "").strip()[:60],
                )
            )
        else:
            steps.append((line[:60], "", ""))
    return steps


def _materials(text: str, reasons: list[str]) -> list[tuple]:
    found = []
    for number, line in enumerate(
        filter(None, (x.strip() for x in text.splitlines())), start=1
    ):
        parts = [p.strip() for p in re.split(r"[|｜]", line)]
        parts += [""] * (len(MATERIAL_KEYS) - len(parts))
        name, form, copies, medium, signature, basis = parts[:6]
        problems: list[str] = []
        if not name or len(name) > 200:
            problems.append(_("材料名称为空或超过200字"))
        form_value = _choice("form", form, problems, _("材料形式")) or "original"
        medium_value = _choice("medium", medium, problems, _("纸质或电子")) or "either"
        try:
            copies_value = int(copies or 1)
            if not 1 <= copies_value <= 99:
                raise ValueError
        except ValueError:
            problems.append(_("份数“%(v)s”应为1到99的整数") % {"v": copies})
            copies_value = 1
        if problems:
            reasons.append(
                _("申请材料第%(n)d条：") % {"n": number} + "，".join(problems)
            )
            continue
        found.append(
            (name, form_value, copies_value, medium_value, signature[:100], basis[:200])
        )
    return found


def _identity(row: dict[str, str], reasons: list[str]) -> dict[str, Any]:
    code = row.get("事项编码", "")
    title = row.get("事项名称", "")
    if not code:
        reasons.append(_("事项编码为空（如为合并单元格，请取消合并并逐行填写）"))
    elif not CODE_RE.match(code):
        reasons.append(_("事项编码只能由字母、数字和 - _ . 组成，4到60位"))
    if not title:
        reasons.append(_("事项名称为空"))
    elif len(title) > 255:
        reasons.append(_("事项名称超过255字"))
    return {"item_code": code, "title": title}


def _online(row: dict[str, str], reasons: list[str]) -> dict[str, Any]:
    url = row.get("在线办理入口", "")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            reasons.append(_("在线办理入口“%(url)s”不是有效的网址") % {"url": url[:80]})
    depth = _choice(
        "online_depth", row.get("网上可办理程度", ""), reasons, _("网上可办理程度")
    )
    return {"online_url": url, "online_depth": depth or OnlineDepth.INFORMATION}


def _theme_ids(
    text: str, audience: str, themes: dict[tuple[str, str], int], reasons: list[str]
) -> list[int]:
    found = set()
    for name in filter(None, (t.strip() for t in SPLIT_RE.split(text))):
        theme_id = themes.get((name, audience))
        if theme_id is None:
            reasons.append(
                _(
                    "办事主题“%(name)s”不在%(audience)s的主题目录中（请先在主题目录中添加）"
                )
                % {"name": name, "audience": Audience(audience).label}
            )
        else:
            found.add(theme_id)
    return sorted(found)


def check_row(
    row: dict[str, str], themes: dict[tuple[str, str], int]
) -> tuple[dict, list[str]]:
    """The row as the guide's values, and the reasons it is refused (none: valid)."""
    reasons: list[str] = []
    if "__error__" in row:
        return {}, [row["__error__"]]
    values = _identity(row, reasons)
    values["item_type"] = _choice(
        "item_type", row.get("事项类型", ""), reasons, _("事项类型")
    )
    values["audience"] = (
        _choice("audience", row.get("服务对象", ""), reasons, _("服务对象"))
        or Audience.PERSON
    )
    for column, (name, limit) in TEXT_COLUMNS.items():
        text = row.get(column, "")
        if limit and len(text) > limit:
            reasons.append(_("%(column)s超过%(n)d字") % {"column": column, "n": limit})
        values[name] = text
    values.update(_online(row, reasons))
    values["themes"] = _theme_ids(
        row.get("办事主题", ""), values["audience"], themes, reasons
    )
    values["steps"] = _steps(row.get("办理流程", ""))
    values["materials"] = _materials(row.get("申请材料", ""), reasons)
    return values, reasons


# -- writing ---------------------------------------------------------------------

SCALARS = (
    "title",
    "item_type",
    "audience",
    "online_url",
    "online_depth",
    *(name for name, _limit in TEXT_COLUMNS.values()),
)


def guide_values(guide: ServiceGuidePage) -> dict[str, Any]:
    values = {name: getattr(guide, name) for name in SCALARS}
    values["item_code"] = guide.item_code
    values["themes"] = sorted(t.pk for t in guide.themes.all())
    values["steps"] = [(s.name, s.description, s.time_limit) for s in guide.steps.all()]
    values["materials"] = [
        (m.name, m.form, m.copies, m.medium, m.signature, m.basis)
        for m in guide.materials.all()
    ]
    return values


def service_index(site: Site) -> ServiceIndexPage:
    """The site's 办事服务 entry, made (and published) if it has none."""
    root = site.root_page
    index = ServiceIndexPage.objects.child_of(root).first()
    if index is None:
        index = ServiceIndexPage(title="办事服务", slug="banshi", show_in_menus=True)
        root.add_child(instance=index)
        index.save_revision().publish()
    return index


def _apply(guide: ServiceGuidePage, values: dict[str, Any]) -> None:
    for name in SCALARS:
        setattr(guide, name, values[name])
    guide.item_code = values["item_code"]
    guide.themes = list(ServiceTheme.objects.filter(pk__in=values["themes"]))
    guide.steps = [
        ServiceStep(name=n, description=d, time_limit=t, sort_order=i)
        for i, (n, d, t) in enumerate(values["steps"])
    ]
    materials = []
    for order, row in enumerate(values["materials"]):
        name, form, copies, medium, signature, basis = row
        materials.append(
            ServiceMaterial(
                name=name, form=form, copies=copies, medium=medium,
                signature=signature, basis=basis, sort_order=order,
            )
        )  # fmt: skip
    guide.materials = materials


def import_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    site: Site,
    user=None,
    publish: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    report = ImportReport()
    rows = list(rows)
    if len(rows) > MAX_ROWS:
        report.file_problems.append(
            _("文件超过每次 %(max)d 行的上限，请拆分后导入；本次未导入任何事项。")
            % {"max": MAX_ROWS}
        )
        return report
    header = set().union(*(row.keys() for _n, row in rows)) if rows else set()
    missing = [c for c in REQUIRED if c not in header]
    if rows and missing:
        report.file_problems.append(
            _("缺少必需的列：%(cols)s；本次未导入任何事项。")
            % {"cols": "、".join(missing)}
        )
        return report
    report.ignored_columns = sorted(header - set(COLUMNS) - {"__error__", ""})
    themes = {(t.name, t.audience): t.pk for t in ServiceTheme.objects.all()}
    seen: dict[str, int] = {}
    checked = []
    for line, row in rows:
        values, reasons = check_row(row, themes)
        code = values.get("item_code", "")
        if code and code in seen:
            reasons.append(_("事项编码与第%(n)d行重复") % {"n": seen[code]})
        elif code:
            seen[code] = line
        if reasons:
            report.refused.append(RowProblem(line, code, reasons))
        else:
            checked.append((line, values))
    index = None if dry_run else service_index(site)
    existing = {
        g.item_code: g
        for g in ServiceGuidePage.objects.filter(
            item_code__in=[v["item_code"] for _l, v in checked]
        )
    }
    for line, values in checked:
        guide = existing.get(values["item_code"])
        if guide is not None and not guide.path.startswith(site.root_page.path):
            report.refused.append(
                RowProblem(
                    line,
                    values["item_code"],
                    [
                        _("该事项编码已由“%(site)s”的办事指南使用，不能导入到本网站")
                        % {"site": guide.owner_site_name()}
                    ],
                )
            )
            continue
        if dry_run:
            (report.updated if guide else report.created).append(values["item_code"])
            continue
        _write(guide, values, index=index, user=user, publish=publish, report=report)
    report.refused.sort(key=lambda p: p.line)
    return report


def _write(guide, values, *, index, user, publish, report) -> None:
    with transaction.atomic():
        if guide is None:
            # The address is the item code: short, ASCII, unique and stable.
            guide = ServiceGuidePage(live=False, slug=slugify(values["item_code"]))
            _apply(guide, values)
            index.add_child(instance=guide)
            guide.save_revision(user=user, log_action=True)
            report.created.append(values["item_code"])
        else:
            current = guide.get_latest_revision_as_object()
            if guide_values(current) == values:
                report.unchanged.append(values["item_code"])
                return
            _apply(current, values)
            current.save_revision(user=user, log_action=True)
            report.updated.append(values["item_code"])
            guide = current
        if publish:
            guide.get_latest_revision().publish(user=user)


def import_file(name: str, data: bytes, **kwargs) -> ImportReport:
    try:
        rows = read_rows(name, data)
    except FileRefusedError as refused:
        return ImportReport(file_problems=[str(refused)])
    return import_rows(rows, **kwargs)
