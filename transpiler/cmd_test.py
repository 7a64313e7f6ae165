"""``deluge2py test [PYTEST ARGS...] [--watch]``: run the project's pytest suite.

pytest runs in a child process (a fresh interpreter each time, so a changed ``.dg`` is
converted again) with the deluge2py plugin loaded as usual, plus
``deluge2py.host.suite_plugin``: a test can ``import add`` for the ``add.dg`` beside it,
and ``-q`` shows only failures and errors (nothing when all pass).  pytest writes to
our standard output as it goes.  With ``--watch`` the suite runs again whenever a
``.dg`` (or a test's ``.py``) under the watched folders is saved, and only the tests
whose outcome changed are printed, with the failure of each test that newly fails
(``-q``: only those failures, and the failing tests of the first run).  Exit codes:
0 every test passed, 1 a test failed, 2 pytest could not run (a usage error, nothing
collected).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
NO_TESTS = 5  # pytest's exit code when it collected no test


def add_arguments(parser) -> None:
    parser.unrecognized_hint = "pytest's options go after --: deluge2py test -- -x -k NAME"
    parser.add_argument("--watch", action="store_true",
                        help="run again whenever a .dg or test file changes; print what changed")
    parser.add_argument("pytest_args", nargs="*", metavar="PYTEST ARG",
                        help="passed to pytest (files, folders, -k EXPR, ...; put -- before "
                             "options); default: the project's sources setting, else here")


#: pytest's options for deluge2py's verbosity: ``-q`` leaves only failures and errors
#: (no progress, no closing counts; see ``deluge2py.host.suite_plugin``), the default
#: is ``pytest -q``, and each ``-v`` is one of pytest's.
QUIET_OPTIONS = ["-qq", "-o", "console_output_style=classic", "--deluge-quiet"]


def verbosity_options(quiet: bool = False, verbose: int = 0) -> list[str]:
    if quiet:
        return list(QUIET_OPTIONS)
    return ["-v"] * verbose if verbose else ["-q"]


def pytest_command(pytest_args, verbosity=("-q",), report: str | None = None) -> list[str]:
    """The child pytest's command line, with ``deluge2py.host.suite_plugin`` (``.dg``
    imports, quiet output) and, for ``--watch``, a JUnit XML report."""
    command = [sys.executable, "-m", "pytest", *verbosity, "-p", "no:cacheprovider",
               "-p", "deluge2py.host.suite_plugin"]
    if report is not None:
        command.append(f"--junitxml={report}")
    return command + list(pytest_args)


def run_once(pytest_args, verbosity, quiet: bool) -> int:
    """One run; pytest's exit code.  pytest writes straight to our standard output (as it
    goes, coloured on a terminal) when that is a real file; quiet output is read and
    trimmed of the blank lines pytest writes around it (nothing when all passed)."""
    command = pytest_command(pytest_args, verbosity)
    sys.stdout.flush()
    target = None if quiet else _file_descriptor(sys.stdout)
    if target is not None:
        return subprocess.run(command, stdout=target, stderr=subprocess.STDOUT).returncode
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    text = proc.stdout
    if quiet:
        text = text.strip("\n") + "\n" if text.strip("\n") else ""
    sys.stdout.write(text)
    return proc.returncode


def _file_descriptor(stream) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
        return None


def run_pytest(pytest_args) -> tuple[int, dict[str, tuple[str, str]]]:
    """pytest's exit code and ``{test id: (outcome, failure text)}`` from its JUnit XML
    (``--watch``: pytest's own output is not shown)."""
    with tempfile.TemporaryDirectory(prefix="deluge2py-test-") as folder:
        report = os.path.join(folder, "report.xml")
        proc = subprocess.run(pytest_command(pytest_args, report=report),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        outcomes = _read_junit(report) if os.path.exists(report) else {}
    return proc.returncode, outcomes


def _read_junit(path: str) -> dict[str, tuple[str, str]]:
    outcomes = {}
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
        outcome, text = PASSED, ""
        for child in case:
            if child.tag in ("failure", "error"):
                outcome, text = FAILED, (child.get("message") or "").strip()
            elif child.tag == "skipped":
                outcome = SKIPPED
        outcomes[test_id] = (outcome, text)
    return outcomes


def exit_code(pytest_code: int) -> int:
    """pytest's codes folded into deluge2py's: 0 passed, 1 failed, 2 anything else."""
    return pytest_code if pytest_code in (0, 1) else 2


def summary(outcomes: dict) -> str:
    counts = {PASSED: 0, FAILED: 0, SKIPPED: 0}
    for outcome, _ in outcomes.values():
        counts[outcome] += 1
    return ", ".join(f"{n} {name}" for name, n in counts.items() if n or name == PASSED)


def changes(before: dict, after: dict) -> list[tuple[str, str, str | None, str]]:
    """``(test id, outcome, previous outcome or None, failure text)`` of the tests whose
    outcome changed, appeared (``None`` before) or went away (outcome ``"removed"``)."""
    found = []
    for test_id, (outcome, text) in after.items():
        previous = before.get(test_id, (None, ""))[0]
        if outcome != previous:
            found.append((test_id, outcome, previous, text))
    for test_id, (outcome, _) in before.items():
        if test_id not in after:
            found.append((test_id, "removed", outcome, ""))
    return found


def _show_failure(out, test_id: str, was: str, text: str) -> None:
    """A failing test and the start of its failure: shown even under ``-q``."""
    out.show(f"FAILED  {test_id}{was}", style="bold red")
    for line in text.splitlines()[:6]:
        out.show(f"    {line}")


def run(args) -> int:
    from .host.settings import load
    from .terminal import Output, fail

    out = Output.from_args(args)
    pytest_args = list(args.pytest_args) or list(load().sources or [])
    if not args.watch:
        code = run_once(pytest_args, verbosity_options(args.quiet, args.verbose), args.quiet)
        if code == NO_TESTS and args.quiet:  # pytest -qq does not say so
            fail("test", "no tests were collected")
        return exit_code(code)
    code, outcomes = run_pytest(pytest_args)
    out.say(f"{summary(outcomes)}", style="bold")
    for test_id, (outcome, text) in outcomes.items():
        if outcome == FAILED and out.quiet:  # quiet: what fails, and nothing else
            _show_failure(out, test_id, "", text)
    if code not in (0, 1):  # even under -q: the suite did not run
        out.write(f"pytest exited with {code}; watching anyway", out.stderr)
    from .watch import watch_sources

    folders = [p for p in pytest_args if os.path.exists(p)] or ["."]
    state = {"outcomes": outcomes}

    def again(changed: set[str]) -> None:
        code, now = run_pytest(pytest_args)
        for test_id, outcome, previous, text in changes(state["outcomes"], now):
            was = f" (was {previous})" if previous else " (new)"
            if outcome == FAILED:
                _show_failure(out, test_id, was, text)
            else:
                out.say(f"{outcome}  {test_id}{was}", style="green" if outcome == PASSED else None)
        state["outcomes"] = now
        out.say(summary(now), style="bold")
        if code not in (0, 1):
            out.write(f"pytest exited with {code}", out.stderr)

    return watch_sources(folders, again, out, extra_suffixes=(".py",))
