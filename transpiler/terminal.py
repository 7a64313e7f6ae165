"""Terminal manners shared by every command: exit codes, the wording of failures,
colour, verbosity and progress.

* Exit codes: ``OK`` 0 (all good), ``DELUGE`` 1 (a Deluge error: a file that does not
  parse or convert, a function that failed, ``--check`` finding work), ``USAGE`` 2 (a
  bad flag or argument, a missing or unreadable file, bad settings, fixtures or
  responses, nothing to do).  The README's exit-code table lists them per command.
* A usage failure reads ``deluge2py COMMAND: error: MESSAGE`` (argparse's own wording);
  a Deluge error reads ``file.dg:LINE:COL: error: message`` plus the source line.
* Colour and bold through rich, only on a terminal, never under ``NO_COLOR``
  (https://no-color.org) or ``TERM=dumb``; rich is imported only when colour is on.
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager

OK = 0
DELUGE = 1
USAGE = 2

_DIAGNOSTIC = re.compile(r"^(?P<where>\S.*?:(?:\d+:)*) (?P<kind>error|warning|note):(?P<rest>.*)$")
_STYLES = {"error": "bold red", "warning": "bold magenta", "note": "bold cyan"}


def colour_enabled(stream=None) -> bool:
    stream = stream if stream is not None else sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class Output:
    """Where a command prints: ``say`` for normal output (silenced by ``-q``),
    ``detail`` for ``-v`` output, ``diagnostic`` for ``file:line: error:`` lines
    (always shown), each styled when colour is on."""

    def __init__(self, quiet: bool = False, verbose: int = 0, stdout=None, stderr=None):
        self.quiet = quiet
        self.verbose = verbose
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self._consoles: dict[int, object] = {}

    @classmethod
    def from_args(cls, args) -> "Output":
        return cls(quiet=bool(getattr(args, "quiet", False)), verbose=int(getattr(args, "verbose", 0) or 0))

    def write(self, text: str, stream, style: str | None = None) -> None:
        """``text`` and a newline on ``stream``, styled when colour is on there."""
        if style and colour_enabled(stream):
            console = self._console(stream)
            from rich.text import Text

            console.print(Text(text, style=style), end="\n", soft_wrap=True)
            return
        stream.write(text + "\n")

    def _console(self, stream):
        console = self._consoles.get(id(stream))
        if console is None:
            from rich.console import Console

            console = Console(file=stream, force_terminal=True, highlight=False, emoji=False)
            self._consoles[id(stream)] = console
        return console

    def say(self, text: str, style: str | None = None, err: bool = False) -> None:
        if not self.quiet:
            self.write(text, self.stderr if err else self.stdout, style)

    def show(self, text: str, style: str | None = None) -> None:
        """What the command was asked for: on stdout even under ``-q``."""
        self.write(text, self.stdout, style)

    def detail(self, text: str, err: bool = True) -> None:
        if self.verbose and not self.quiet:
            self.write(text, self.stderr if err else self.stdout, "dim")

    def diagnostic(self, text: str, stream=None) -> None:
        """A formatted error or warning (first line ``where: error: message``)."""
        stream = stream if stream is not None else self.stderr
        first, _, rest = text.partition("\n")
        match = _DIAGNOSTIC.match(first)
        if match is None or not colour_enabled(stream):
            stream.write(text if text.endswith("\n") else text + "\n")
            return
        from rich.text import Text

        line = Text()
        line.append(match["where"], style="bold")
        line.append(" ")
        line.append(match["kind"] + ":", style=_STYLES[match["kind"]])
        line.append(match["rest"], style="bold")
        console = self._console(stream)
        console.print(line, soft_wrap=True)
        if rest:
            stream.write(rest if rest.endswith("\n") else rest + "\n")


def fail(command: str, message: str, stream=None) -> int:
    """Report a usage failure the one way every command does; returns ``USAGE``."""
    stream = stream if stream is not None else sys.stderr
    Output(stderr=stream).diagnostic(f"deluge2py {command}: error: {message}", stream)
    return USAGE


def missing(command: str, path: str, stream=None) -> int:
    return fail(command, f"{path}: no such file or folder", stream)


def check_inputs(command: str, *paths) -> int | None:
    """``USAGE`` (reported) when one of the input files named is missing, else None."""
    for path in paths:
        if path and path != "-" and not os.path.exists(path):
            return missing(command, str(path))
    return None


def file_error(command: str, exc: OSError, path: str | None = None, stream=None) -> int:
    """A file that could not be read or written, worded the one way."""
    import errno

    name = exc.filename or path or "?"
    if exc.errno == errno.ENOENT:
        return missing(command, name, stream)
    return fail(command, f"{name}: cannot read or write: {exc.strerror or exc}", stream)


@contextmanager
def progress(total: int, label: str, output: Output | None = None, *, threshold: int = 2):
    """A progress bar on stderr while work over ``total`` items runs, shown only on a
    terminal (and not under ``-q``) when there are at least ``threshold`` items; yields
    ``advance(description=None)``."""
    stream = output.stderr if output is not None else sys.stderr
    quiet = output.quiet if output is not None else False
    if quiet or total < threshold or not colour_enabled(stream):
        yield lambda description=None: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(file=stream, force_terminal=True)
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   console=console, transient=True)
    with bar:
        task = bar.add_task(label, total=total)

        def advance(description: str | None = None) -> None:
            bar.update(task, advance=1, description=description or label)

        yield advance
