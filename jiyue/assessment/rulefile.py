"""A rule set as a file (TOML, in the repository: ``rules/gbmh-2019.toml`` is the
default): read, checked and loaded as a new version (docs/decisions/0808).

Every refusal names the line and the field, in Chinese; a file with any error
loads nothing."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

DEFAULT_FILE = Path(__file__).resolve().parent / "rules" / "gbmh-2019.toml"
KINDS = ("veto", "deduction", "bonus")
REQUIRED = ("code", "name", "category", "kind", "evidence")
KNOWN = {*REQUIRED, "points", "per_item", "threshold", "requires", "unconfirmed",
         "enabled", "description"}  # fmt: skip


class RuleFileError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class RuleFile:
    name: str
    version: str
    description: str = ""
    indicators: list[dict] = field(default_factory=list)


def _table_lines(text: str) -> list[int]:
    """The line number of each ``[[indicator]]`` header, in order."""
    return [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if re.match(r"\s*\[\[\s*indicator\s*\]\]", line)
    ]


def _decimal(value, where: str, problems: list[str]) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        number = None
    if (
        isinstance(value, bool)
        or number is None
        or not number.is_finite()
        or number < 0
    ):
        problems.append(_("%(where)s须是不小于0的数，而不是“%(v)s”。") % {
            "where": where, "v": value})  # fmt: skip
        return Decimal(0)
    return number


def cycle(requires: dict[str, list[str]]) -> list[str] | None:
    """A chain of codes that comes back to its start, or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(code: str) -> list[str] | None:
        state[code] = 1
        path.append(code)
        for other in requires.get(code, []):
            if state.get(other) == 1:
                return [*path[path.index(other) :], other]
            if other not in state and (found := visit(other)):
                return found
        path.pop()
        state[code] = 2
        return None

    for code in requires:
        if code not in state and (found := visit(code)):
            return found
    return None


def parse(text: str) -> RuleFile:
    """The file's rule set, checked; RuleFileError with every problem found."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"line (\d+), column (\d+)", str(error))
        place = (
            _("第%(l)s行第%(c)s列") % {"l": where[1], "c": where[2]}
            if where else _("文件中")
        )  # fmt: skip
        raise RuleFileError(
            [_("%(place)s：不是有效的 TOML 格式。") % {"place": place}]
        ) from error
    problems: list[str] = []
    head = data.get("rule_set")
    if not isinstance(head, dict) or not head.get("name") or not head.get("version"):
        problems.append(_("缺少 [rule_set] 段或其中的 name、version。"))
        head = {}
    elif len(str(head["version"])) > 40:
        problems.append(_("[rule_set] version 不能超过40个字符。"))
    rows = data.get("indicator")
    if not isinstance(rows, list) or not rows:
        raise RuleFileError([*problems, _("没有任何 [[indicator]] 指标。")])
    lines = _table_lines(text)
    indicators, seen = [], {}
    for n, row in enumerate(rows):
        line = lines[n] if n < len(lines) else 0
        indicator = _indicator(row, line, seen, problems)
        if indicator is not None:
            indicators.append(indicator)
    problems += requirement_problems(indicators)
    if problems:
        raise RuleFileError(problems)
    return RuleFile(
        name=str(head["name"]), version=str(head["version"]),
        description=str(head.get("description", "")), indicators=indicators,
    )  # fmt: skip


def _indicator(row, line: int, seen: dict, problems: list[str]) -> dict | None:
    """One ``[[indicator]]`` table, checked; its problems added to ``problems``."""
    from .evidence import EVIDENCE

    where = _("第%(l)d行的指标") % {"l": line}
    if not isinstance(row, dict):
        problems.append(_("%(w)s不是一个表。") % {"w": where})
        return None
    missing = [key for key in REQUIRED if not row.get(key)]
    if missing:
        problems.append(_("%(w)s缺少：%(k)s。") % {"w": where, "k": "、".join(missing)})
        return None
    code = str(row["code"])
    where = _("第%(l)d行的指标“%(c)s”") % {"l": line, "c": code}
    unknown = sorted(set(row) - KNOWN)
    if unknown:
        problems.append(
            _("%(w)s：不认识的字段 %(k)s。") % {"w": where, "k": "、".join(unknown)}
        )
    if code in seen:
        problems.append(
            _("%(w)s：代码与第%(o)d行的指标重复。") % {"w": where, "o": seen[code]}
        )
    seen[code] = line
    if row["kind"] not in KINDS:
        problems.append(_("%(w)s：kind 须是 veto、deduction 或 bonus，而不是“%(k)s”。")
                        % {"w": where, "k": row["kind"]})  # fmt: skip
    if row["evidence"] not in EVIDENCE:
        problems.append(
            _("%(w)s：未知的证据来源“%(e)s”。") % {"w": where, "e": row["evidence"]}
        )
    threshold = row.get("threshold", 1)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        problems.append(_("%(w)s：threshold 须是不小于1的整数。") % {"w": where})
        threshold = 1
    requires = row.get("requires", [])
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        problems.append(_("%(w)s：requires 须是指标代码的列表。") % {"w": where})
        requires = []
    return {
        "code": code, "name": str(row["name"]), "category": str(row["category"]),
        "kind": row["kind"], "evidence": row["evidence"],
        "points": _decimal(row.get("points", 0), where + "的 points ", problems),
        "per_item": _decimal(row.get("per_item", 0), where + "的 per_item ", problems),
        "threshold": threshold, "requires": requires,
        "unconfirmed": bool(row.get("unconfirmed", False)),
        "enabled": bool(row.get("enabled", True)),
        "description": str(row.get("description", "")), "line": line,
    }  # fmt: skip


def requirement_problems(indicators: list[dict]) -> list[str]:
    """Unknown codes in ``requires``, and a cycle among them."""
    codes = {i["code"] for i in indicators}
    problems = [
        _("指标“%(c)s”的前提指标“%(r)s”不存在。") % {"c": i["code"], "r": r}
        for i in indicators
        for r in i["requires"]
        if r not in codes
    ]
    found = cycle({i["code"]: list(i["requires"]) for i in indicators})
    if found:
        problems.append(
            _("前提指标构成循环：%(chain)s。") % {"chain": " → ".join(found)}
        )
    return problems


def load(rules: RuleFile, *, activate: bool = False):
    """A new rule set version from the file; refused when that version exists."""
    from .models import Indicator, RuleSet

    if RuleSet.objects.filter(name=rules.name, version=rules.version).exists():
        raise RuleFileError(
            [_("版本“%(n)s（%(v)s）”已经存在；请在文件中改用新的 version。")
             % {"n": rules.name, "v": rules.version}]
        )  # fmt: skip
    with transaction.atomic():
        rule_set = RuleSet.objects.create(
            name=rules.name, version=rules.version, description=rules.description
        )
        Indicator.objects.bulk_create(
            Indicator(rule_set=rule_set, sort_order=n,
                      **{k: v for k, v in row.items() if k != "line"})
            for n, row in enumerate(rules.indicators)
        )  # fmt: skip
        if activate:
            RuleSet.objects.exclude(pk=rule_set.pk).update(active=False)
            rule_set.active = True
            rule_set.save(update_fields=["active"])
    return rule_set


REVISION = re.compile(r"\s*修订\d+$")


def revise(rule_set, changes: dict[str, dict], *, actor=None):
    """The office's edit of the active version (``changes``: code → fields): a new
    version, a copy with the changes, made active; the old version and every
    score recorded with it stay as they were (ADR 0808)."""
    from wagtail.log_actions import log

    from .models import Indicator, RuleSet

    base = REVISION.sub("", rule_set.version)
    taken = set(
        RuleSet.objects.filter(name=rule_set.name).values_list("version", flat=True)
    )
    n = 1
    while f"{base} 修订{n}" in taken:
        n += 1
    version = f"{base[: 40 - len(f' 修订{n}')]} 修订{n}"
    with transaction.atomic():
        new = RuleSet.objects.create(
            name=rule_set.name, version=version, active=True,
            description=rule_set.description,
        )  # fmt: skip
        copies = []
        for indicator in rule_set.indicators.all():
            indicator.pk, indicator.rule_set = None, new
            for key, value in changes.get(indicator.code, {}).items():
                setattr(indicator, key, value)
            copies.append(indicator)
        Indicator.objects.bulk_create(copies)
        RuleSet.objects.exclude(pk=new.pk).update(active=False)
        log(instance=new, action="jiyue.assessment.rules_revised", user=actor,
            data={"from": str(rule_set), "changed": sorted(changes)})  # fmt: skip
    return new
