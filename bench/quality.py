"""Benchmark of the quality gate (not a test: prints figures, asserts nothing).

    .venv/bin/python bench/quality.py [--mb 10]
    .venv/bin/python bench/quality.py --typos   # precision/recall of typo_statistical

Input: ~10 MB of government text, built deterministically by shuffling the
sentences of the four corpus documents (jiyue/content/demo/corpus), with planted faults
(typos, wrong 文号, an ID number, a mobile number, mojibake, a spam phrase),
cut into articles of ~8 KB as the pre-publish gate sees them.
Peer: a naive baseline, one regular expression per lexicon word (~40,000), run
on a slice and extrapolated (the full run would take many minutes).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jiyue.quality import check_text  # noqa: E402
from jiyue.quality.lexicons import DATA_DIR  # noqa: E402

CORPUS = ROOT / "jiyue" / "content" / "demo" / "corpus"
FAULTS = [
    "资金拔款已于本月到位，关健在于落实。",
    "根据国办发[2014]57号文件要求，请登陆系统填报。",
    "联系人手机13812345678，身份证号11010519491231002X。",
    "页面出现锟斤拷乱码和&amp;nbsp;残留。",
    "免费观看成人小电影请访问000.bbexe.cn。",
]
ARTICLE_CHARS = 2700  # ~8 KB of UTF-8


def sentences() -> list[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md")))
    return [s + "。" for s in re.split(r"[。\n]", text) if len(s.strip()) > 4]


def build_articles(megabytes: float) -> list[str]:
    rng = random.Random(20240101)  # noqa: S311 - deterministic input, not security
    pool = sentences()
    articles: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        parts: list[str] = []
        while sum(map(len, parts)) < ARTICLE_CHARS:
            parts.append(rng.choice(pool))
            if rng.random() < 0.02:
                parts.append(rng.choice(FAULTS))
        article = "\n".join(parts)
        articles.append(article)
        size += len(article.encode("utf-8"))
    return articles


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lexicon_words() -> list[str]:
    lines = (
        (DATA_DIR / "sensitive_words_tagged.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    return [line.rpartition(" ")[0] for line in lines if line.strip()]


def timed(fn, repeat: int = 1):
    """Result and the best wall time of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return result, best


def naive_baseline(text: str, words: list[str]) -> int:
    hits = 0
    for word in words:
        hits += sum(1 for _ in re.finditer(re.escape(word), text))
    return hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--baseline-kb", type=float, default=50.0)
    args = parser.parse_args()

    articles = build_articles(args.mb)
    total_mb = sum(len(a.encode("utf-8")) for a in articles) / 1_000_000
    words = lexicon_words()
    rss_before = max_rss_mb()
    _, warmup = timed(lambda: check_text("关健在于落实"))  # also starts jieba
    rss_loaded = max_rss_mb()

    findings, gate_s = timed(lambda: sum(len(check_text(a)) for a in articles), 3)
    rss_gate = max_rss_mb()
    _, sens_s = timed(
        lambda: sum(len(check_text(a, checkers=["sensitive_word"])) for a in articles),
        3,
    )

    _, stat_s = timed(
        lambda: sum(
            len(check_text(a, checkers=["typo_statistical"])) for a in articles
        ),
        3,
    )
    _, curated_s = timed(
        lambda: sum(len(check_text(a, checkers=["typo"])) for a in articles), 3
    )

    joined = "\n".join(articles)
    _, one_s = timed(lambda: len(check_text(joined)), 3)
    slice_chars = int(args.baseline_kb * 1000 / 3)
    piece = joined[:slice_chars]
    piece_mb = len(piece.encode("utf-8")) / 1_000_000
    _, base_s = timed(lambda: naive_baseline(piece, words))
    base_rate = piece_mb / base_s

    print("times: best of 3 runs, one core; baseline: one run on a slice, extrapolated")
    print(
        f"input: {total_mb:.2f} MB UTF-8 in {len(articles)} articles; lexicon {len(words)} words"
    )
    print(
        f"load (lexicons, automata, jieba): {warmup:.2f} s; max RSS {rss_before:.0f} -> {rss_loaded:.0f} MB"
    )
    print(
        f"gate, all checkers:      {gate_s:6.2f} s  {total_mb / gate_s:6.2f} MB/s  ({findings} findings)"
    )
    print(f"sensitive_word only:     {sens_s:6.2f} s  {total_mb / sens_s:6.2f} MB/s")
    print(
        f"typo (curated) only:     {curated_s:6.2f} s  {total_mb / curated_s:6.2f} MB/s"
    )
    print(f"typo_statistical only:   {stat_s:6.2f} s  {total_mb / stat_s:6.2f} MB/s")
    print(
        f"gate, one {total_mb:.0f} MB document: {one_s:6.2f} s  {total_mb / one_s:6.2f} MB/s"
    )
    print(f"peak RSS after gate run: {rss_gate:.0f} MB (process total)")
    print(
        f"naive baseline (one regex per word, {len(words)} regexes) on a {piece_mb * 1000:.0f} KB slice: "
        f"{base_s:.2f} s = {base_rate:.4f} MB/s; extrapolated to {total_mb:.1f} MB: {total_mb / base_rate:.0f} s"
    )
    print(
        f"speed-up vs baseline: gate {total_mb / gate_s / base_rate:.0f}x, sensitive_word {total_mb / sens_s / base_rate:.0f}x"
    )


PAIRS = ROOT / "bench" / "data" / "typo_pairs.tsv"
HELD_OUT = [
    ROOT.parent / "shared" / "reference" / n
    for n in ("national-standards.md", "peer-systems.md")
]
CARRIER = "各有关单位要按照要求，认真做好{}相关工作。"


def typo_pairs() -> list[tuple[str, str, str]]:
    rows = [line.split("\t") for line in PAIRS.read_text("utf-8").splitlines()]
    return [
        (r[0], r[1], r[2]) for r in rows if len(r) == 3 and not r[0].startswith("#")
    ]


def statistical(text: str) -> list[str]:
    """Evidence of the statistical method alone (without the curated list)."""
    from jiyue.quality.checkers import registry
    from jiyue.quality.checkers.typo_stats import suspects

    model = registry.get("typo_statistical").data()
    runs = re.findall(r"[\u4e00-\u9fff]{2,}", text)
    return [pair for run in runs for _, pair, _ in suspects(model, run)]


def curated(text: str) -> list[str]:
    return [f.evidence for f in check_text(text, checkers=["typo"])]


def score(method, pairs, corpus_sentences, runs) -> None:
    tp = fp = 0
    hits_by_kind: dict[str, list[int]] = {}
    for kind, wrong, text in positives(pairs, corpus_sentences):
        found = method(text)
        hit = any(e in wrong for e in found)
        tp += hit
        fp += sum(1 for e in found if e not in wrong)
        hits_by_kind.setdefault(kind, []).append(hit)
    corpus_fp = sum(len(method(s)) for s in corpus_sentences)
    held_fp = [e for r in runs for e in method(r)]
    total = sum(map(len, hits_by_kind.values()))
    recall = ", ".join(
        f"{kind} {sum(h)}/{len(h)} = {sum(h) / len(h):.0%}"
        for kind, h in sorted(hits_by_kind.items())
    )
    fp_total = fp + corpus_fp + len(held_fp)
    print(f"  recall: all {tp}/{total} = {tp / total:.0%}; {recall}")
    print(
        f"  false alarms: {fp} in positives, {corpus_fp} in corpus sentences (tuning), "
        f"{len(held_fp)} in held-out runs {held_fp[:8]}"
    )
    print(f"  precision: {tp}/{tp + fp_total} = {tp / max(tp + fp_total, 1):.0%}")


def positives(pairs, corpus_sentences):
    for wrong, right, kind in pairs:
        hosts = [s for s in corpus_sentences if right in s][:3] or [
            CARRIER.format(right)
        ]
        for host in hosts:
            yield kind, wrong, host.replace(right, wrong, 1)


def held_out_runs() -> list[str]:
    runs = []
    for path in HELD_OUT:
        runs += re.findall(
            r"[\u4e00-\u9fff，、：“”（）〔〕]{4,}", path.read_text("utf-8")
        )
    return runs


def typo_eval() -> None:
    pairs = typo_pairs()
    corpus_sentences = sentences()
    runs = held_out_runs()
    print(
        f"labelled pairs: {len(pairs)}; corpus sentences: {len(corpus_sentences)}; "
        f"held-out runs: {len(runs)}"
    )
    methods = {
        "curated list (typo)": curated,
        "statistical alone (typo_statistical)": statistical,
        "both": lambda t: sorted(set(curated(t)) | set(statistical(t))),
    }
    for name, method in methods.items():
        print(name)
        score(method, pairs, corpus_sentences, runs)


if __name__ == "__main__":
    if "--typos" in sys.argv:
        typo_eval()
    else:
        main()
