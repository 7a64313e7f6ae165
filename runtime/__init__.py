"""deluge2py.runtime: everything converted Deluge code imports (docs/architecture.md, Stage 3).

Standard library only: importing this package never imports lark, black or jinja2.
"""

from . import creator
from .context import Context, current
from .dates import DateTime, Time, datetime_literal
from .errors import DelugeInternalError, DelugeLimitError, DelugeRuntimeError, caught, throw
from .function import deluge_function, standalone, thisapp
from .http import invokeapi, invokeurl
from .members import call_method, get_field, undefined
from .mail import sendmail
from .ops import (bigint, concatenate, concatenate3, concatenate4, concatenate5, contains_op,
                  divide, each, each_index, join_text, list_add, map_get, map_put, minus,
                  modulo, plus, set_field, times, truth)
from .render import info
from .values import Collection, Decimal, File, List, Map, Number, Text, to_deluge, to_python
from .checked import add_element, put_entry
from .zoho import zoho
from .builtins import functions as _functions
from .builtins.collections import text_key
from .builtins.functions import *  # noqa: F401,F403  (built-in functions by canonical name)

__all__ = [
    "Text", "Number", "Decimal", "Map", "List", "Collection", "DateTime", "Time", "File",
    "to_deluge", "to_python", "datetime_literal",
    "truth", "contains_op", "each", "each_index", "set_field", "get_field", "call_method",
    "undefined", "info",
    "plus", "minus", "times", "divide", "modulo", "bigint",
    "concatenate", "concatenate3", "concatenate4", "concatenate5", "join_text", "map_put",
    "map_get", "list_add", "text_key",
    "put_entry", "add_element",
    "deluge_function", "caught", "throw", "DelugeRuntimeError", "DelugeLimitError",
    "DelugeInternalError",
    "standalone", "thisapp", "zoho", "creator", "invokeurl", "invokeapi", "sendmail",
    "Context", "current",
] + _functions.__all__
