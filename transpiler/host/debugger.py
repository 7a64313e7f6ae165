"""The Deluge pdb: pdb that speaks Deluge lines (``DelugePdb``, ``set_trace``).

``PYTHONBREAKPOINT=deluge2py.host.debugger.set_trace`` makes ``breakpoint()``
open it.  ``pdb`` is imported only when ``DelugePdb`` is first used.
"""

from __future__ import annotations

import linecache
import os
import sys

from deluge2py.runtime.sourcemap import (DelugeLocation, frame_location, is_generated, line_table,
                                         source_name)

from .files import is_source
from .tracebacks import full_tracebacks

__all__ = ["DelugePdb", "set_trace"]



def _in_tool_code(frame) -> bool:
    """True for deluge2py's own frames and for what they call (the standard
    library working for the runtime), up to the nearest generated frame."""
    while frame is not None:
        if is_generated(frame):
            return False
        name = frame.f_globals.get("__name__") or ""
        if name == "deluge2py" or name.startswith("deluge2py."):
            return True
        frame = frame.f_back
    return False


def _make_debugger_class():
    import pdb

    class DelugePdb(pdb.Pdb):
        """pdb that speaks Deluge lines.

        At every stop it prints ``-> dg N: <Deluge source>`` under pdb's own
        ``-> <Python source>``.  Extra commands: ``dgbreak``, ``dgp``, ``dglist``
        (see their help).  In Deluge code ``break``, ``list`` and ``until`` take
        Deluge line numbers; ``py:`` reaches the generated Python (``break py:23``).
        Stepping never stops in deluge2py's own code nor in what it calls, unless
        ``DELUGE2PY_TRACEBACK=full``.
        """

        prompt = "(dgpdb) "

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.prompt = DelugePdb.prompt
            self.show_internals = full_tracebacks()
            # The .dg file that ``dgbreak LINE`` means when not stopped in Deluge code.
            self.default_deluge_file: str | None = None
            self.quit_requested = False
            # ``deluge2py debug -b``: the first stop continues unless it is on a breakpoint.
            self.run_to_breakpoint = False
            # (file, line) of every stop: a breakpoint stopped at by a step has no hit.
            self.stopped_at: set[tuple[str, int]] = set()

        def stop_here(self, frame):
            if not super().stop_here(frame):
                return False
            return self.show_internals or not _in_tool_code(frame)

        def user_call(self, frame, argument_list):
            if is_generated(frame):
                return  # no "--Call--" stop on the decorator: the first statement's line comes next
            super().user_call(frame, argument_list)

        def interaction(self, frame, traceback):
            if frame is not None:
                self.stopped_at.add((self.canonic(frame.f_code.co_filename), frame.f_lineno))
            if self.run_to_breakpoint and traceback is None and frame is not None:
                self.run_to_breakpoint = False
                # pdb's ``continue`` would pass a breakpoint on the line it stopped at
                if not self.get_breaks(self.canonic(frame.f_code.co_filename), frame.f_lineno):
                    self.set_continue()
                    return
            super().interaction(frame, traceback)

        def reached(self, breakpoints) -> bool:
            """Whether the run stopped at any of these (``bdb.Breakpoint``) breakpoints."""
            return any(bp.hits or (bp.file, bp.line) in self.stopped_at for bp in breakpoints)

        def set_quit(self):
            self.quit_requested = True
            super().set_quit()

        # -- showing the Deluge line ------------------------------------
        def print_stack_entry(self, frame_lineno, prompt_prefix=pdb.line_prefix):
            super().print_stack_entry(frame_lineno, prompt_prefix)
            frame, py_line = frame_lineno
            if is_generated(frame):
                location = frame_location(frame, py_line)
                if location is not None:
                    self.message(f"-> dg {location.line}: {location.text or ''}".rstrip())

        def _current_location(self) -> DelugeLocation | None:
            frame = getattr(self, "curframe", None)  # set only once stopped
            if frame is None or not is_generated(frame):
                return None
            return frame_location(frame, frame.f_lineno)

        # -- dgbreak ----------------------------------------------------
        def do_dgbreak(self, arg):
            """dgbreak [FILE.dg:]LINE
            Set a breakpoint on the Python line(s) of Deluge line LINE of
            FILE.dg (default: the current Deluge file).  A line without a
            statement means the next line that has one."""
            arg = arg.strip()
            file_part, _, line_part = arg.rpartition(":")
            try:
                dg_line = int(line_part)
            except ValueError:
                self.error("usage: dgbreak [FILE.dg:]LINE")
                return
            if file_part:
                deluge = file_part
            else:
                location = self._current_location()
                deluge = location.file if location else self.default_deluge_file
                if deluge is None:
                    self.error("no current Deluge file: say dgbreak FILE.dg:LINE")
                    return
            module_file = _generated_file_for(deluge)
            if module_file is None:
                self.error(f"{deluge} is not loaded (import it first)")
                return
            table = line_table(module_file)
            later = [n for n in table.deluge_lines() if n >= dg_line]
            if not later:
                self.error(f"no statement on or after line {dg_line} of {deluge}")
                return
            if later[0] != dg_line:
                self.message(f"line {dg_line} has no statement; using line {later[0]}")
            for py_line in table.python_lines(later[0]):
                err = self.set_break(module_file, py_line)
                if err:
                    self.error(err)
                    continue
                bp = self.get_breaks(module_file, py_line)[-1]
                name = os.path.basename(deluge)
                self.message(f"Breakpoint {bp.number} at {name}:{later[0]} "
                             f"({os.path.basename(module_file)}:{py_line})")

        # -- break / list / until on Deluge lines ------------------------
        def _deluge_context(self) -> str | None:
            """The .dg file plain line numbers mean: the current one, else the
            debugged function's (``deluge2py debug``)."""
            location = self._current_location()
            return location.file if location else self.default_deluge_file

        def do_break(self, arg, temporary=0):
            """b(reak) [[FILE.dg:]LINE | py:[FILE:]LINE | FUNCTION] [, CONDITION]
            In Deluge code LINE is a Deluge line (as dgbreak); ``py:`` sets a
            breakpoint on a line of the generated Python, as pdb's break does."""
            text = arg.strip()
            if text.startswith("py:"):
                return super().do_break(text[3:], temporary)
            where, comma, _ = text.partition(",")
            target = where.strip()
            file_part, _, line_part = target.rpartition(":")
            deluge_file = is_source(file_part)
            if (line_part.isdigit() and not comma and not temporary
                    and (deluge_file or (not file_part and self._deluge_context()))):
                return self.do_dgbreak(target)
            return super().do_break(arg, temporary)

        do_b = do_break

        def do_list(self, arg):
            """l(ist) [LINE]
            In Deluge code, the Deluge source around the current line (or LINE);
            ``list py:[FIRST[, LAST]]`` lists the generated Python as pdb does."""
            text = arg.strip()
            if text.startswith("py:"):
                return super().do_list(text[3:])
            if self._current_location() is not None and (not text or text.isdigit()):
                return self.do_dglist(text)
            return super().do_list(arg)

        do_l = do_list

        def do_until(self, arg):
            """unt(il) [LINE]
            Without LINE, as pdb's until.  In Deluge code LINE is a Deluge line:
            continue until a line at or after it is reached (or the frame returns);
            ``until py:LINE`` means a line of the generated Python."""
            text = arg.strip()
            if text.startswith("py:"):
                return super().do_until(text[3:])
            if not text or self._current_location() is None:
                return super().do_until(arg)
            if not text.isdigit():
                self.error("usage: until [LINE | py:LINE]")
                return None
            frame = self.curframe
            table = line_table(frame.f_code.co_filename, frame.f_globals)
            later = [n for n in table.deluge_lines() if n >= int(text)]
            if not later:
                self.error(f"no statement on or after Deluge line {text}")
                return None
            return super().do_until(str(min(table.python_lines(later[0]))))

        do_unt = do_until

        # -- errors of p, dgp and statements ------------------------------
        def _error_exc(self):  # Python 3.11 formats here; 3.13 through _format_exc
            self.error(self._format_exc(sys.exc_info()[1]))

        def _format_exc(self, exc):
            message = _unassigned_message(self.curframe, exc) \
                if isinstance(exc, NameError) and not self.show_internals else None
            return message or super()._format_exc(exc)

        # -- dgp --------------------------------------------------------
        def do_dgp(self, arg):
            """dgp EXPRESSION
            Print the value of EXPRESSION the way Deluge's info shows it."""
            try:
                value = self._getval(arg)
            except Exception:
                return  # _getval reported the error
            try:
                from deluge2py.runtime.render import render
            except ImportError:
                self.error("deluge2py.runtime.render is not available")
                return
            try:
                self.message(str(render(value)))
            except Exception as exc:  # a value render does not know
                self.error(f"cannot render {type(value).__name__}: {exc}")

        # -- dglist -----------------------------------------------------
        def do_dglist(self, arg):
            """dglist [LINE]
            Show the Deluge source around the current line (or around LINE).
            '->' marks the current line, 'B' a line with a breakpoint."""
            location = self._current_location()
            if location is None:
                self.error("not stopped in Deluge code")
                return
            try:
                center = int(arg) if arg.strip() else location.line
            except ValueError:
                self.error("usage: dglist [LINE]")
                return
            lines = linecache.getlines(location.file)
            if not lines:
                self.error(f"cannot read {location.file}")
                return
            broken = self._deluge_breakpoint_lines()
            first = max(1, center - 5)
            for number in range(first, min(len(lines), first + 10) + 1):
                marker = "->" if number == location.line else "  "
                flag = "B" if number in broken else " "
                self.message(f"{number:4d} {flag}{marker} {lines[number - 1].rstrip()}")

        def _deluge_breakpoint_lines(self) -> set[int]:
            frame = self.curframe
            filename = self.canonic(frame.f_code.co_filename)
            table = line_table(frame.f_code.co_filename, frame.f_globals)
            return {table.deluge_line(n) for n in self.get_file_breaks(filename)}

    return DelugePdb


def _unassigned_message(frame, exc: NameError) -> str | None:
    """Deluge's words for a ``NameError`` in generated code: a variable of the function
    that has no value yet (with the line that first assigns it), or no such variable."""
    name = getattr(exc, "name", None)
    if not name or frame is None or not is_generated(frame):
        return None
    import dis

    code = frame.f_code
    stores = [i.positions.lineno for i in dis.get_instructions(code)
              if i.opname.startswith("STORE_") and i.argval == name and i.positions.lineno]
    if not stores and name not in code.co_varnames:
        return f"'{name}' is not a variable of this function"
    table = line_table(code.co_filename, frame.f_globals)
    lines = sorted({table.deluge_line(n) for n in stores} - {None})
    where = f" (first assigned at line {lines[0]})" if lines else ""
    return f"'{name}' has no value yet{where}"


def _generated_file_for(deluge: str) -> str | None:
    """The generated Python file of an imported module made from ``deluge``
    (a path, or just the file name)."""
    wanted = os.path.abspath(deluge)
    by_name = None
    for module in list(sys.modules.values()):
        module_globals = getattr(module, "__dict__", None)
        py_file = getattr(module, "__file__", None)
        if not module_globals or not py_file:
            continue
        name = source_name(module_globals)
        if name is None:
            continue
        recorded = module_globals.get("__deluge_file__")
        if recorded and os.path.abspath(recorded) == wanted:
            return py_file
        names = {os.path.basename(name), os.path.basename(recorded or "")}
        if os.path.basename(deluge) in names:
            by_name = by_name or py_file
    return by_name


_debugger_class = None


def __getattr__(name):
    # DelugePdb is built on first use so that importing this module stays cheap.
    global _debugger_class
    if name == "DelugePdb":
        if _debugger_class is None:
            _debugger_class = _make_debugger_class()
        return _debugger_class
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def set_trace(*, header: str | None = None) -> None:
    """Stop in ``DelugePdb`` at the caller; ``PYTHONBREAKPOINT=deluge2py.host.debugger.set_trace``
    makes ``breakpoint()`` do this."""
    debugger = __getattr__("DelugePdb")()
    if header is not None:
        debugger.message(header)
    debugger.set_trace(sys._getframe().f_back)
