"""Checked fast paths: ``m.put(key, v)`` and ``l.add(v)`` where the transpiler cannot prove
the receiver's type (a parameter, an element of a list it was given, a map's value).

Each answers exactly as the method it stands for: it tests in line for the everyday
receiver (a ``Map``, a ``List`` without an element type) and does what the method does
after its checks; any other receiver, null included, gets the method itself, so the same
result or the same Deluge error (``errors`` takes a method missing on it as the script's
own error, as for the method call).  The codegen (``transpiler/fastcalls.py``) emits them
only where its proofs hold: the key a ``Text`` (a ``text_key`` constant), the value a
Deluge value.  A method call costs a Python frame with argument checks; these one frame
and an ``is`` test (``benchmarks/runtime.py`` prints both).
"""

from __future__ import annotations

from .values import DELUGE_TYPES, List, Map

__all__ = ["put_entry", "add_element"]


def put_entry(m, key, value):
    """``m.put(key, value)``, *key* a ``Text`` and *value* a Deluge value: for a ``Map``
    what ``Map.put`` does after its checks (``Map`` has no ``__setitem__`` of its own).  A
    value of another type (a map or list that is a key, ``KeyMap``) is ``put``'s to copy."""
    if m.__class__ is Map and value.__class__ in DELUGE_TYPES:
        m[key] = value
        return None
    return m.put(key, value)


def add_element(items, value):
    """``items.add(value)``, *value* a Deluge value: for a ``List`` without an element type
    what ``List.add`` does with it (``put_entry``'s rule for a value of another type)."""
    if items.__class__ is List and items.element_type is None \
            and value.__class__ in DELUGE_TYPES:
        items.append(value)
        return None
    return items.add(value)
