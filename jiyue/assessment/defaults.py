"""The default rule set: 国办秘函〔2019〕19号 as far as it is confirmed
(reference: national-standards §1.2–1.4). Vetoes are confirmed (服务不实用's element
list and threshold are not); deduction and bonus points are confirmed only where
marked, the rest are the office's to confirm (``unconfirmed``). The indicators are
the file ``rules/gbmh-2019.toml`` (docs/decisions/0808)."""

from __future__ import annotations


def default_indicator_count() -> int:
    """How many indicators the default file holds (read without Django)."""
    from .rulefile import DEFAULT_FILE, _table_lines

    return len(_table_lines(DEFAULT_FILE.read_text(encoding="utf-8")))


def _default_file():
    from .rulefile import DEFAULT_FILE, parse

    return parse(DEFAULT_FILE.read_text(encoding="utf-8"))


def ensure_default_rules(rule_set_model, indicator_model) -> None:
    """The default rule set from ``rules/gbmh-2019.toml``, and any of its indicators
    a database lacks; nothing edited is changed. Historical models (migrations)
    get only the fields they have."""
    rules = _default_file()
    rule_set, _created = rule_set_model.objects.get_or_create(
        name=rules.name, version=rules.version,
        defaults={"active": not rule_set_model.objects.filter(active=True).exists(),
                  "description": rules.description},
    )  # fmt: skip
    fields = {f.name for f in indicator_model._meta.get_fields()}
    for order, row in enumerate(rules.indicators):
        values = {k: v for k, v in row.items() if k in fields and k != "code"}
        indicator_model.objects.get_or_create(
            rule_set=rule_set,
            code=row["code"],
            defaults={**values, "sort_order": order},
        )
