"""Tracebacks of generated code in Deluge terms.

Adds a ``Deluge: deal.dg, line 14: ...`` note to exceptions (``add_deluge_note``)
and prints tracebacks without deluge2py's own frames (``format_traceback``,
``format_deluge_error``, ``install_excepthook``).  The line map itself is the
runtime's ``sourcemap``.
"""

from __future__ import annotations

import os
import sys
import traceback

from deluge2py.runtime.sourcemap import DelugeLocation, deluge_frames, deluge_location

__all__ = [
    "NOTE_PREFIX",
    "TRACEBACK_ENV",
    "add_deluge_note",
    "format_deluge_error",
    "format_traceback",
    "full_tracebacks",
    "install_excepthook",
    "is_deluge2py_file",
    "uninstall_excepthook",
]

NOTE_PREFIX = "Deluge: "
TRACEBACK_ENV = "DELUGE2PY_TRACEBACK"



def add_deluge_note(exc: BaseException) -> BaseException:
    """Add ``Deluge: file, line N: source`` (and the Deluge callers) as a note
    to ``exc`` and to the exceptions it chains, once.  Returns ``exc``."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        notes = getattr(exc, "__notes__", ())
        already = any(isinstance(n, str) and n.startswith(NOTE_PREFIX) for n in notes)
        frames = deluge_frames(exc.__traceback__)
        if frames and not already:
            lines = [NOTE_PREFIX + frames[-1].describe()]
            lines += [f"  called from {f.describe()}" for f in reversed(frames[:-1])]
            exc.add_note("\n".join(lines))
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return exc


def _tool_folders() -> tuple[str, ...]:
    """Folders of deluge2py's own code (the runtime and the transpiler)."""
    import deluge2py
    import deluge2py.runtime

    folders = [os.path.dirname(os.path.abspath(deluge2py.runtime.__file__)),
               os.path.dirname(os.path.abspath(deluge2py.__file__))]
    return tuple(folder + os.sep for folder in folders)


def is_deluge2py_file(filename: str) -> bool:
    """True for a file of deluge2py's own code (not for generated modules)."""
    return os.path.abspath(str(filename)).startswith(_tool_folders())


def full_tracebacks() -> bool:
    """True when ``DELUGE2PY_TRACEBACK=full`` asks to see deluge2py's own frames."""
    return os.environ.get(TRACEBACK_ENV, "").strip().lower() == "full"


def _hide_tool_frames(te: traceback.TracebackException, seen) -> None:
    if id(te) in seen:
        return
    seen.add(id(te))
    kept = [f for f in te.stack if not is_deluge2py_file(f.filename)]
    hidden = len(te.stack) - len(kept)
    if hidden:
        te.stack = traceback.StackSummary.from_list(kept)
        plural = "s" if hidden > 1 else ""
        te.__notes__ = list(te.__notes__ or ()) + [
            f"({hidden} deluge2py frame{plural} hidden; {TRACEBACK_ENV}=full shows them)"
        ]
    for chained in (te.__cause__, te.__context__, *(getattr(te, "exceptions", None) or ())):
        if chained is not None:
            _hide_tool_frames(chained, seen)


def format_traceback(exc: BaseException, full: bool | None = None) -> str:
    """The Python traceback of ``exc`` with its Deluge note, without deluge2py's
    own frames unless ``full`` (default: ``DELUGE2PY_TRACEBACK=full``)."""
    add_deluge_note(exc)
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__, compact=True)
    if not (full_tracebacks() if full is None else full):
        _hide_tool_frames(te, set())
    return "".join(te.format())


def format_deluge_error(exc: BaseException, full: bool | None = None,
                        traceback: bool = True) -> str:
    """The report ``deluge2py run`` prints for an error: the Deluge location and
    message first, then (unless ``traceback`` is false) the Python traceback (see
    ``format_traceback``)."""
    syntax_format = getattr(exc, "format", None)
    if isinstance(exc, SyntaxError) and callable(syntax_format):
        return syntax_format() + "\n"  # a DelugeSyntaxError: compiler style
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    location = deluge_location(exc)
    if location is None and getattr(exc, "lineNo", None):
        location = DelugeLocation(str(getattr(exc, "file", None) or "<deluge>"), int(exc.lineNo))
    if location is None:
        head = f"error: {message}"
    else:
        head = f"{location.display}:{location.line}: error: {message}"
        if location.text:
            head += f"\n    {location.text}"
    if not traceback:
        return head + "\n"
    return f"{head}\n\n{format_traceback(exc, full)}"


_previous_hook = None


def _excepthook(exc_type, exc, tb):
    if exc is None or not isinstance(exc, BaseException):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None:
        exc.__traceback__ = tb
    sys.stderr.write(format_traceback(exc))


def install_excepthook() -> None:
    """Make uncaught exceptions print with their Deluge note and without
    deluge2py's frames.  Idempotent; ``uninstall_excepthook`` restores."""
    global _previous_hook
    if sys.excepthook is not _excepthook:
        _previous_hook = sys.excepthook
        sys.excepthook = _excepthook


def uninstall_excepthook() -> None:
    global _previous_hook
    if sys.excepthook is _excepthook:
        sys.excepthook = _previous_hook or sys.__excepthook__
    _previous_hook = None
