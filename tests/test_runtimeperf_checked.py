"""The checked fast paths for values the transpiler cannot prove (``runtime/checked.py``,
``transpiler/fastcalls.py``, the ``concatenate3``..``concatenate5`` of ``runtime/ops.py``,
the in-line plain values of ``to_deluge`` and ``ifnull``) answer exactly as the operations
they stand for: the same result, the same receiver afterwards, the same Deluge error, over
many receivers and operands."""

import functools
import operator

from hypothesis import given, settings
from hypothesis import strategies as st

from deluge2py import convert
from deluge2py.runtime import (Collection, DateTime, Decimal, List, Map, Number, Text,
                               add_element, concatenate, concatenate3, concatenate4,
                               concatenate5, ifnull, join_text, put_entry, text_key, to_deluge,
                               to_python)
from deluge2py.runtime import values as runtime_values
from deluge2py.runtime.values import KeyMap

from test_codegen_fastpaths import compare

#: Fresh Deluge values (maps and lists are changed by the calls under test).
VALUES = [
    lambda: Text("a"), lambda: Text(""), lambda: "plain", lambda: Number(0),
    lambda: Number(-7), lambda: Number(9223372036854775807), lambda: Decimal(2.5),
    lambda: Decimal(1e7), lambda: Decimal(-0.0), lambda: None, lambda: True, lambda: False,
    lambda: Map({"k": 1, "l": [1, "x"]}), lambda: Map(), lambda: List([1, "two", 2.5]),
    lambda: List(), lambda: List(element_type="String"), lambda: List(element_type="Number"),
    lambda: Collection("a", "b"), lambda: Collection({"k": "v"}),
    lambda: DateTime.from_python(__import__("datetime").datetime(2026, 1, 5, 9, 30)),
    lambda: KeyMap({"k": 1}),
]
values = st.sampled_from(VALUES).map(lambda make: make())
#: What the codegen passes them as the value: a Deluge value (never a plain ``str``).
deluge_values = values.filter(lambda value: type(value) is not str)
keys = st.one_of(st.sampled_from(["amount", "", "Amount", "k", "l", "a b", "é"]),
                 st.text(max_size=70))


def outcome(call, *args):
    """What a call gives: its result (type and printed form) or its error."""
    try:
        result = call(*args)
    except Exception as error:  # noqa: BLE001  (the error itself is compared)
        return ("raised", type(error), str(error))
    return ("returned", type(result), repr(result))


def state(value):
    """The receiver afterwards, contents and element types included."""
    if isinstance(value, (dict, list, Collection)):
        return type(value), repr(value), repr(to_python(value)), [
            type(v) for v in (value.values() if isinstance(value, dict) else value)]
    return type(value), repr(value)


@settings(max_examples=400, deadline=None)
@given(values, keys, deluge_values)
def test_put_entry_answers_as_put(receiver, key, value):
    expected_receiver = _copy(receiver)
    expected = outcome(lambda: expected_receiver.put(key, value))
    assert outcome(put_entry, receiver, text_key(key), value) == expected
    assert state(receiver) == state(expected_receiver)


@settings(max_examples=400, deadline=None)
@given(values, deluge_values)
def test_add_element_answers_as_add(receiver, value):
    expected_receiver = _copy(receiver)
    expected = outcome(lambda: expected_receiver.add(value))
    got = outcome(add_element, receiver, value)
    assert got == expected
    assert state(receiver) == state(expected_receiver)


def _copy(value):
    """An independent copy of a receiver of the tests above, of the same type."""
    if type(value) is List:
        return List(list(value), element_type=value.element_type)
    if isinstance(value, dict):
        return type(value)(value)
    if isinstance(value, Collection):
        return Collection(dict(value.data)) if value.keyed else Collection(*value.data)
    return value


def test_a_list_made_without_init_has_no_element_type():
    items = List.__new__(List)
    add_element(items, Number(1))
    assert items == [1] and items.element_type is None


@settings(max_examples=600, deadline=None)
@given(st.lists(values, min_size=3, max_size=5))
def test_concatenate_by_arity_is_the_left_fold_of_plus(operands):
    specialised = {3: concatenate3, 4: concatenate4, 5: concatenate5}[len(operands)]
    expected = outcome(functools.reduce, operator.add, operands)
    assert outcome(specialised, *operands) == expected
    assert outcome(concatenate, *operands) == expected


@settings(max_examples=400, deadline=None)
@given(st.lists(values, min_size=0, max_size=4))
def test_join_text_appends_as_plus(parts):
    expected = outcome(lambda: str(functools.reduce(operator.add, parts, Text(""))))
    got = outcome(join_text, *parts)
    assert got[0] == expected[0] and got[2] == expected[2]
    if got[0] == "returned":
        assert got[1] is str


# --- the codegen: where it emits them, and runs converted both ways agree ----------------

UNPROVEN = """\
map put_on_params(map m, string x, int n)
{
	m.put("k", x);
	m.put("n", n);
	m.put("lit", "text");
	m.put("neg", -4);
	m.put("none", null);
	m.put("flag", true);
	m.put("dec", 2.50);
	m.put("sum", n + 1);
	m.put(x, n);
	x.put("k", n);
	return m;
}

list add_on_params(list items, string x, int n)
{
	items.add(n);
	items.add(x);
	items.add("lit");
	items.add(-1);
	items.add(null);
	typed = List:String();
	typed.add(x);
	typed.add(n);
	items.add(typed);
	x.add(n);
	return items;
}

void unbound_value(bool f)
{
	m = null;
	if(f)
	{
		v = 1;
		m = Map();
	}
	m.put("a", v);
	info m;
}

list element_receivers(list rows, string x, int n)
{
	rows.add(null);
	rows.add(true);
	rows.add(List:Int());
	for each r in rows
	{
		try
		{
			r.put("seen", x);
			info r;
		}
		catch (e)
		{
			info e;
		}
		try
		{
			r.add(n);
			r.add(x);
			info r;
		}
		catch (e)
		{
			info e;
		}
		info r + " " + x + "!";
		info x + r + " <" + r + ">";
		info r + ":" + n + "," + r;
	}
	return rows;
}
"""


def test_put_and_add_on_unproven_receivers_run_as_the_methods(tmp_path):
    assert compare(UNPROVEN, "unproven", tmp_path) >= 10


def test_where_the_checked_forms_are_emitted():
    code = convert(UNPROVEN, filename="unproven.dg")
    assert "put_entry(m, TEXT_K, x)" in code
    assert "put_entry(m, TEXT_LIT, TEXT_TEXT)" in code
    assert "put_entry(m, TEXT_NEG, Number(-4))" in code
    assert 'm.put("sum", n + 1)' in code  # a value that may fail: the method, as written
    assert "add_element(items, n)" in code and "add_element(typed, x)" in code
    assert "put_entry(r, TEXT_SEEN, x)" in code and "add_element(r, n)" in code
    assert 'm.put("a", v)' in code  # v may be unassigned: null's error must come first
    assert "concatenate4(r, TEXT_SPACE, x, " in code and "concatenate5(r, " in code
    off = convert(UNPROVEN, filename="unproven.dg", fast_paths=False)
    assert "put_entry" not in off and "add_element" not in off and "concatenate3" not in off


# --- plain values converted in line: to_deluge, ifnull -----------------------------------


def reference_to_deluge(value):
    """``to_deluge`` before its in-line cases: every plain type through ``_CONVERT``."""
    t = type(value)
    if t in runtime_values._KEEP:
        return value
    convert = runtime_values._CONVERT.get(t)
    if convert is not None:
        return convert(value)
    for base, convert in runtime_values._CONVERT.items():
        if isinstance(value, base):
            return convert(value)
    return value


def reference_ifnull(value, fallback):
    value = fallback if value is None else value
    return value if type(value) in runtime_values.DELUGE_TYPES else reference_to_deluge(value)


plain = st.one_of(st.integers(-2**64, 2**64), st.integers(-3, 300), st.text(max_size=5),
                  st.booleans(), st.none(), st.floats(), values)


@settings(max_examples=500, deadline=None)
@given(plain)
def test_to_deluge_converts_plain_values_as_before(value):
    assert outcome(to_deluge, value) == outcome(reference_to_deluge, value)


@settings(max_examples=500, deadline=None)
@given(plain, plain)
def test_ifnull_answers_as_before(value, fallback):
    assert outcome(ifnull, value, fallback) == outcome(reference_ifnull, value, fallback)
    assert outcome(ifnull, value)[0] == "raised"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(keys, values), max_size=3))
def test_map_get_checks_its_arguments_as_before(args):
    m = Map({"amount": 1, "k": [1, 2]})
    reference = outcome(_reference_map_get, m, *args)
    assert outcome(m.get, *args) == reference


def _reference_map_get(m, *args):
    """``Map.get``'s checks in their former order (count first, then the shared key)."""
    from deluge2py.runtime.builtins import arity_error, collections

    if not args or len(args) > 2:
        raise arity_error("get")
    key, default = args[0], (args[1] if len(args) > 1 else None)
    if key.__class__ is str:
        key = collections._TEXT_KEYS.get(key, key)
    try:
        return dict.get(m, key, default)
    except TypeError:
        key = collections._probe_key(key)
        return default if key is collections._NO_KEY else dict.get(m, key, default)


# --- replaceAll: the everyday call in one frame ---------------------------------------------

texts = st.one_of(st.sampled_from(["-", "", "a", "a.b", "[", "$1", "\\", "x\\y", "(a)", "é"]),
                  st.text(alphabet="ab-.$\\[]()* ", max_size=4))
arguments = st.one_of(texts, values)


@settings(max_examples=600, deadline=None)
@given(texts, st.lists(arguments, max_size=2),
       st.lists(st.sampled_from([True, False, None, Number(1), "true"]), max_size=2))
def test_replace_all_answers_as_the_checked_builtin(receiver, args, more):
    from deluge2py.runtime.builtins.text import _replace_all

    receiver = Text(receiver)
    call = (*args, *more) if len(args) == 2 else tuple(args)
    assert outcome(receiver.replaceAll, *call) == outcome(_replace_all, receiver, *call)
    # the second call meets the plain-pattern cache the first call filled
    assert outcome(receiver.replaceAll, *call) == outcome(_replace_all, receiver, *call)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\n\x00\x1f!~a\u00a0\u2003\U0001f600"), max_size=6))
def test_trim_answers_as_javas_trim(text):
    from deluge2py.runtime.builtins.text import _JAVA_SPACE

    got = Text(text).trim()
    assert type(got) is Text and got == str.strip(text, _JAVA_SPACE)


BOUND = """\
void bound(map m, list rows, bool f)
{
	y = 2;
	m.put("y", y);
	if(f)
	{
		z = 3;
		m.put("z", z);
	}
	m.put("z2", z);
	for each r in rows
	{
		m.put("r", r);
		w = r;
	}
	m.put("r2", r);
	m.put("w", w);
	try
	{
		t = 1;
		m.put("t", t);
	}
	catch (e)
	{
		m.put("e", e);
		m.put("t2", t);
	}
}
"""


def test_only_surely_assigned_variables_are_passed_to_the_checked_forms(tmp_path):
    code = convert(BOUND, filename="bound.dg")
    for fast in ("put_entry(m, TEXT_Y, y)", "put_entry(m, TEXT_Z, z)", "put_entry(m, TEXT_R, r)",
                 "put_entry(m, TEXT_T, t)"):
        assert fast in code
    for kept in ('m.put("z2", z)', 'm.put("r2", r)', 'm.put("w", w)', 'm.put("t2", t)'):
        assert kept in code
    assert compare(BOUND, "bound", tmp_path) >= 2
