"""Methods every value has (``class CommonMethods``): conversions (``toString``,
``toNumber``...), null/empty checks and type checks.

These also serve null and boolean receivers, which are plain ``None``/``bool``
and so have no methods: the functional forms (``isNull(x)``) call these
functions with ``self`` set to ``None`` or a ``bool``.  Each method therefore
handles any receiver.
"""

from .. import values as V
from . import TEXT, DelugeRuntimeError, arity_error, builtin, hot_builtin, type_name, whole
from .number import format_number, parse_number
from .text import _java_trim


def _render(value) -> str:
    return V.render.render(value)


def _parsed_date(text: str):
    """The date-time a text denotes, or None when it is not a date."""
    from ..dates import datetime_literal

    value = datetime_literal(text)
    return None if isinstance(value, str) else value


def _is_date(value) -> bool:
    from .. import dates

    return isinstance(value, (dates.DateTime, dates.Time))


def _formatted(self, pattern: TEXT = None, timeZone: TEXT = None):
    """``x.toString(pattern[, timeZone])``: ``CommonMethods.toString`` passes every call
    with arguments here, checked as a ``builtin`` named ``toString``."""
    if pattern is None:
        return V.Text(_render(self))
    if isinstance(self, str):
        number = parse_number(self)
        if number is None:
            date = _parsed_date(self)  # a text holding a date formats as that date
            if date is not None:
                return date.toString(pattern) if timeZone is None \
                    else date.toString(pattern, timeZone)
            raise DelugeRuntimeError(f"'{self}' is neither a number nor a date, so "
                                     f"'toString' cannot format it")
        return V.Text(format_number(number, pattern))
    if isinstance(self, (int, float)) and not isinstance(self, bool):
        return V.Text(format_number(self, pattern))
    raise DelugeRuntimeError(f"'toString' with a pattern cannot be applied to {type_name(self)}")


_formatted.__name__ = _formatted.__qualname__ = "toString"  # the name its errors give
_formatted = builtin(_formatted)


class CommonMethods:
    """Methods that apply to every Deluge value, null and booleans included
    (except the conversions in ``NOT_FOR_NULL_OR_BOOLEAN``, which reject them)."""

    NOT_FOR_NULL_OR_BOOLEAN = frozenset({"toNumber", "toLong", "toDecimal"})

    # -- conversions -----------------------------------------------------

    @hot_builtin
    def toString(self, *args):
        """The text ``info`` prints; with a pattern, a number formatted by Java's
        DecimalFormat (date-times override this method with date patterns).  The
        everyday call, without arguments, is served here in one frame."""
        if not args:
            return V.Text(_render(self))
        return _formatted(self, *args)

    toText = toString

    @hot_builtin
    def toNumber(self, *extra):
        """A whole NUMBER: decimals are truncated, digit text converts (spaces around
        allowed); empty or other text is a runtime error."""
        if extra:
            raise arity_error("toNumber")
        if isinstance(self, bool) or self is None:
            raise DelugeRuntimeError(f"'toNumber' function cannot be applied to {type_name(self)}")
        if isinstance(self, int):
            return whole(int(self))
        if isinstance(self, float):
            if self != self or self in (float("inf"), float("-inf")):
                raise DelugeRuntimeError(f"{self} cannot be converted to a NUMBER")
            return whole(int(self))
        if isinstance(self, str):
            text = self.strip()
            if not text:
                raise DelugeRuntimeError("Value is empty and 'toNumber' function cannot be applied")
            number = parse_number(text)
            if not isinstance(number, int):
                raise DelugeRuntimeError(f"Invalid value '{self}' for 'toNumber': not a whole number")
            return whole(number)
        raise DelugeRuntimeError(f"'toNumber' function cannot be applied to {type_name(self)}")

    toLong = toNumber

    @builtin
    def toDecimal(self):
        """A DECIMAL from a number or numeric text; empty or other text is an error."""
        if isinstance(self, (int, float)) and not isinstance(self, bool):
            return V.Decimal(float(self))
        if isinstance(self, str):
            number = parse_number(self)
            if number is None:
                raise DelugeRuntimeError(f"Invalid value '{self}' for 'toDecimal': not a number")
            return V.Decimal(float(number))
        raise DelugeRuntimeError(f"'toDecimal' function cannot be applied to {type_name(self)}")

    # -- null, empty, blank ------------------------------------------------

    @hot_builtin
    def isNull(self, *extra):
        """True for null and for ""; Zoho's table gives null for a map holding the key ""."""
        if extra:
            raise arity_error("isNull")
        if self is None or (isinstance(self, str) and not self):
            return True
        if isinstance(self, dict) and "" in self:
            return None
        return False

    @hot_builtin
    def isEmpty(self, *extra):
        """True for "" and empty lists/maps; null for null (Zoho's table)."""
        if extra:
            raise arity_error("isEmpty")
        if self is None:
            return None
        if isinstance(self, (str, list, dict)):
            return len(self) == 0
        return False

    @builtin
    def isBlank(self):
        """True for empty or all-space text and empty lists/maps; false for null."""
        if isinstance(self, str):
            return not _java_trim(self)
        if isinstance(self, (list, dict)):
            return len(self) == 0
        return False

    @builtin
    def isValidObject(self):
        return self is not None and not (isinstance(self, str) and not self)

    @builtin
    def equals(self, other):
        """Equal values of the same type: text case-sensitively, dates as dates."""
        return type_name(self) == type_name(other) and bool(self == other)

    # -- type checks (by content, as Zoho documents isText) ----------------

    @builtin
    def isText(self):
        """Text that is not a number or a date ("" is text); null for lists, maps
        and booleans."""
        if isinstance(self, (bool, list, dict)):
            return None
        if isinstance(self, str):
            return parse_number(self) is None and (not self.strip() or _parsed_date(self) is None)
        return False

    @builtin
    def isNumber(self):
        """A number, or text holding one; null for lists, maps and booleans."""
        if isinstance(self, (bool, list, dict)):
            return None
        if isinstance(self, (int, float)):
            return True
        if isinstance(self, str):
            return parse_number(self) is not None
        return False

    @builtin
    def isDecimal(self):
        """A DECIMAL, or text holding a number with a decimal point."""
        if isinstance(self, (bool, list, dict)):
            return None
        if isinstance(self, float):
            return True
        if isinstance(self, str):
            return isinstance(parse_number(self), float)
        return False

    @builtin
    def isDate(self):
        """A date or date-time, or text Deluge reads as one; null for lists and maps."""
        if isinstance(self, (list, dict)):
            return None
        if isinstance(self, str):
            return bool(self.strip()) and _parsed_date(self) is not None
        return _is_date(self)

    isDateTime = isDate

    @builtin
    def isFile(self):
        file_class = getattr(V, "File", None)
        return file_class is not None and isinstance(self, file_class)
