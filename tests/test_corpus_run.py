"""The corpus run harness (benchmarks/corpus_run.py): how it classifies a run's ending, and a
small deterministic slice of the real-code corpus (``.corpus/``, never committed; skipped
when absent) that must end without a crash or a timeout."""

from __future__ import annotations

import importlib.util
import os

import pytest

from deluge2py.runtime import DelugeRuntimeError, List, Map, Text
from deluge2py.runtime.dates import DateTime
from deluge2py.runtime.errors import DelugeInternalError, DelugeLimitError, from_python

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, ".corpus")
MANIFEST = os.path.join(ROOT, "..", "shared", "corpus", "manifest.tsv")
SLICE = 16  # files; about two seconds on two cores

_spec = importlib.util.spec_from_file_location("corpus_run", os.path.join(ROOT, "benchmarks",
                                                                          "corpus_run.py"))
corpus_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus_run)


def test_made_up_arguments_follow_type_then_name():
    arg = corpus_run.made_up_argument
    assert arg("dealId", "int") == int(corpus_run.RECORD_ID)
    assert arg("dealId", None) == Text(corpus_run.RECORD_ID) and len(arg("x_id", None)) == 19
    assert arg("contactEmail", None) == "sample@example.com"
    assert isinstance(arg("d", "date"), DateTime)
    assert isinstance(arg("m", "map"), Map) and isinstance(arg("ids", "list"), List)
    assert arg("flag", "bool") is False
    assert type(arg("name", None)) is Text


def test_classification_of_endings():
    classify = corpus_run.classify
    assert classify(None) == ("returned", "")
    assert classify(DelugeLimitError("Too many statements"))[0] == "limit"
    assert classify(DelugeRuntimeError("invokeurl GET https://x is blocked: deluge2py makes "
                                       "no network calls unless asked"))[0] == "network"
    assert classify(DelugeRuntimeError("Not able to find 'foo' function for TEXT"))[0] == "missing"
    assert classify(DelugeRuntimeError("Function 'standalone.f' is not defined"))[0] == "external"
    assert classify(DelugeRuntimeError("'get' function cannot be applied on null"))[0] == "deluge"
    try:
        {Map(): 1}
    except TypeError as exc:
        internal = from_python(exc)
    assert isinstance(internal, DelugeInternalError)
    assert classify(internal) == ("crash", "TypeError: unhashable type: 'Map'")
    assert classify(KeyError("k"))[0] == "crash"


def test_a_hanging_file_is_a_timeout_not_a_stuck_harness(tmp_path, monkeypatch):
    import time

    monkeypatch.setattr(corpus_run, "run_file", lambda path: time.sleep(30))
    [(path, results)] = list(corpus_run.run_bounded([str(tmp_path / "hang.dg")], timeout=0.5))
    assert results[0][1] == "timeout"


def test_run_file_on_a_script_of_our_own(tmp_path):
    script = tmp_path / "own.dg"
    script.write_text('r = zoho.crm.getRecordById("Deals", input.dealId);\n'
                      'info r.get("code");\nx = r.get("Deal_Name").length();\n')
    [(name, outcome, reason, _)] = corpus_run.run_file(str(script))
    assert (outcome, reason) == ("deluge", "'length' function cannot be applied on null")


pytestmark_corpus = pytest.mark.skipif(
    not (os.path.isdir(CORPUS) and os.path.exists(MANIFEST)),
    reason="the corpus is not extracted (see docs/corpus.md)")


@pytestmark_corpus
def test_a_slice_of_the_corpus_runs_without_crash_or_timeout():
    paths = corpus_run.corpus_files(CORPUS, MANIFEST)
    step = max(1, len(paths) // SLICE)
    sample = paths[::step][:SLICE]
    bad = []
    for path, results in corpus_run.run_bounded(sample, jobs=2, timeout=20):
        bad += [(os.path.basename(path), r[1], r[2]) for r in results
                if r[1] in ("crash", "timeout")]
    assert not bad


def test_argument_profiles_give_one_value_for_every_parameter(monkeypatch):
    monkeypatch.setattr(corpus_run, "_profile", "null")
    assert corpus_run.argument_for("dealId", "int") is None
    monkeypatch.setattr(corpus_run, "_profile", "list")
    assert isinstance(corpus_run.argument_for("x", None), List)
    monkeypatch.setattr(corpus_run, "_profile", "typed")
    assert corpus_run.argument_for("dealId", None) == corpus_run.RECORD_ID
