"""Built-ins B: every list, map, collection, date and time built-in, called with arbitrary
Deluge values, returns a Deluge value or raises DelugeRuntimeError, never another error."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deluge2py.runtime import (
    Collection, DateTime, Decimal, DelugeRuntimeError, List, Map, Number, Text, Time, to_deluge,
)
from deluge2py.runtime.builtins.collections import CollectionMethods, ListMethods, MapMethods
from deluge2py.runtime.dates import TextDateMethods

DELUGE_TYPES = (Text, Number, Decimal, Map, List, Collection, DateTime, Time, bool, type(None))

texts = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["01-Jan-2020", "29-Feb-2020 23:59:59", "10:00:00 PM", "Monday", "asc",
                     "desc", "yyyy-MM-dd'T'HH:mm:ssXXX", "dd/MM/yy hh a", "Asia/Kolkata", "GMT-8"]),
).map(Text)
numbers = st.integers(min_value=-(2**63), max_value=2**63 - 1).map(Number)
small_numbers = st.integers(min_value=-40, max_value=40).map(Number)
decimals = st.floats(allow_nan=False, allow_infinity=False, width=64).map(Decimal)
dates = st.builds(
    DateTime,
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    st.booleans(),
)
times = st.builds(Time, st.integers(0, 86399), st.booleans())
scalars = st.one_of(st.none(), st.booleans(), texts, small_numbers, numbers, decimals, dates, times)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(List),
        st.dictionaries(st.one_of(texts, small_numbers), inner, max_size=3).map(Map),
        st.lists(inner, max_size=3).map(lambda items: Collection(*items)),
        st.dictionaries(texts, inner, min_size=1, max_size=3).map(Collection),
    ),
    max_leaves=6,
)
arguments = st.lists(values, max_size=3)


def public_names(*classes):
    """The Deluge built-ins a class defines (what the catalog exposes)."""
    return sorted({name for cls in classes for name, attr in vars(cls).items()
                   if getattr(attr, "__deluge_builtin__", False)})


def check(receiver, name, args):
    method = getattr(receiver, name)
    try:
        result = method(*args)
    except DelugeRuntimeError:
        return
    assert type(result) in DELUGE_TYPES, (name, args, result)
    assert to_deluge(result) is result


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(values, max_size=5).map(List), st.sampled_from(public_names(ListMethods)), arguments)
def test_list_methods(receiver, name, args):
    check(receiver, name, args)


@SETTINGS
@given(st.dictionaries(st.one_of(texts, small_numbers), values, max_size=4).map(Map),
       st.sampled_from(public_names(MapMethods)), arguments)
def test_map_methods(receiver, name, args):
    check(receiver, name, args)


@SETTINGS
@given(st.one_of(st.lists(values, max_size=4).map(lambda items: Collection(*items)),
                 st.dictionaries(texts, values, min_size=1, max_size=3).map(Collection)),
       st.sampled_from(public_names(CollectionMethods)), arguments)
def test_collection_methods(receiver, name, args):
    check(receiver, name, args)


@SETTINGS
@given(dates, st.sampled_from(public_names(DateTime)), st.lists(st.one_of(values, small_numbers), max_size=3))
def test_date_methods(receiver, name, args):
    check(receiver, name, args)


@SETTINGS
@given(times, st.sampled_from(public_names(Time)), st.lists(st.one_of(values, small_numbers), max_size=2))
def test_time_methods(receiver, name, args):
    check(receiver, name, args)


@SETTINGS
@given(texts, st.sampled_from(public_names(TextDateMethods)), st.lists(st.one_of(values, small_numbers), max_size=3))
def test_date_methods_on_text(receiver, name, args):
    check(receiver, name, args)


@SETTINGS
@given(st.one_of(dates, times), values, st.sampled_from(["+", "-", "*", "/", "%", "<", "<=", ">", ">=", "==", "!="]))
def test_date_operators(left, right, op):
    for a, b in ((left, right), (right, left)):
        try:
            result = eval(f"a {op} b")  # noqa: S307 (the operator is one of the list above)
        except DelugeRuntimeError:
            continue
        assert type(result) in DELUGE_TYPES
