"""Text methods (``class TextMethods``), mixed into ``values.Text``.

Indexes are 0-based.  Every method returns a new Deluge value: text is
immutable.  Search/replace functions that Zoho documents as regular
expressions use Java's syntax, which Python's ``re`` shares for everyday
patterns; a Java replacement string (``$1``, ``\\$``) is translated here.
Methods whose names Python's ``str`` also has (``upper``, ``lower``, ``find``)
are overridden with Deluge's behaviour and still accept Python's own calls.
"""

import re
import warnings

from .. import values as V
from . import (MAX_TEXT, NUMBER, REQUIRED, TEXT, BOOLEAN, DelugeRuntimeError, arity_error,
               builtin, hot_builtin, whole)
from .json_xml import JsonXmlMethods


def _text(s: str):
    return V.Text(s)


def _check_size(length: int, name: str) -> None:
    if length > MAX_TEXT:
        raise DelugeRuntimeError(f"The result of '{name}' is too long ({length} characters)")


#: What Java's ``String.trim`` strips: every character up to U+0020.
_JAVA_SPACE = "".join(map(chr, range(0x21)))


def _java_trim(s: str, left=True, right=True) -> str:
    """Java's ``String.trim``: strip characters up to U+0020 (spaces, tabs, newlines)."""
    if left and right:
        return str.strip(s, _JAVA_SPACE)
    return str.lstrip(s, _JAVA_SPACE) if left else str.rstrip(s, _JAVA_SPACE)


#: Compiled patterns by (pattern, flags), and replacement expanders by (replacement, name):
#: scripts call the same few patterns per loop iteration.  Emptied when full.
_PATTERNS: dict = {}
_EXPANDERS: dict = {}
_CACHE_SIZE = 256


def _compile(pattern: str, name: str, flags=0):
    compiled = _PATTERNS.get((pattern, flags))
    if compiled is not None:
        return compiled
    try:
        # Python's FutureWarning about its own future regex syntax ("Possible nested set")
        # would reach the user's terminal as Python text; the pattern works as Java's does.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            compiled = re.compile(pattern, flags)
    except (re.error, OverflowError, RecursionError) as bad:
        raise DelugeRuntimeError(f"Invalid regular expression '{pattern}' in '{name}': {bad}") from None
    if len(_PATTERNS) >= _CACHE_SIZE:
        _PATTERNS.clear()
    _PATTERNS[pattern, flags] = compiled
    return compiled


def _java_replacement(repl: str, name: str):
    """Translate a Java replacement string (``$1``, ``${name}``, ``\\x``) into a
    function for ``re.sub``, so Python's own escape rules never apply."""
    parts = []  # literal strings and group references (int or str)
    literal = []
    i = 0
    while i < len(repl):
        c = repl[i]
        if c == "\\":
            if i + 1 == len(repl):
                raise DelugeRuntimeError(f"Character to be escaped is missing in '{name}'")
            literal.append(repl[i + 1])
            i += 2
        elif c == "$":
            j = i + 1
            if j < len(repl) and repl[j] == "{":
                close = repl.find("}", j)
                if close < 0:
                    raise DelugeRuntimeError(f"Named capturing group is missing trailing '}}' in '{name}'")
                ref = repl[j + 1:close]
                i = close + 1
            else:
                while j < len(repl) and repl[j].isdigit():
                    j += 1
                if j == i + 1:
                    raise DelugeRuntimeError(f"Illegal group reference in '{name}'")
                ref = int(repl[i + 1:j])
                i = j
            parts.append("".join(literal))
            literal = []
            parts.append(ref)
        else:
            literal.append(c)
            i += 1
    parts.append("".join(literal))

    def expand(match):
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            else:
                try:
                    out.append(match.group(part) or "")
                except IndexError:
                    raise DelugeRuntimeError(f"No group {part} in the pattern of '{name}'") from None
        return "".join(out)

    return expand


#: Characters with a meaning in a (Java or Python) regular expression; a pattern without
#: any of them matches exactly its own text.
_REGEX_SYNTAX = re.compile(r"[\\.^$*+?{}\[\]|()]")

#: Patterns seen, by whether they are plain text (``_plain``).
_PLAIN: dict = {}


def _plain(pattern: str) -> bool:
    """Whether the regular expression *pattern* matches exactly its own text (and only it)."""
    plain = _PLAIN.get(pattern)
    if plain is None:
        plain = bool(pattern) and _REGEX_SYNTAX.search(pattern) is None
        if len(_PLAIN) >= _CACHE_SIZE:
            _PLAIN.clear()
        _PLAIN[pattern] = plain
    return plain


def _replace(s: str, search: str, repl: str, literal: bool, count: int, name: str, flags=0):
    if literal and not flags and search:  # the same as the escaped pattern, without ``re``
        result = str.replace(s, search, repl, count or -1)
    elif literal:
        result = _compile(re.escape(search), name, flags).sub(lambda m: repl, s, count=count)
    elif (_PLAIN.get(search) or _plain(search)) and not flags and "$" not in repl \
            and "\\" not in repl:
        result = str.replace(s, search, repl, count or -1)  # plain text on both sides
    else:
        pattern = _compile(search, name, flags)
        result = pattern.sub(_expander(repl, name), s, count=count)
    if len(result) > MAX_TEXT:
        _check_size(len(result), name)
    return V.Text(result)


def _replace_all(self, search: TEXT, replacement: TEXT, literal: BOOLEAN = False):
    """``replaceAll`` checked as a ``builtin`` (``TextMethods.replaceAll`` serves the
    everyday call itself and passes every other here)."""
    return _replace(self, search, replacement, literal, 0, "replaceAll")


_replace_all.__name__ = _replace_all.__qualname__ = "replaceAll"  # the name its errors give
_replace_all = builtin(_replace_all)


def _expander(repl: str, name: str):
    """What ``re.sub`` takes for the Java replacement ``repl``: the text itself when it has no
    ``$`` or ``\\`` (no backslash: ``re`` takes it literally too), else
    ``_java_replacement(repl, name)``, kept for the next call."""
    if "$" not in repl and "\\" not in repl:
        return repl
    expand = _EXPANDERS.get((repl, name))
    if expand is None:
        expand = _java_replacement(repl, name)
        if len(_EXPANDERS) >= _CACHE_SIZE:
            _EXPANDERS.clear()
        _EXPANDERS[repl, name] = expand
    return expand


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _units(text: str) -> str:
    """*text* with each character outside the BMP as its two UTF-16 surrogates, so that
    Python indexes count what Java's ``String`` counts (docs/semantics.md, Text)."""
    if text.isascii() or not _ASTRAL.search(text):
        return text
    return _ASTRAL.sub(lambda m: _surrogates(ord(m.group())), text)


def _surrogates(code: int) -> str:
    code -= 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def _from_units(units: str) -> str:
    """Back from ``_units``: pairs recombine; a lone half becomes U+FFFD, as Java would
    print a string cut between the halves of a pair."""
    if units.isascii():
        return units
    return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


class TextMethods(JsonXmlMethods):
    """Deluge's text functions.  ``self`` is a ``values.Text`` (a ``str``)."""

    # -- pieces ----------------------------------------------------------

    @builtin
    def subString(self, start: NUMBER, end: NUMBER = None):
        """0-based, end exclusive, in UTF-16 units; a negative end is ignored (rest of the
        text)."""
        units = _units(self)
        size = len(units)
        if end is None or end < 0:
            end = size
        if start < 0 or start > size or end > size:
            raise DelugeRuntimeError(
                f"Index out of range for 'subString': start {start}, end {end}, length {size}")
        if end < start:
            raise DelugeRuntimeError(
                f"End index {end} is less than start index {start} in 'subString'")
        return _text(_from_units(units[start:end]))

    subText = subString
    mid = subString

    @builtin
    def left(self, count: NUMBER):
        """The first ``count`` characters (the whole text when it is shorter)."""
        if count < 0:
            raise DelugeRuntimeError(f"Negative length {count} for 'left'")
        return _text(_from_units(_units(self)[:count]))

    @builtin
    def right(self, count: NUMBER):
        """The last ``count`` characters (the whole text when it is shorter)."""
        if count < 0:
            raise DelugeRuntimeError(f"Negative length {count} for 'right'")
        units = _units(self)
        return _text(_from_units(units[max(len(units) - count, 0):]))

    @builtin
    def len(self):
        """UTF-16 units, as Java's ``String.length()`` counts (a character outside the BMP,
        such as most emoji, counts 2)."""
        return whole(len(_units(self)))

    length = len

    @builtin
    def concat(self, other: TEXT):
        return _text(str(self) + other)

    # -- case and white space -------------------------------------------

    # toUpperCase, toLowerCase and trim run per element in text building: hot built-ins
    # (one frame; they check their own argument count, see ``hot_builtin``).

    @hot_builtin
    def toUpperCase(self, *extra):
        if extra:
            raise arity_error("toUpperCase")
        return V.Text(str.upper(self))

    upper = toUpperCase

    @hot_builtin
    def toLowerCase(self, *extra):
        if extra:
            raise arity_error("toLowerCase")
        return V.Text(str.lower(self))

    lower = toLowerCase

    @builtin
    def proper(self):
        """Upper-case the first letter of each space-separated word, lower-case the rest."""
        return _text(re.sub(r"\S+", lambda m: m[0][:1].upper() + m[0][1:].lower(), str(self)))

    @hot_builtin
    def trim(self, *extra):
        if extra:
            raise arity_error("trim")
        if self and self[0] > " " and self[-1] > " " and self.__class__ is V.Text:
            return self  # nothing to strip: a text is immutable, the same one serves
        return V.Text(str.strip(self, _JAVA_SPACE))

    @builtin
    def ltrim(self):
        return _text(_java_trim(self, right=False))

    @builtin
    def rtrim(self):
        return _text(_java_trim(self, left=False))

    @builtin
    def leftpad(self, size: NUMBER):
        """Pad with spaces on the left to ``size`` characters."""
        _check_size(size, "leftpad")
        return _text(str.rjust(self, max(size - (len(_units(self)) - len(self)), 0)))

    @builtin
    def rightpad(self, size: NUMBER):
        _check_size(size, "rightpad")
        return _text(str.ljust(self, max(size - (len(_units(self)) - len(self)), 0)))

    @builtin
    def repeat(self, times: NUMBER):
        if times < 0:
            raise DelugeRuntimeError(f"Negative count {times} for 'repeat'")
        _check_size(len(self) * times, "repeat")
        return _text(str(self) * times)

    @builtin
    def reverse(self):
        return _text(str(self)[::-1])

    # -- tests -----------------------------------------------------------

    @builtin
    def contains(self, part: TEXT):
        return str.__contains__(self, part)

    @builtin
    def notContains(self, part: TEXT):
        return not str.__contains__(self, part)

    @builtin
    def containsIgnoreCase(self, part: TEXT):
        return part.lower() in str.lower(self)

    @builtin
    def startsWith(self, prefix: TEXT):
        return str.startswith(self, prefix)

    @builtin
    def startsWithIgnoreCase(self, prefix: TEXT):
        return str.lower(self).startswith(prefix.lower())

    @builtin
    def endsWith(self, suffix: TEXT):
        return str.endswith(self, suffix)

    @builtin
    def endsWithIgnoreCase(self, suffix: TEXT):
        return str.lower(self).endswith(suffix.lower())

    @builtin
    def equalsIgnoreCase(self, other: TEXT):
        """Java's rule: same length, and each pair of characters equal ignoring case."""
        if len(self) != len(other):
            return False
        return all(a == b or a.upper() == b.upper() or a.lower() == b.lower()
                   for a, b in zip(str(self), other))

    @builtin
    def matches(self, regex: TEXT):
        """Whole-text match, as Java's ``String.matches``."""
        return _compile(regex, "matches").fullmatch(str(self)) is not None

    @builtin
    def isAscii(self):
        return str.isascii(self)

    # -- searching -------------------------------------------------------

    @builtin
    def find(self, part: TEXT, start: NUMBER = 0):
        """0-based index of the first occurrence at or after ``start``; -1 if absent."""
        return whole(str.find(_units(self), _units(part), max(start, 0)))

    indexOf = find

    @builtin
    def lastIndexOf(self, part: TEXT):
        return whole(str.rfind(_units(self), _units(part)))

    @builtin
    def getOccurenceCount(self, part: TEXT):
        """Non-overlapping occurrences; an empty search text occurs 0 times."""
        return whole(str.count(self, part) if part else 0)

    @builtin
    def getPrefix(self, part: TEXT):
        """The text before the first occurrence; null when absent (Zoho's page)."""
        at = str.find(self, part)
        return None if at < 0 else _text(str(self)[:at])

    @builtin
    def getSuffix(self, part: TEXT):
        """The text after the first occurrence; null when absent."""
        at = str.find(self, part)
        return None if at < 0 else _text(str(self)[at + len(part):])

    @builtin
    def getPrefixIgnoreCase(self, part: TEXT):
        at = str.lower(self).find(part.lower())
        return None if at < 0 else _text(str(self)[:at])

    @builtin
    def getSuffixIgnoreCase(self, part: TEXT):
        at = str.lower(self).find(part.lower())
        return None if at < 0 else _text(str(self)[at + len(part):])

    # -- removing and replacing ------------------------------------------

    @builtin
    def remove(self, part: TEXT):
        """Remove every occurrence (case-sensitive, literal)."""
        return _text(str.replace(self, part, "") if part else str(self))

    @builtin
    def removeFirstOccurence(self, part: TEXT):
        return _text(str.replace(self, part, "", 1) if part else str(self))

    @builtin
    def removeLastOccurence(self, part: TEXT):
        at = str.rfind(self, part)
        if not part or at < 0:
            return _text(str(self))
        return _text(str(self)[:at] + str(self)[at + len(part):])

    @builtin
    def removeAllAlpha(self):
        return _text(re.sub(r"[A-Za-z]", "", str(self)))

    @builtin
    def removeAllAlphaNumeric(self):
        return _text(re.sub(r"[A-Za-z0-9]", "", str(self)))

    @builtin
    def getAlpha(self):
        return _text(re.sub(r"[^A-Za-z]", "", str(self)))

    @builtin
    def getAlphaNumeric(self):
        return _text(re.sub(r"[^A-Za-z0-9]", "", str(self)))

    @hot_builtin
    def replaceAll(self, search=REQUIRED, replacement=REQUIRED, literal=False, *extra):
        """Replace every match of the regular expression ``search`` (literal text when
        ``literal`` is true).  The everyday call, a plain text for a text without ``$`` or
        ``\\``, is served in this one frame; any other goes to the checked built-in."""
        t, u = search.__class__, replacement.__class__
        if (t is V.Text or t is str) and (u is V.Text or u is str) and literal is False \
                and not extra and _PLAIN.get(search) and "$" not in replacement \
                and "\\" not in replacement:
            result = str.replace(self, search, replacement)  # as ``_replace`` does
            if len(result) > MAX_TEXT:
                _check_size(len(result), "replaceAll")
            return V.Text(result)
        return _replace_all(self, search, replacement, literal, *extra)

    @builtin
    def replaceFirst(self, search: TEXT, replacement: TEXT, literal: BOOLEAN = False):
        return _replace(self, search, replacement, literal, 1, "replaceFirst")

    @builtin
    def replaceAllIgnoreCase(self, search: TEXT, replacement: TEXT, literal: BOOLEAN = False):
        return _replace(self, search, replacement, literal, 0, "replaceAllIgnoreCase",
                        re.IGNORECASE)

    @builtin
    def replaceFirstIgnoreCase(self, search: TEXT, replacement: TEXT, literal: BOOLEAN = False):
        return _replace(self, search, replacement, literal, 1, "replaceFirstIgnoreCase",
                        re.IGNORECASE)

    # -- conversions -----------------------------------------------------

    @builtin
    def toList(self, separator: TEXT = None):
        """Split on a literal separator; empty pieces are kept.  Without a separator
        (or with ``""``) the whole text is the only element; empty text gives ``{}``."""
        s = str(self)
        if not s:
            return V.List()
        pieces = s.split(separator) if separator else [s]
        return V.List([_text(p) for p in pieces])

    @builtin
    def toListString(self):
        """Comma-separated text to a list of texts."""
        s = str(self)
        return V.List([_text(p) for p in s.split(",")] if s else [])

    @builtin
    def textToHex(self):
        """The UTF-8 bytes in lower-case hexadecimal."""
        return _text(str(self).encode("utf-8", "surrogatepass").hex())

    @builtin
    def hexToText(self):
        try:
            return _text(bytes.fromhex(str(self)).decode("utf-8"))
        except ValueError:
            raise DelugeRuntimeError(f"'{self}' is not valid hexadecimal UTF-8 text") from None

    @builtin
    def text(self, pattern: TEXT):
        """Format numeric text as a number, or date text as a date, with a Java pattern."""
        from .number import format_number, parse_number

        number = parse_number(str(self))
        if number is not None:
            return _text(format_number(number, pattern))
        from ..dates import datetime_literal

        moment = datetime_literal(str(self))
        if isinstance(moment, str):
            raise DelugeRuntimeError(f"'{self}' is neither a number nor a date for 'text'")
        return moment.toString(pattern)
