"""Parse every file of the real-code corpus and report what is accepted.

The corpus is other people's code and is never committed: extract it first
(see /work/shared/corpus/README.md) into ``.corpus/`` at the repository root.

    python3 benchmarks/corpus.py [--corpus .corpus] [--manifest PATH] [--failures]

Prints the counts by ``kind`` (the manifest column) and, with ``--failures``,
one line per rejected file with its error.  docs/corpus.md is written from it.
"""

from __future__ import annotations

import argparse
import collections
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_MANIFEST = os.path.join(ROOT, "..", "shared", "corpus", "manifest.tsv")


def run(corpus: str, manifest: str):
    """Yield (kind, local_name, error or None) for every manifest row present on disk."""
    from deluge2py.cmd_check import check_file

    with open(manifest, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        path = os.path.join(corpus, row["local_name"])
        if not os.path.exists(path):
            continue
        errors = [d for d in check_file(path) if d.severity == "error"]
        yield row["kind"], row["local_name"], errors[0] if errors else None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(ROOT, ".corpus"))
    ap.add_argument("--manifest", default=DEFAULT_MANIFEST)
    ap.add_argument("--failures", action="store_true", help="list every rejected file")
    args = ap.parse_args(argv)
    counts = collections.Counter()
    failures = []
    for kind, name, error in run(args.corpus, args.manifest):
        counts[kind, error is None] += 1
        if error is not None:
            failures.append((kind, name, error))
    print(f"{'kind':<12} {'files':>6} {'accepted':>9} {'rejected':>9}")
    for kind in sorted({k for k, _ in counts}):
        ok, bad = counts[kind, True], counts[kind, False]
        print(f"{kind:<12} {ok + bad:>6} {ok:>9} {bad:>9}")
    must = [k for k in ("function", "fragment")]
    ok = sum(counts[k, True] for k in must)
    total = ok + sum(counts[k, False] for k in must)
    if total:
        print(f"function+fragment accepted: {ok}/{total} = {100 * ok / total:.1f}%")
    if args.failures:
        for kind, name, error in failures:
            print(f"{kind}\t{name}:{error.line}:{error.column}\t{error.message}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, ROOT)
    sys.exit(main())
