"""Agreement of the monitor's accessibility checks with the W3C ACT Rules test cases.

Prints, per ACT rule that axe-core implements (by axe-core's own published EARL
report in ../shared/data/act-rules/earl/axe-core.json) or that the static checks of
jiyue.quality cover, the share of test cases where our outcome matches the expected
one, beside axe-core's published outcome on the same cases. Benchmark, not a test:
asserts nothing.

Outcome of a case: ``failed`` when a mapped rule reports a violation, ``passed`` when
one passes, else ``inapplicable`` (axe's "incomplete" is ``cantTell``). Two figures:
*exact* (same outcome) and *fail* (both say failed, or both say not failed: the ACT
consistency notion, where passed and inapplicable are interchangeable).

    .venv/bin/python bench/act_rules.py [--rules ID,ID] [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import sys
import threading
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "act-rules"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiyue.settings.test")

# jiyue.quality's static checks: ACT rule -> which elements' findings count.
STATIC_RULES = {"23a2a8": "<img", "c487ae": "<a"}


def load_cases() -> list[dict]:
    return json.loads((DATA / "testcases.json").read_text("utf-8"))["testcases"]


def axe_published() -> dict[str, dict[str, str]]:
    """Case hash -> {axe rule: published outcome}."""
    graph = json.loads((DATA / "earl" / "axe-core.json").read_text("utf-8"))["@graph"]
    by_case: dict[str, dict[str, str]] = defaultdict(dict)
    for a in graph:
        if "test" not in a:  # "untested": no axe rule named
            continue
        source = a["subject"]["source"]
        case = source.rsplit("/", 1)[-1].removesuffix(".html").split(".")[0]
        by_case[case][a["test"]["title"]] = a["result"]["outcome"].split(":")[-1]
    return by_case


def rule_map(cases: list[dict], by_case: dict) -> dict[str, set[str]]:
    mapping: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        for axe_rule, outcome in by_case.get(case["testcaseId"], {}).items():
            if outcome != "untested":
                mapping[case["ruleId"]].add(axe_rule)
    return mapping


def combine(outcomes: list[str]) -> str:
    for outcome in ("failed", "cantTell", "passed", "inapplicable"):
        if outcome in outcomes:
            return outcome
    return "untested"


def agrees(ours: str, expected: str) -> tuple[bool, bool]:
    return ours == expected, (ours == "failed") == (expected == "failed")


class Server:
    """The test cases served on loopback (http.server), as a browser expects."""

    def __enter__(self) -> str:
        handler = functools.partial(_QuietHandler, directory=str(DATA))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def axe_outcome(browser, url: str, rules: list[str]) -> str:
    result = browser.run(url, rules=rules, wait_until="domcontentloaded")
    if result["violations"]:
        return "failed"
    if result["incomplete"]:
        return "cantTell"
    return "passed" if result["passes"] else "inapplicable"


def static_outcome(case: dict) -> str:
    from jiyue.quality import check_html

    html = (DATA / case["relativePath"]).read_text("utf-8", errors="replace")
    prefix = STATIC_RULES[case["ruleId"]]
    found = [
        f
        for f in check_html(html)
        if f.type == "accessibility" and f.evidence.startswith(prefix)
    ]
    return "failed" if found else "passed"


def run(args: argparse.Namespace) -> dict:
    import django

    django.setup()
    from django.conf import settings

    from jiyue.monitor.accessibility.axe import AxeBrowser

    settings.JIYUE_MONITOR_LOOPBACK_ONLY = True  # the cases' external links stay out
    cases = load_cases()
    by_case = axe_published()
    mapping = rule_map(cases, by_case)
    wanted = set(args.rules.split(",")) if args.rules else None
    cases = [
        c
        for c in cases
        if (c["ruleId"] in mapping or c["ruleId"] in STATIC_RULES)
        and (wanted is None or c["ruleId"] in wanted)
    ]
    if args.limit:
        cases = cases[: args.limit]
    rows: dict[str, dict] = {}
    with Server() as base, AxeBrowser() as browser:
        for i, case in enumerate(cases, 1):
            _score(rows, case, mapping, by_case, browser, base)
            if i % 25 == 0:
                print(f"{i}/{len(cases)}", file=sys.stderr, flush=True)
                _save(args.json, rows)
    return rows


def _score(rows, case, mapping, by_case, browser, base) -> None:
    rule = case["ruleId"]
    row = rows.setdefault(
        rule,
        {
            "name": case["ruleName"],
            "cases": 0,
            "axe_rules": sorted(mapping.get(rule, ())),
        },
    )
    row["cases"] += 1
    expected = case["expected"]
    if rule in mapping:
        try:
            ours = axe_outcome(browser, base + case["relativePath"], row["axe_rules"])
        except Exception:  # noqa: BLE001 - a case that will not load counts as a miss
            ours = "error"
        published = combine(
            [
                o
                for r, o in by_case.get(case["testcaseId"], {}).items()
                if r in mapping[rule]
            ]
        )
        _add(row, "ours", agrees(ours, expected))
        _add(row, "published", agrees(published, expected))
    if rule in STATIC_RULES:
        _add(row, "static", agrees(static_outcome(case), expected))


def _add(row: dict, key: str, agreement: tuple[bool, bool]) -> None:
    exact, fail = agreement
    row[f"{key}_exact"] = row.get(f"{key}_exact", 0) + exact
    row[f"{key}_fail"] = row.get(f"{key}_fail", 0) + fail


def _pct(row: dict, key: str) -> str:
    if f"{key}_exact" not in row:
        return "—"
    n = row["cases"]
    return f"{100 * row[f'{key}_exact'] / n:.0f} / {100 * row[f'{key}_fail'] / n:.0f}"


def print_table(rows: dict) -> None:
    print(
        "| ACT rule | name | cases | axe (ours) exact / fail-agreement % "
        "| axe-core published % | static % |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for rule, row in sorted(rows.items()):
        print(
            f"| {rule} | {row['name']} | {row['cases']} | {_pct(row, 'ours')} "
            f"| {_pct(row, 'published')} | {_pct(row, 'static')} |"
        )
    _print_totals(rows)


def _print_totals(rows: dict) -> None:
    for key in ("ours", "published", "static"):
        scored = [r for r in rows.values() if f"{key}_exact" in r]
        n = sum(r["cases"] for r in scored)
        if not n:
            continue
        exact = sum(r[f"{key}_exact"] for r in scored)
        fail = sum(r[f"{key}_fail"] for r in scored)
        print(
            f"{key}: {len(scored)} rules, {n} cases, exact {100 * exact / n:.1f} %, "
            f"fail-agreement {100 * fail / n:.1f} %"
        )


def _save(path: Path | None, rows: dict) -> None:
    if path:
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", default="")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the rows (also as it goes)")
    parser.add_argument("--from-json", type=Path, help="only print a saved run")
    args = parser.parse_args()
    if args.from_json:
        rows = json.loads(args.from_json.read_text("utf-8"))
    else:
        rows = run(args)
        _save(args.json, rows)
    print_table(rows)


if __name__ == "__main__":
    main()
