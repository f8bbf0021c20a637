"""The elements (要素) a service guide is judged on.

Which elements count, what each is called, which are key (关键要素: a guide missing
one is refused by the pre-publish gate unless let through with a reason) and how
much each weighs is data the platform office edits (:class:`ServiceElement`); the
official national list is not confirmed (docs/decisions/0702). What the code knows
is only how to tell, for each element key, whether a guide fills it: the table
``PRESENT`` below. The default rows come from Ankang 二(五) and Guiyang 六(三).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _text(name: str) -> Callable[[Any], bool]:
    return lambda guide: bool(str(getattr(guide, name, "") or "").strip())


def _any_text(*names: str) -> Callable[[Any], bool]:
    return lambda guide: any(_text(name)(guide) for name in names)


def _rows(relation: str) -> Callable[[Any], bool]:
    def present(guide: Any) -> bool:
        related = getattr(guide, relation)
        return any(True for _row in related.all())

    return present


def _materials_described(guide: Any) -> bool:
    """Every material has its name, form (原件/复印件) and number of copies."""
    materials = list(guide.materials.all())
    return bool(materials) and all(
        m.name.strip() and m.form and m.copies for m in materials
    )


def _forms_downloadable(guide: Any) -> bool:
    """Every material that needs a form (填写表格) has its blank form or sample."""
    needing = [m for m in guide.materials.all() if m.needs_form]
    return all(m.blank_form_id or m.sample_id for m in needing)


#: element key -> whether the guide fills it.
PRESENT: dict[str, Callable[[Any], bool]] = {
    "name": _text("title"),
    "item_code": _text("item_code"),
    "item_type": _text("item_type"),
    "legal_basis": _text("legal_basis"),
    "conditions": _text("conditions"),
    "time_limit": _any_text("time_limit_legal", "time_limit_promised"),
    "process": _rows("steps"),
    "materials": _rows("materials"),
    "material_details": _materials_described,
    "fees": _text("fee_standard"),
    "fee_basis": _any_text("fee_basis"),
    "department": _text("department"),
    "location": _text("location"),
    "office_hours": _text("office_hours"),
    "consult_phone": _text("consult_phone"),
    "complaint_phone": _text("complaint_phone"),
    "online_url": _text("online_url"),
    "forms": _forms_downloadable,
    "notes": _text("notes"),
}

#: (key, name, key element?, weight, source) of the default element set.
DEFAULT_ELEMENTS: tuple[tuple[str, str, bool, int, str], ...] = (
    ("name", "事项名称", True, 5, "安康 二(五)"),
    ("item_code", "事项编码", False, 3, "政务服务事项目录"),
    ("item_type", "事项类型", False, 3, "政务服务事项目录"),
    ("legal_basis", "设定依据", True, 10, "安康 二(五)；贵阳 六(三)依据条件"),
    ("conditions", "受理条件", True, 8, "贵阳 六(三)依据条件"),
    ("time_limit", "办理时限", True, 10, "安康 二(五)；贵阳 六(三)流程时限"),
    ("process", "办理流程", True, 10, "安康 二(五)；贵阳 六(三)流程时限"),
    ("materials", "申请材料", True, 10, "安康 二(五)"),
    ("material_details", "材料名称、形式与份数", False, 5, "贵阳 六(三)"),
    ("fees", "收费标准", True, 8, "安康 二(五)；贵阳 六(三)"),
    ("fee_basis", "收费依据", False, 3, "安康 二(五)"),
    ("department", "承办单位", True, 8, "安康 二(五)；贵阳 六(三)办理机构"),
    ("location", "办理地点", False, 3, "办事指南通行要素"),
    ("office_hours", "办理时间", False, 2, "办事指南通行要素"),
    ("consult_phone", "咨询电话", True, 5, "安康 二(五)；贵阳 六(三)联系方式"),
    ("complaint_phone", "监督投诉方式", True, 4, "安康 二(五)监督方式"),
    ("online_url", "在线办理入口", False, 1, "安康 二(五)在线申报"),
    ("forms", "表格下载（空表、样表）", False, 1, "安康 二(五)；贵阳 六(三)规范表格"),
    ("notes", "注意事项", False, 1, "贵阳 六(三)"),
)
