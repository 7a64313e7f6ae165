"""Every corpus file that ``check`` accepts converts into Python that compiles.

Runs over ``.corpus/`` (extracted by the parser's tooling) when present.  By default a
deterministic sample of 40 files, without black (which never changes what compiles);
``DELUGE2PY_FULL_CORPUS=1`` runs every file through the whole pipeline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deluge2py.api import check, convert

CORPUS = Path(__file__).resolve().parent.parent / ".corpus"
FULL = os.environ.get("DELUGE2PY_FULL_CORPUS") == "1"


def _files():
    if not CORPUS.is_dir():
        return []
    files = sorted(CORPUS.rglob("*.dg"))
    if FULL or len(files) <= 40:
        return files
    step = len(files) / 40
    return [files[int(i * step)] for i in range(40)]


FILES = _files()


@pytest.mark.skipif(not FILES, reason="no .corpus/ folder")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_accepted_corpus_file_converts_and_compiles(path):
    source = path.read_text(encoding="utf-8", errors="replace")
    if any(d.severity == "error" for d in check(source, path.name)):
        pytest.skip("check rejects this file")
    text = convert(source, path.name, format=FULL)
    compile(text, path.name, "exec")
