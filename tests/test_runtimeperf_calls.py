"""Calls of built-in methods made cheap: ``builtin``'s made-to-measure wrappers, the hot text
methods, the plain-text path of ``replaceAll`` and the key texts ``Map.put`` shares.  Each
must answer exactly as the plain definitions did: same results, same Deluge errors."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deluge2py.cli import main
from deluge2py.runtime import Decimal, DelugeRuntimeError, List, Map, Number, Text
from deluge2py.runtime.builtins import arity_error, catalog, collections, convert_argument, text

# --- builtin's wrappers against the plain wrapper they replace ---------------------------


def plain_wrapper(fn):
    """The checking ``builtin`` did before its wrappers were made to measure: count the
    arguments, then convert each one passed that has a converter."""
    code = fn.__code__
    params = code.co_varnames[:code.co_argcount]
    most, least = len(params), len(params) - len(fn.__defaults__ or ())
    variadic = bool(code.co_flags & 0x04)
    converters = []
    for i, param in enumerate(params):
        convert = fn.__annotations__.get(param)
        if isinstance(convert, str):
            convert = fn.__globals__.get(convert)
        if callable(convert):
            converters.append((i, convert))
    receiver = 1 if params and params[0] == "self" else 0

    def call(*args):
        if len(args) < least or (len(args) > most and not variadic):
            raise arity_error(fn.__name__)
        args = list(args)
        for i, convert in converters:
            if i < len(args):
                args[i] = convert_argument(convert, args[i], i + 1 - receiver, fn.__name__)
        return fn(*args)

    return call


RECEIVERS = {
    "text": lambda: Text(" Hello, World 42 "),
    "number": lambda: Number(7),
    "decimal": lambda: Decimal(2.5),
    "list": lambda: List([3, 1, 2]),
    "map": lambda: Map({"a": 1, "b": "x"}),
}
ARGUMENTS = [(), (1,), (Number(2),), (2.0,), (1.5,), ("1",), (Text("l"),), (None,), (True,),
             (1, 2), ("a", "b"), (1, None), ("l", "L", True), ("a", "b", "c"), (1, 2, 3, 4)]
SKIP = {"toDate", "toDateTime", "toTime"}  # may read the clock for a partial date


def outcome(call, make, args):
    receiver = make()
    try:
        result = call(receiver, *args)
    except Exception as error:  # noqa: BLE001  (the error itself is compared)
        return ("error", type(error), str(error)), receiver
    return ("ok", type(result), repr(result)), receiver


def wrapped_methods(value):
    for name in sorted(dir(type(value))):
        method = catalog.implementation(name, value)
        if method is not None and hasattr(method, "__wrapped__") and name not in SKIP:
            yield name, method


@pytest.mark.parametrize("kind", sorted(RECEIVERS))
def test_every_wrapped_method_answers_as_the_plain_wrapper(kind):
    make = RECEIVERS[kind]
    checked = 0
    for name, method in wrapped_methods(make()):
        reference = plain_wrapper(method.__wrapped__)
        for args in ARGUMENTS:
            ours, our_receiver = outcome(method, make, args)
            theirs, their_receiver = outcome(reference, make, args)
            assert ours == theirs, (name, args)
            assert repr(our_receiver) == repr(their_receiver), (name, args)
            checked += 1
    assert checked > 100 if kind in ("text", "list", "map") else checked > 30


def test_wrapper_errors_name_the_function_and_the_argument():
    with pytest.raises(DelugeRuntimeError, match="^No. of arguments mismatches for the function subString$"):
        Text("abc").subString(1, 2, 3)
    with pytest.raises(DelugeRuntimeError, match=r"argument 2 of the function 'subString' .*"
                                                 r"\[NUMBER\]; got NULL"):
        Text("abc").subString(1, None)  # an optional argument passed as null is converted
    with pytest.raises(DelugeRuntimeError, match=r"argument 1 of the function 'contains' .*\[TEXT\]"):
        Text("abc").contains(List())
    assert Text("abc").subString(Number(1)) == "bc" and Text("abc").subString(1.0, 2) == "b"


def test_the_wrapper_keeps_the_name_and_the_function_it_wraps():
    method = Text.subString
    assert method.__name__ == "subString" and method.__code__.co_name == "subString"
    assert method.__wrapped__.__code__.co_name == "subString"
    assert method.__deluge_builtin__ is True


def test_length_is_a_number():
    assert Text("a\U0001F600").length() == 3 and type(Text("ab").length()) is Number


# --- the hot text methods --------------------------------------------------------------


@pytest.mark.parametrize("name", ["toUpperCase", "toLowerCase", "trim", "upper", "lower"])
def test_hot_text_methods_refuse_arguments(name):
    with pytest.raises(DelugeRuntimeError, match="^No. of arguments mismatches for the function "):
        getattr(Text(" a "), name)(1)


@pytest.mark.parametrize("name, args, reported", [
    ("isEmpty", (1,), "isEmpty"), ("isNull", (1,), "isNull"), ("toNumber", (1,), "toNumber"),
    ("toLong", (1,), "toNumber"), ("toString", ("#", "UTC", 3), "toString"),
    ("toText", ("#", "UTC", 3), "toString")])
@pytest.mark.parametrize("receiver", [None, True, Text("12"), Number(5), List(), Map()])
def test_hot_common_methods_refuse_extra_arguments(name, args, reported, receiver):
    method = catalog.implementation(name, receiver)
    if method is None:  # toNumber has no null or boolean receiver
        return
    with pytest.raises(DelugeRuntimeError, match=f"^No. of arguments mismatches for the function {reported}$"):
        method(receiver, *args)


def test_to_string_with_arguments_is_checked_as_before():
    assert Number(1234).toString("#,###") == "1,234" and Number(7).toText() == "7"
    assert type(Number(7).toString()) is Text and Map({"a": 1}).toString() == '{"a":1}'
    with pytest.raises(DelugeRuntimeError, match=r"^Data type of argument 1 of the function "
                                                 r"'toString' .*\[TEXT\]; got NULL$"):
        Number(5).toString(None)
    with pytest.raises(DelugeRuntimeError, match="'toString' with a pattern cannot be applied to LIST"):
        List().toText("#")


def test_hot_text_methods_return_texts():
    assert [(type(r), r) for r in (Text(" aB ").toUpperCase(), Text(" aB ").toLowerCase(),
                                   Text("\t aB \n\x00").trim(), Text("ab").upper())] == \
        [(Text, " AB "), (Text, " ab "), (Text, "aB"), (Text, "AB")]


def java_trim(s, left=True, right=True):
    """Java's String.trim, by its definition: characters up to U+0020 off both ends."""
    start, end = 0, len(s)
    while left and start < end and s[start] <= " ":
        start += 1
    while right and end > start and s[end - 1] <= " ":
        end -= 1
    return s[start:end]


def test_trim_strips_exactly_what_java_strips():
    samples = [chr(c) for c in range(0x3100)] + ["\U0001F600", "\ufeff", "\u3000"]
    for c in samples:
        s = f"{c}{c}x{c}y{c}"
        assert Text(s).trim() == java_trim(s), hex(ord(c))
        assert Text(s).ltrim() == java_trim(s, right=False), hex(ord(c))
        assert Text(s).rtrim() == java_trim(s, left=False), hex(ord(c))
    assert Text(" \t\n ").trim() == "" and Text("").trim() == ""


# --- replaceAll and friends: plain text without re, patterns with it -------------------


def regex_replace(s, search, repl, literal, count, name, flags=0):
    """The regular-expression path every call took before the plain-text one."""
    try:
        if literal:
            return "ok", re.compile(re.escape(search), flags).sub(lambda m: repl, s, count=count)
        pattern = re.compile(search, flags)
        return "ok", pattern.sub(text._java_replacement(repl, name), s, count=count)
    except re.error:
        return "error", f"Invalid regular expression '{search}' in '{name}'"
    except DelugeRuntimeError as error:
        return "error", str(error)


METHODS = {"replaceAll": (0, 0), "replaceFirst": (1, 0),
           "replaceAllIgnoreCase": (0, re.IGNORECASE), "replaceFirstIgnoreCase": (1, re.IGNORECASE)}
PIECES = st.text(alphabet="aAb-.$\\1{}[]( ", max_size=6)


@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")
@settings(max_examples=400, deadline=None)
@given(s=PIECES, search=PIECES, repl=PIECES, literal=st.booleans(),
       name=st.sampled_from(sorted(METHODS)))
def test_replace_answers_as_the_regular_expression_path(s, search, repl, literal, name):
    count, flags = METHODS[name]
    expected = regex_replace(s, search, repl, literal, count, name, flags)
    try:
        result = getattr(Text(s), name)(search, repl, literal)
    except DelugeRuntimeError as error:
        assert expected[0] == "error" and str(error).startswith(expected[1])
    else:
        assert expected == ("ok", result) and type(result) is Text


def test_a_pattern_with_regex_syntax_still_takes_the_regex_path():
    phone = Text("555-12.3")
    assert phone.replaceAll("-", "") == "55512.3"  # plain text
    assert phone.replaceAll(".", "#") == "########"  # any character
    assert phone.replaceAll(".", "#", True) == "555-12#3"  # literal
    assert phone.replaceAll("5", "[$0]") == "[5][5][5]-12.3"  # a group in the replacement
    assert phone.replaceAll("5", "\\$") == "$$$-12.3"  # an escaped dollar
    assert phone.replaceFirst("5", "") == "55-12.3"
    assert phone.replaceAll("", "|") == "|5|5|5|-|1|2|.|3|"  # the empty pattern
    assert Text("aAa").replaceAllIgnoreCase("a", "b") == "bbb"
    with pytest.raises(DelugeRuntimeError, match="No group 1 in the pattern of 'replaceAll'"):
        phone.replaceAll("5", "$1")
    assert phone.replaceAll("9", "$1") == phone  # no match, so no group is read


def test_an_invalid_pattern_is_refused_every_time():
    for _ in range(2):  # the second call meets the caches
        with pytest.raises(DelugeRuntimeError, match=r"^Invalid regular expression '\(' in 'replaceAll'"):
            Text("a(b").replaceAll("(", "")


def test_the_caches_stay_bounded_and_right():
    for i in range(3 * text._CACHE_SIZE):
        assert Text(f"x{i}y").replaceAll(f"{i}+", f"<$0|{i}>") == f"x<{i}|{i}>y"
        assert Text(f"x{i}y").replaceAll(f"{i}", "") == "xy"
    assert len(text._PATTERNS) <= text._CACHE_SIZE and len(text._PLAIN) <= text._CACHE_SIZE
    assert len(text._EXPANDERS) <= text._CACHE_SIZE


# --- Map.put's shared key texts, List.add ---------------------------------------------


def test_put_shares_one_text_per_key_and_keeps_maps_apart():
    first, second = Map(), Map()
    first.put("amount", 1)
    second.put("amount", 2)
    first.put("amount", 3)
    [key1], [key2] = list(first), list(second)
    assert key1 is key2 and type(key1) is Text
    assert first == {"amount": 3} and second == {"amount": 2}
    empty = Map()
    empty.put("", 1)  # an empty key text is falsy, and still a key
    assert list(empty) == [""] and type(list(empty)[0]) is Text and empty.get("") == 1


def test_the_shared_key_texts_stay_bounded():
    m = Map()
    for i in range(collections._TEXT_KEYS_SIZE + 50):
        m.put(f"k{i}", i)
    m.put("x" * 1000, 1)
    assert len(m) == collections._TEXT_KEYS_SIZE + 51
    assert len(collections._TEXT_KEYS) <= collections._TEXT_KEYS_SIZE
    assert "x" * 1000 not in collections._TEXT_KEYS
    assert m.get(f"k{collections._TEXT_KEYS_SIZE + 10}") == collections._TEXT_KEYS_SIZE + 10


def test_add_on_a_list_made_without_init():
    items = List.__new__(List)
    items.add("x")
    assert items == ["x"] and type(items[0]) is Text
    typed = List(element_type="string")  # List:String(): each element by the list's type
    typed.add(Number(5))
    assert [(type(v), v) for v in typed] == [(Text, "5")]


# --- the way a user meets them: a bare script run by the CLI -----------------------------


def test_a_script_calling_a_hot_method_wrongly_gets_the_deluge_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path / "home"))
    script = tmp_path / "calls.dg"
    script.write_text('x = " 555-12.3 ";\ninfo x.trim().replaceAll("-", "");\n'
                      'info x.replaceAll(".", "#");\ninfo x.toUpperCase("a");\n')
    assert main(["run", str(script)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[:2] == ["55512.3", "##########"]
    assert "calls.dg:4: error: No. of arguments mismatches for the function toUpperCase" in err


# --- type-strict searches: texts and whole numbers compared in C ------------------------

POOL = [Text("a"), "a", Text("A"), Text("5"), Text(""), Number(0), Number(1), Number(5), 5,
        Number(-7), Number(2**40), Decimal(5.0), Decimal(1.0), Decimal(0.0), True, False, None,
        List([1]), Map({"a": 1})]
ITEM = st.sampled_from(POOL)


def strict(a, b):
    from deluge2py.runtime.ops import strict_equals

    return strict_equals(a, b)


@pytest.mark.filterwarnings("error::DeprecationWarning")  # NotImplemented is never taken for true
@settings(max_examples=300, deadline=None)
@given(items=st.lists(ITEM, max_size=6), value=ITEM)
def test_searches_answer_by_type_strict_equality(items, value):
    values = List(items)
    first = next((i for i, item in enumerate(values) if strict(item, value)), -1)
    last = max((i for i, item in enumerate(values) if strict(item, value)), default=-1)
    assert values.contains(value) is (first >= 0) and values.notContains(value) is (first < 0)
    assert values.indexOf(value) == first and values.lastIndexOf(value) == last
    hashable = [item for item in items if not isinstance(item, (list, dict))]
    as_keys = Map({item: n for n, item in enumerate(hashable)})
    key = collections._probe_key(value)  # as containKey looks keys up (null is a key too)
    assert as_keys.containKey(value) is (key is not collections._NO_KEY and key in as_keys and any(
        strict(key, k) for k in as_keys))
    as_values = Map({f"k{n}": item for n, item in enumerate(items)})
    assert as_values.containValue(value) is any(strict(value, v) for v in as_values.values())


def test_a_key_equal_only_loosely_is_not_contained():
    prices = Map({Number(5): "five", Text("6"): "six", True: "yes"})
    assert prices.containKey(5) and prices.containKey("6")
    assert not prices.containKey("5") and not prices.containKey(Decimal(5.0))
    assert not prices.containKey(6) and not prices.containKey(1) and prices.containKey(True)
    assert List([True, 1.0, "1"]).indexOf(1) == -1 and List([True, 1]).indexOf(1) == 1


# --- functional forms: a Deluge value goes straight to its method -----------------------


def test_functional_forms_answer_the_same_for_every_receiver():
    from deluge2py.runtime import isEmpty, isNull, toNumber, toString, trim

    for _ in range(2):  # the second round meets the per-type caches
        assert (type(trim(" a ")), trim(" a ")) == (Text, "a")  # a Python str becomes a Text
        assert (type(trim(Text(" a "))), trim(Text(" a "))) == (Text, "a")
        assert isNull(None) is True and isNull("") is True and isNull(Text("x")) is False
        assert isEmpty(Map()) is True and isEmpty({"a": 1}) is False and isEmpty(None) is None
        assert toString(Number(5)) == "5" and toString(2.5) == "2.5" and toString(None) == "null"
        assert toString(Number(1234), "#,###") == "1,234"
        with pytest.raises(DelugeRuntimeError, match="^'toNumber' function cannot be applied to null value$"):
            toNumber(None)
        with pytest.raises(DelugeRuntimeError, match="^'trim' function cannot be applied to BIGINT value$"):
            trim(Number(5))
        with pytest.raises(DelugeRuntimeError, match="^No. of arguments mismatches for the function trim$"):
            trim(Text("a"), 1)


def test_call_method_answers_per_type_every_time():
    from deluge2py.runtime import call_method, get_field

    for _ in range(2):  # the second round meets the table of implementations
        assert call_method(Text("abc"), "reverse") == "cba"
        with pytest.raises(DelugeRuntimeError, match="^Not able to find 'reverse' function for LIST$"):
            call_method(List([1, 2]), "reverse")
        with pytest.raises(DelugeRuntimeError, match="^'reverse' function cannot be applied on null$"):
            call_method(None, "reverse")
        assert call_method(DelugeRuntimeError("boom"), "length") == 4  # a caught error acts as its text
        assert get_field(Map({"Name": "x"}), "Name") == "x"


def test_ifnull_converts_whichever_value_it_returns():
    from deluge2py.runtime import ifnull

    assert [(type(v), v) for v in (ifnull(None, "x"), ifnull("a", "x"), ifnull(None, 2),
                                   ifnull(Number(3), None), ifnull(None, None))] == \
        [(Text, "x"), (Text, "a"), (Number, 2), (Number, 3), (type(None), None)]
    assert type(ifnull({"a": 1}, None)) is Map and type(ifnull(None, [1])) is List
    with pytest.raises(DelugeRuntimeError, match="^No. of arguments mismatches for the function ifnull$"):
        ifnull(None)


def test_list_get_and_round_take_plain_and_deluge_whole_numbers_alike():
    items = List(["x", "y"])
    assert items.get(1) == items.get(Number(1)) == items.get(1.0) == "y"
    for bad, message in [(Number(2), "Given index 2 is greater than the list size"),
                         (-1, "Given index -1 is less than zero"),
                         (Number(-1), "Given index -1 is less than zero")]:
        with pytest.raises(DelugeRuntimeError, match=f"^{message}$"):
            items.get(bad)
    with pytest.raises(DelugeRuntimeError, match=r"argument 1 of the function 'get' .*\[NUMBER\]; got BOOLEAN"):
        items.get(True)
    assert repr(Decimal(2.675).round(Number(2))) == repr(Decimal(2.675).round(2)) == "2.68"
    with pytest.raises(DelugeRuntimeError, match=r"argument 1 of the function 'round' .*\[NUMBER\]; got BOOLEAN"):
        Decimal(2.5).round(True)


def test_map_get_json_answers_as_before():
    response = Map({"data": [{"id": 1}], "count": 2, 3: "three"})
    dict.__setitem__(response, Text("raw"), {"plain": [1]})  # a Python value stored as is
    assert type(response.getJSON("data")) is List and response.getJSON(Text("count")) == 2
    assert response.getJSON(3) == "three" and response.getJSON(Number(3)) == "three"
    assert response.getJSON("missing") is None and response.getJSON(List([1])) is None
    raw = response.getJSON("raw")
    assert type(raw) is Map and type(raw["plain"]) is List
    for args in [(), ("data", 1)]:
        with pytest.raises(DelugeRuntimeError, match="^No. of arguments mismatches for the function getJSON$"):
            response.getJSON(*args)
