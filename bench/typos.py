"""Typo detection measured on data the checkers were not tuned on (not a test:
prints figures, asserts nothing).

    .venv/bin/python bench/typos.py [--sighan DIR] [--limit N] [--false-positives] [--train]

``--false-positives`` also prints every finding counted false (SIGHAN test sets
and the tuning half only: the held-out half stays unread).

Two sets:

- SIGHAN 2013–2015 *test* sets (learners' essays; /work/shared/data/csc/sighan,
  README there): ``*_error.txt`` line N is the sentence as written,
  ``*_correct.txt`` line N its correction. ``--train`` measures the *training*
  sets instead, the only SIGHAN data tuned on: nearly every sentence there has an
  error, so each correction is added as a clean sentence too.
- an official-prose set built here: sentences of the four corpus documents with
  one character replaced by a homophone (pypinyin, tone ignored) taken from the
  same documents, deterministic (seed 20); split by sentence index into a
  tuning half (even) and a held-out half (odd) that is never looked at while
  tuning.

Sentence-level detection: a sentence with an error is a true positive when a
typo finding covers one of its wrong characters; every flagged clean sentence,
and every flagged wrong sentence whose finding covers no wrong character, is a
false positive. Checkers: ``typo`` (the list) and ``typo_statistical``.

The SIGHAN test sets also get an *adjudicated* precision (ADR 0431): the findings
they count false were read by hand once (``bench/data/sighan_adjudication.tsv``);
a sentence whose every such finding is an error the set's correction leaves in
place (``left``) or a form mainland norms correct (``norm``) counts as found. A
finding not in the file counts false, as SIGHAN counts it.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jiyue.quality import check_text  # noqa: E402

CORPUS = ROOT / "jiyue" / "content" / "demo" / "corpus"
SIGHAN = Path("/work/shared/data/csc/sighan")
ADJUDICATION = ROOT / "bench" / "data" / "sighan_adjudication.tsv"
CHECKERS = ["typo", "typo_statistical"]
_CJK = re.compile("[\u4e00-\u9fff]")


def _flags(sentence: str) -> list[tuple[int, int]]:
    spans = []
    for f in check_text(sentence, checkers=CHECKERS):
        if f.type != "typo" or f.position is None:
            continue
        start = f.position.column - 1
        spans.append((start, start + max(len(f.evidence), 1)))
    return spans


def adjudication() -> dict[tuple[str, int], dict[str, str]]:
    """(set, line) -> {flagged text: verdict} from ADJUDICATION."""
    verdicts: dict[tuple[str, int], dict[str, str]] = {}
    for line in ADJUDICATION.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, number, flagged, verdict, *_ = line.split("\t")
        verdicts.setdefault((name, int(number)), {})[flagged] = verdict
    return verdicts


def score(
    pairs: list[tuple[str, str]],
    show: bool = False,
    verdicts: dict[int, dict[str, str]] | None = None,
) -> dict[str, float]:
    """``verdicts``: line number -> {flagged: verdict} of the findings read by hand."""
    tp = fp = fn = wrong = 0
    left = norm = unread = 0
    for number, (written, right) in enumerate(pairs, 1):
        errors = (
            {i for i, (a, b) in enumerate(zip(written, right, strict=False)) if a != b}
            if len(written) == len(right)
            else set()
        )
        spans = _flags(written)
        hit = any(s <= i < e for s, e in spans for i in errors)
        if show and spans and not hit:
            for s, e in spans:
                print(f"  false: {written[s:e]} in …{written[max(0, s - 8) : e + 8]}…")
        if verdicts is not None and spans and not hit:
            read = [verdicts.get(number, {}).get(written[s:e]) for s, e in spans]
            unread += None in read
            if all(v in ("left", "norm") for v in read):
                left += all(v == "left" for v in read)
                norm += not all(v == "left" for v in read)
        if errors:
            wrong += 1
            if hit:
                tp += 1
            else:
                fn += 1
            if spans and not hit:
                fp += 1
        elif spans:
            fp += 1
    return {
        "sentences": len(pairs),
        "with_error": wrong,
        "tp": tp,
        "fp": fp,
        "recall": tp / wrong if wrong else 0.0,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "left": left,
        "norm": norm,
        "unread": unread,
        "adjudicated": (tp + left + norm) / (tp + fp) if tp + fp else 1.0,
        "adjudicated_left": (tp + left) / (tp + fp) if tp + fp else 1.0,
    }


def sighan(directory: Path, name: str, limit: int) -> list[tuple[str, str]]:
    written = (directory / f"{name}_error.txt").read_text("utf-8").splitlines()
    right = (directory / f"{name}_correct.txt").read_text("utf-8").splitlines()
    pairs = list(zip(written, right, strict=False))[:limit]
    if name.startswith("train"):
        # The training sets are nearly all sentences with an error: their
        # corrections are added as clean sentences, so that false alarms on
        # clean text (what the test sets' precision mostly loses) are tuned on.
        pairs += [(r, r) for w, r in pairs if w != r]
    return pairs


def official_set() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    from pypinyin import lazy_pinyin

    texts = [
        p.read_text("utf-8").split("---", 2)[-1] for p in sorted(CORPUS.glob("*.md"))
    ]
    sentences = sorted(
        {
            s.strip()
            for t in texts
            for s in re.split(r"[。；！？\n]", t)
            if 12 <= len(s.strip()) <= 80
        }
    )
    chars = sorted({c for t in texts for c in t if _CJK.match(c)})
    by_sound: dict[str, list[str]] = {}
    for c in chars:
        by_sound.setdefault(lazy_pinyin(c)[0], []).append(c)
    rng = random.Random(20)  # noqa: S311 - a reproducible test set, not secrets
    tune, held = [], []
    for i, sentence in enumerate(sentences):
        places = [
            j
            for j, c in enumerate(sentence)
            if len(by_sound.get(lazy_pinyin(c)[0], [])) > 1
        ]
        if not places:
            continue
        j = rng.choice(places)
        others = [c for c in by_sound[lazy_pinyin(sentence[j])[0]] if c != sentence[j]]
        wrong = sentence[:j] + rng.choice(others) + sentence[j + 1 :]
        # every sentence appears once with the error and once as written
        (tune if i % 2 == 0 else held).extend([(wrong, sentence), (sentence, sentence)])
    return tune, held


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sighan", type=Path, default=SIGHAN)
    parser.add_argument("--limit", type=int, default=100000)
    parser.add_argument("--false-positives", action="store_true")
    parser.add_argument(
        "--train",
        action="store_true",
        help="the SIGHAN training sets (for tuning) instead of the test sets",
    )
    args = parser.parse_args()
    show = args.false_positives
    rows = []
    if args.sighan.is_dir():
        kind = "train" if args.train else "test"
        read = adjudication()
        for name in (f"{kind}13", f"{kind}14", f"{kind}15"):
            verdicts = None
            if kind == "test":
                verdicts = {n: v for (s, n), v in read.items() if s == name}
            rows.append(
                (
                    f"SIGHAN {name}",
                    score(sighan(args.sighan, name, args.limit), show, verdicts),
                )
            )
    tune, held = official_set()
    rows.append(("公文 tuning half", score(tune, show)))
    rows.append(("公文 held-out half", score(held)))
    print(
        "| set | sentences | with error | TP | FP | recall | precision "
        "| FP read: left / norm / not read | precision adjudicated (left only) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, s in rows:
        adjudicated = (
            f"{s['left']} / {s['norm']} / {s['unread']} "
            f"| {s['adjudicated']:.3f} ({s['adjudicated_left']:.3f})"
            if name.startswith("SIGHAN test")
            else "— | —"
        )
        print(
            f"| {name} | {s['sentences']} | {s['with_error']} | {s['tp']} | {s['fp']} "
            f"| {s['recall']:.3f} | {s['precision']:.3f} | {adjudicated} |"
        )


if __name__ == "__main__":
    main()
