"""User-facing errors of the transpiler.

Every problem with a Deluge source ends as a ``DelugeError`` carrying a file, a
line and a column; ``format()`` renders it the way compilers do::

    deal.dg:12:5: error: expected ';' after statement
        info x
            ^
"""

from __future__ import annotations


class DelugeError(Exception):
    """A problem in a Deluge source, with its position (1-based line and column)."""

    severity = "error"

    def __init__(self, message, filename="<string>", line=None, column=None,
                 end_line=None, end_column=None, source_line=None):
        super().__init__(message)
        self.message = message
        self.filename = filename
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.source_line = source_line

    def location(self) -> str:
        parts = [self.filename]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """``file:line:col: error: message``, then the source line and a caret."""
        text = f"{self.location()}: {self.severity}: {self.message}"
        if self.source_line is not None and self.column is not None:
            src = self.source_line.rstrip("\r\n").expandtabs(1)
            width = 1
            if self.end_line == self.line and self.end_column and self.end_column > self.column:
                width = self.end_column - self.column
            text += f"\n    {src}\n    {' ' * (self.column - 1)}{'^' * width}"
        return text

    def to_json(self) -> dict:
        return {"line": self.line, "column": self.column, "end_line": self.end_line,
                "end_column": self.end_column, "message": self.message,
                "severity": self.severity}

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


class DelugeSyntaxError(DelugeError, SyntaxError):
    """A source that is not Deluge.  Also a Python ``SyntaxError``, so tools that
    know SyntaxError (tracebacks, IDEs) show its filename, lineno and offset."""

    def __init__(self, message, filename="<string>", line=None, column=None,
                 end_line=None, end_column=None, source_line=None):
        DelugeError.__init__(self, message, filename, line, column, end_line,
                             end_column, source_line)
        # SyntaxError's own attributes (Python >= 3.10 includes end positions).
        self.msg = message
        self.lineno = line
        self.offset = column
        self.text = source_line
        self.end_lineno = end_line
        self.end_offset = end_column
        self.args = (message, (filename, line, column, source_line, end_line, end_column))

    def __str__(self) -> str:
        return DelugeError.__str__(self)


class DelugeWarning(DelugeError):
    """A diagnostic that does not stop conversion (lint)."""

    severity = "warning"


class ZohoRefusal(DelugeWarning):
    """Code Zoho's editor refuses to save (an undefined variable, an unknown task or
    method).  ``convert`` warns and the generated code raises a Deluge error when it
    gets there; ``check`` reports it as an error, as Zoho would."""
