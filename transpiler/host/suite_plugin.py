"""The pytest plugin ``deluge2py test`` adds to the suites it runs (``-p``).

Unlike ``deluge2py.host.pytest_plugin`` (the fixtures, an entry point loaded by every
pytest run wherever deluge2py is installed), this one is loaded only by ``deluge2py
test``, because what it does is that command's promise, not every project's:

* It installs the import hook (``deluge2py.host.importer``), so a test can say
  ``from add import add`` for the ``add.dg`` beside it (pytest puts a test file's
  folder on ``sys.path``), as a script that imports the hook can.
* ``--deluge-quiet`` drops the progress letters (``.F.s``).  ``deluge2py test -q``
  gives it with ``-qq`` (no closing counts) and ``console_output_style=classic``
  (no percentage), and trims the blank lines pytest always writes: the failures
  and errors, with their short summary lines, are shown as ``pytest -q`` shows
  them, and nothing at all when every test passes.
"""

from __future__ import annotations

import pytest

QUIET = "--deluge-quiet"


def pytest_addoption(parser):
    parser.getgroup("deluge2py").addoption(
        QUIET, action="store_true", default=False,
        help="no progress letters (deluge2py test -q)")


def pytest_configure(config):
    from deluge2py.host import importer

    importer.install()


@pytest.hookimpl(wrapper=True)
def pytest_report_teststatus(report, config):
    """Under ``--deluge-quiet`` no test prints a progress letter (pytest counts it all the same)."""
    category, letter, word = yield
    if config.getoption("deluge_quiet"):
        return category, "", word  # the word is the short summary's FAILED / ERROR
    return category, letter, word
