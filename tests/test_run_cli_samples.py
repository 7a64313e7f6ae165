"""Every sample runs through ``deluge2py run`` exactly as samples/README.md (and the
top-level README) document it."""

import json
import os
import shlex

import pytest

from deluge2py.cli import main

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")
SAMPLE_DIRS = sorted(name for name in os.listdir(SAMPLES)
                     if os.path.isdir(os.path.join(SAMPLES, name)) and not name.startswith(("_", ".")))


def documented_commands():
    """The ``deluge2py run ...`` commands of the READMEs, as argument lists after ``deluge2py``."""
    commands = []
    for readme in (os.path.join(SAMPLES, "README.md"), os.path.join(ROOT, "README.md")):
        with open(readme, encoding="utf-8") as fh:
            for line in fh:
                start = line.find("deluge2py run samples/")
                if start >= 0:
                    commands.append(shlex.split(line[start:])[1:])
    return commands


COMMANDS = documented_commands()


def sample_of(command):
    return command[1].split("/")[1]


def test_every_sample_has_a_documented_command():
    assert sorted({sample_of(c) for c in COMMANDS}) == SAMPLE_DIRS


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: sample_of(c))
def test_documented_command_runs(command, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(ROOT)
    code = main([*command, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    out = json.loads(captured.out)
    assert out["error"] is None
    assert out["credits"]["function"] == 1
    assert out["credits"]["api"] >= 1


def ids_in(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" or key.endswith("_Id") or key.endswith("_id"):
                yield item
            yield from ids_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from ids_in(item)


def test_sample_ids_fit_a_java_long():
    """Zoho record ids are Java longs; an id past 2^63 - 1 cannot be passed with --arg."""
    found = []
    for name in SAMPLE_DIRS:
        with open(os.path.join(SAMPLES, name, "fixtures.json"), encoding="utf-8") as fh:
            found += [str(i) for i in ids_in(json.load(fh)) if str(i).isdigit()]
    found += [arg.partition("=")[2] for c in COMMANDS for arg in c if "=" in arg]
    assert found
    assert all(int(i) < 2 ** 63 for i in found if i.isdigit())
