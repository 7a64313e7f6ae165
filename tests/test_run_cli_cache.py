"""`deluge2py run` keeps its conversions in the conversion cache: a repeated run of an
unchanged file loads neither the parser nor black, and prints the same warnings."""

import os
import subprocess
import sys

SOURCE = 'name = "Ann";\ninfo "hello " + name + nmae;\n'

# Runs the CLI in a fresh interpreter and says which heavy modules the run loaded.
PROBE = """
import sys
from deluge2py.cli import main
code = main(sys.argv[1:])
print("loaded:", " ".join(m for m in ("deluge2py.parser", "black", "lark") if m in sys.modules))
raise SystemExit(code)
"""


def _run(tmp_path, script, *args):
    env = dict(os.environ, DELUGE2PY_CACHE_DIR=str(tmp_path / "cache"))
    return subprocess.run([sys.executable, "-c", PROBE, "run", str(script), *args],
                          capture_output=True, text=True, timeout=120, env=env)


def test_a_repeated_run_comes_from_the_cache_with_its_warnings(tmp_path):
    script = tmp_path / "hello.dg"
    script.write_text(SOURCE)
    first = _run(tmp_path, script, "--arg", "nmae=Bo")
    assert first.returncode == 0, first.stderr
    assert "loaded: deluge2py.parser black lark" in first.stdout
    second = _run(tmp_path, script, "--arg", "nmae=Bo")
    assert second.returncode == 0, second.stderr
    assert "loaded: \n" in second.stdout + "\n" and "hello AnnBo" in second.stdout
    assert "did you mean 'name'" in second.stderr and second.stderr == first.stderr

    script.write_text(SOURCE.replace("hello", "bye"))  # an edit is converted again
    third = _run(tmp_path, script, "--arg", "nmae=Bo")
    assert "bye AnnBo" in third.stdout and "deluge2py.parser" in third.stdout


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path):
    (tmp_path / "cache").write_text("a file where the cache folder would be")
    script = tmp_path / "hello.dg"
    script.write_text(SOURCE)
    done = _run(tmp_path, script, "--arg", "nmae=Bo")
    assert done.returncode == 0 and "hello AnnBo" in done.stdout


def test_the_cache_key_covers_the_runtime_the_catalog_is_built_from():
    # A built-in added to a runtime module (the catalog reads the value classes and the
    # built-in modules) must not leave cached conversions warning "unknown method".
    from deluge2py.host.cache import fingerprinted_files

    names = {(path.parent.name, path.name) for path in fingerprinted_files()}
    for expected in [("builtins", "dates_fn.py"), ("builtins", "catalog.py"),
                     ("runtime", "dates.py"), ("runtime", "values.py"),
                     ("grammar", "deluge.lark")]:
        assert expected in names, expected
    assert "codegen.py" in {name for _, name in names}
