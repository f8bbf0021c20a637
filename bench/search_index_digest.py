"""What each engine would index for every document, as digests to compare.

    PYTHONPATH=$PWD .venv/bin/python bench/search_index_digest.py --var /tmp/c after.tsv
    (cd /tmp/base && PYTHONPATH=$PWD ../wt/.venv/bin/python ../wt/bench/search_index_digest.py \
        --var /tmp/c before.tsv)
    .venv/bin/python bench/search_index_digest.py --compare before.tsv after.tsv

Per document of the cluster under ``--var`` (``all_documents``): a digest of its
tantivy document (every field's value; the pre-tokenized fields as (token,
position) lists, as they reach ``tantivy.PreTokenizedString``; with ``--packed``,
through the form a rebuild's workers send back) and two of its PostgreSQL row
(the row as it is, and with each ``tsvector`` literal read as words and their
positions). Run it with the code before and after a change on ``PYTHONPATH``
(the code is imported from there), then ``--compare``: a change to the
segmentation or to the rows shows as documents that differ.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys


class _Recorded:
    """Stands for ``tantivy.Document``: the values added, in order."""

    def __init__(self) -> None:
        self.values: list = []

    def _add(self, name, value) -> None:
        self.values.append((name, value))

    add_text = add_bytes = add_unsigned = add_pre_tokenized_text = _add

    def add_date(self, name, value) -> None:
        self.values.append((name, value.isoformat()))


def _tokens(text, tokens):
    return ("pre-tokenized", text, [(t.text, t.position) for t in tokens])


def _vector(literal: str) -> list:
    words = {}
    for part in literal.split(" ") if literal else []:
        word, _sep, spots = part.rpartition(":")
        words[word] = spots
    return sorted(words.items())


def _digest(value) -> str:
    return hashlib.sha1(repr(value).encode(), usedforsecurity=False).hexdigest()


def dump(var: str, out: str, *, packed: bool) -> None:
    os.environ.update(JIYUE_VAR_DIR=var, JIYUE_DEMO="1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiyue.settings.admin")
    import django

    django.setup()
    from jiyue.search import lexicon
    from jiyue.search.documents import all_documents
    from jiyue.search.engines import postgres_engine, tantivy_engine

    tantivy_engine.tantivy.Document = _Recorded
    tantivy_engine.tantivy.PreTokenizedString = _tokens
    segmenter = lexicon.current().segmenter
    count = 0
    with open(out, "w") as lines:
        for doc in all_documents():
            if packed:
                tokens = tantivy_engine.segmented_in_worker(doc, segmenter)[1]
                document = tantivy_engine.to_document(doc, tokens=tokens)
            else:
                document = tantivy_engine.to_document(doc, segmenter)
            row = postgres_engine._row(doc, 1, segmenter)
            semantic = (row[:-2], _vector(row[-2]), _vector(row[-1]))
            digests = (_digest(document.values), _digest(semantic), _digest(row))
            lines.write("\t".join((doc.key, *digests)) + "\n")
            count += 1
    print(f"{count} documents → {out}")


def compare(before: str, after: str) -> None:
    with open(before) as a, open(after) as b:
        old = [line.split() for line in a]
        new = [line.split() for line in b]
    print(f"documents: {len(old)} before, {len(new)} after")
    for column, name in (
        (1, "tantivy"),
        (2, "PostgreSQL (read)"),
        (3, "PostgreSQL (bytes)"),
    ):
        differ = [
            x[0]
            for x, y in zip(old, new, strict=False)
            if x[0] != y[0] or x[column] != y[column]
        ]
        print(f"{name}: {len(differ)} differ {differ[:5]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--var")
    parser.add_argument("--packed", action="store_true")
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    if args.compare:
        compare(*args.files)
    elif args.var:
        dump(args.var, args.files[0], packed=args.packed)
    else:
        sys.exit("--var or --compare")


if __name__ == "__main__":
    main()
