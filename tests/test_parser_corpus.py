"""The real-code corpus (``.corpus/``, never committed): every file ends in an AST or a
positioned DelugeSyntaxError, and the accepted share stays where docs/corpus.md says."""

import csv
import os

import pytest

from deluge2py.errors import DelugeSyntaxError
from deluge2py.parser import parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, ".corpus")
MANIFEST = os.path.join(ROOT, "..", "shared", "corpus", "manifest.tsv")

pytestmark = pytest.mark.skipif(not (os.path.isdir(CORPUS) and os.path.exists(MANIFEST)),
                                reason="the corpus is not extracted (see docs/corpus.md)")


def test_corpus_parses_or_fails_cleanly():
    with open(MANIFEST, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    accepted = total = 0
    for row in rows:
        path = os.path.join(CORPUS, row["local_name"])
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            source = f.read()
        try:
            parse(source, path)
            ok = True
        except DelugeSyntaxError as e:
            assert e.line is not None and e.column is not None, path
            ok = False
        if row["kind"] in ("function", "fragment"):
            total += 1
            accepted += ok
    assert total == 0 or accepted / total >= 0.95
