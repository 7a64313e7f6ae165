"""deluge2py: translate Zoho Deluge into readable Python.

This module stays light on purpose: ``import deluge2py.runtime`` imports it
first, and converted code must not pay for lark, black or jinja2.  The
public functions import their stage lazily.
"""

__version__ = "0.1.0"

__all__ = ["convert", "check", "parse", "__version__"]


def convert(source, filename="<string>", **options):
    """Translate Deluge source text into Python module text."""
    from .api import convert as _convert

    return _convert(source, filename=filename, **options)


def check(source, filename="<string>"):
    """Parse Deluge source; return the list of diagnostics (empty when it parses)."""
    from .api import check as _check

    return _check(source, filename=filename)


def parse(source, filename="<string>"):
    """Parse Deluge source into a ``deluge2py.nodes.Module`` (raises DelugeSyntaxError)."""
    from .parser import parse as _parse

    return _parse(source, filename=filename).module
