"""Calls between Deluge functions made cheap: the ``deluge_function`` wrapper with the
limits' bookkeeping written out in it and arguments of their declared class passed as they
are, and ``FunctionPath`` (``standalone.f``) a callable that holds the function it resolved
to.  Each must answer exactly as the plain forms did: the same results and conversions, the
same errors, the same counts, depth and credits; the debugger still steps into a callee."""

import bdb
import io
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deluge2py.runtime import (Context, Decimal, DelugeRuntimeError, List, Map, Number, Text,
                               deluge_function, standalone, thisapp, to_deluge)
from deluge2py.runtime import function
from deluge2py.runtime.function import FunctionPath
from deluge2py.runtime.limits import Limits

# --- the wrapper against the plain one it replaces ------------------------------------------


PLAIN_WRAP = '''
def plain_wrap(func, name, returns, params, statements):
    """The ``deluge_function`` wrapper as it was: ``current()``, ``Limits.enter``/``charge``/
    ``leave`` called, every argument through its conversion, every result through
    ``to_deluge``."""
    code = func.__code__
    arg_names = code.co_varnames[:code.co_argcount]
    types = list(params.values()) if len(params) == len(arg_names) else [
        params.get(arg) for arg in arg_names]
    by_position = tuple(_converter(kind, arg, name) for kind, arg in zip(types, arg_names))
    by_name = dict(zip(arg_names, by_position))
    arity = len(by_position)
    void = returns == "void"

    def wrapper(*args, **kwargs):
        ctx = current()
        limits = ctx.limits
        release = None
        if limits.depth == 0:
            meter = ctx.meter
            if meter is not None:
                release = _hold(meter)
                try:
                    meter.charge_function(name)
                except BaseException:
                    release()
                    raise
            limits.begin(name)
        limits.enter(name)
        try:
            if len(args) == arity:
                args = tuple(convert(arg) for convert, arg in zip(by_position, args))
            else:
                args = (*(convert(arg) for convert, arg in zip(by_position, args)),
                        *map(to_deluge, args[arity:]))
            if kwargs:
                kwargs = {key: by_name.get(key, to_deluge)(value) for key, value in kwargs.items()}
            limits.charge(statements)
            result = func(*args, **kwargs)
        except DelugeRuntimeError:
            raise
        except Exception as exc:
            if type(exc).__module__ in ("bdb", "pdb"):
                raise
            raise from_python(exc) from exc
        finally:
            limits.leave()
            if release is not None:
                release()
        return None if void else to_deluge(result)

    return wrapper
'''
# Compiled in the namespace of ``function``: an argument count error is recognised by the
# wrapper's frame (``errors._raised_by_script``), as for the real one.
_namespace = dict(vars(function))
exec(compile(PLAIN_WRAP, "<plain wrapper>", "exec"), _namespace)
plain_wrap = _namespace["plain_wrap"]


class Meter:
    """A meter of one's own (no ``hold``): the credits charged, in order."""

    def __init__(self, fail=False):
        self.charges = []
        self.fail = fail

    def charge_function(self, name):
        self.charges.append(name)
        if self.fail:
            raise DelugeRuntimeError("out of credits")


TYPES = ["int", "bigint", "decimal", "string", "bool", "map", "list", "date", "datetime", None]
VALUES = [None, True, False, 3, -7, 2**70, 2.0, 2.5, Number(3), Decimal(2.5), "7", " 8 ",
          "true", "x", Text("9"), {"a": 1}, Map({"a": Number(1)}), [1, "b"], List([Number(1)]),
          "01-Jan-2020", object()]


def bodies():
    """Function bodies by arity: they return their arguments, a plain value, nothing, raise
    a stray Python error, or charge statements as a nested call does."""
    def echo1(a):
        return a

    def echo2(a, b):
        return [a, b]

    def echo3(a, b, c):
        return {"a": a, "b": b, "c": c}

    def plain0():
        return 5

    def stray1(a):
        return a.nothing()

    def charges2(a, b):
        from deluge2py.runtime.context import current

        current().limits.charge(4)
        return b

    def none0():
        return None

    return [echo1, echo2, echo3, plain0, stray1, charges2, none0]


def outcome(call):
    try:
        result = call()
    except Exception as error:  # noqa: BLE001  (the error itself is compared)
        return ("error", type(error).__name__, str(error))
    return ("ok", type(result), repr(result))


calls = st.tuples(
    st.sampled_from(bodies()),
    st.sampled_from(["void", "int", "string", None]),
    st.lists(st.sampled_from(TYPES), min_size=3, max_size=3),
    st.lists(st.sampled_from(range(len(VALUES))), max_size=4),
    st.sampled_from(["positional", "keyword", "extra keyword"]),
    st.integers(0, 3),  # statements of the body outside loops
    st.integers(0, 2),  # depth the call is made at
)


@settings(max_examples=500, deadline=None)
@given(calls, st.sampled_from([None, 3, 10]), st.sampled_from([None, 1, 2]), st.booleans())
def test_the_wrapper_answers_as_the_plain_wrapper(call, statements_limit, nested, failing_meter):
    body, returns, types, picks, style, statements, depth = call
    arity = body.__code__.co_argcount
    params = dict(zip(body.__code__.co_varnames[:arity], types))
    values = [VALUES[i] for i in picks]
    if style == "positional":
        args, kwargs = values, {}
    else:
        names = list(params) + (["extra"] if style == "extra keyword" else [])
        args, kwargs = [], dict(zip(names, values))
    observed = []
    for wrap in (plain_wrap, function._wrap):
        wrapper = wrap(body, "standalone.probe_" + body.__name__, returns, params, statements)
        meter = Meter(fail=failing_meter)
        limits = Limits(statements=statements_limit, nested_calls=nested, seconds=None)
        with Context(meter=meter, limits=limits):
            if depth:
                limits.begin("standalone.caller")
                limits.depth = depth
            result = outcome(lambda: wrapper(*args, **kwargs))
            observed.append((result, limits.executed, limits.depth, meter.charges))
    assert observed[0] == observed[1]


def test_arguments_of_their_class_are_passed_as_they_are():
    seen = []

    @deluge_function("void standalone.probe_identity(int a, string b, map c, list d)")
    def probe_identity(a, b, c, d):
        seen.extend([a, b, c, d])

    values = [Number(1), Text("x"), Map({"k": Number(1)}), List([Number(2)])]
    with Context(meter=None):
        probe_identity(*values)
    assert all(s is v for s, v in zip(seen, values))


def test_the_nested_calls_limit_and_its_message():
    @deluge_function("int standalone.probe_deep(int n)", statements=1)
    def probe_deep(n):
        return standalone.probe_deep(n + 1)

    limits = Limits(nested_calls=5)
    with Context(meter=None, limits=limits):
        with pytest.raises(DelugeRuntimeError) as raised:
            probe_deep(0)
        assert str(raised.value) == ("Maximum number of nested function calls (5) exceeded "
                                     "when calling standalone.probe_deep")
        assert limits.depth == 0 and limits.executed == 6


# --- FunctionPath ----------------------------------------------------------------------------


@pytest.fixture
def registry():
    saved = dict(function._registry)
    yield
    function._registry.clear()
    function._registry.update(saved)


def make(name, answer):
    @deluge_function(f"int {name}()")
    def probe():
        return answer

    return probe


def test_a_path_calls_what_is_registered_now(registry):
    with Context(meter=None):
        make("standalone.probe_now", 1)
        assert standalone.probe_now() == 1
        make("standalone.probe_now", 2)  # registered again: the path follows
        assert standalone.probe_now() == 2
        saved = dict(function._registry)
        function._registry.clear()  # changed by hand, as a test's fixture does
        with pytest.raises(DelugeRuntimeError, match="Function 'standalone.probe_now' is not "
                                                     "defined"):
            standalone.probe_now()
        function._registry.update(saved)
        assert standalone.probe_now() == 2
        function._registry["standalone.probe_now"] = make("standalone.probe_other", 3)
        assert standalone.probe_now() == 3
        del function._registry["standalone.probe_now"]
        with pytest.raises(DelugeRuntimeError, match="is not defined"):
            standalone.probe_now()


def test_every_change_of_the_registry_is_seen(registry):
    with Context(meter=None):
        for change in ("setdefault", "pop", "popitem", "ior"):
            make("standalone.probe_change", 1)
            assert standalone.probe_change() == 1
            new = make("standalone.probe_change_new", 2)
            if change == "setdefault":
                function._registry.pop("standalone.probe_change")
                function._registry.setdefault("standalone.probe_change", new)
                assert standalone.probe_change() == 2
            elif change == "pop":
                function._registry.pop("standalone.probe_change")
                with pytest.raises(DelugeRuntimeError):
                    standalone.probe_change()
            elif change == "popitem":
                function._registry["standalone.probe_change"] = function._registry.pop(
                    "standalone.probe_change")  # last in
                function._registry.popitem()
                with pytest.raises(DelugeRuntimeError):
                    standalone.probe_change()
            else:
                function._registry |= {"standalone.probe_change": new}
                assert standalone.probe_change() == 2


def test_paths_resolve_as_lookup_does(registry):
    with Context(meter=None):
        make("automation.probe_deal", 1)
        make("probe_bare", 2)
        assert thisapp.automation.probe_deal() == 1
        assert standalone.probe_deal() == 1  # by the last part alone: only one has it
        assert thisapp.probe_bare() == 2
        make("button.probe_deal", 3)
        with pytest.raises(DelugeRuntimeError, match=r"Function 'standalone.probe_deal' is not "
                                                     r"defined \(several functions have that "
                                                     r"name\)"):
            standalone.probe_deal()
        assert thisapp.button.probe_deal() == 3


def test_a_path_is_a_function_and_a_namespace_alike(registry):
    with Context(meter=None):
        make("probe_ns", 1)
        make("probe_ns.inner", 2)
        assert thisapp.probe_ns() == 1
        assert thisapp.probe_ns.inner() == 2
        assert thisapp.probe_ns() == 1


def test_paths_are_kept_and_private_names_refused():
    assert standalone.probe_kept is standalone.probe_kept
    assert isinstance(standalone.probe_kept, FunctionPath)
    assert repr(thisapp.ns.probe_kept) == "<Deluge function path thisapp.ns.probe_kept>"
    for name in ("_path", "__globals__", "_registry"):
        with pytest.raises(AttributeError):
            getattr(standalone, name + "_probe")


def test_calls_through_a_path_count_and_convert_as_direct_calls(registry):
    @deluge_function("decimal standalone.probe_half(int n)", statements=2)
    def probe_half(n):
        return n / 2

    for call in (lambda: probe_half("5"), lambda: standalone.probe_half("5")):
        limits = Limits()
        with Context(meter=None, limits=limits):
            assert outcome(call) == ("ok", Decimal, "2.5")
            assert (limits.executed, limits.depth) == (2, 0)


def test_paths_are_unbound_when_registered_many_times(registry):
    """``_bound`` lists only the paths holding a function: it cannot grow without end."""
    with Context(meter=None):
        for answer in range(50):
            make("standalone.probe_many", answer)
            assert standalone.probe_many() == answer
    assert len(function._bound) <= 1


# --- the debugger and the Deluge lines --------------------------------------------------------

CALLER_DG = """\
int standalone.probe_helper(int x)
{
\ty = x * 2;
\treturn y + 1;
}
int probe_caller(int n)
{
\tr = standalone.probe_helper(n);
\treturn r;
}
"""


def test_the_debugger_steps_into_a_function_called_through_its_path(tmp_path, registry):
    from deluge2py.host.debugger import DelugePdb
    from deluge2py.host.runner import load, pick

    path = tmp_path / "probe_caller.dg"
    path.write_text(CALLER_DG)
    module = load(str(path))
    screen = io.StringIO()
    debugger = DelugePdb(stdin=io.StringIO("step\nstep\ncontinue\n"), stdout=screen,
                         readrc=False)
    try:
        with Context(meter=None):
            for _ in range(2):  # the second call runs through the resolved path
                screen.seek(0)
                screen.truncate()
                debugger.stdin = io.StringIO("step\nstep\ncontinue\n")
                assert debugger.runcall(pick(module, "probe_caller"), 4) == 9
                stops = [line for line in screen.getvalue().splitlines()
                         if line.startswith("-> dg ")]
                assert stops[:3] == ["-> dg 8: r = standalone.probe_helper(n);",
                                     "-> dg 3: y = x * 2;", "-> dg 4: return y + 1;"]
    finally:
        bdb.Breakpoint.clearBreakpoints()


def test_an_error_in_a_called_function_reports_its_call_line(tmp_path, capsys):
    from deluge2py.cli import main

    path = tmp_path / "probe_nest.dg"
    path.write_text('int standalone.probe_inner(int x)\n{\n\tm = Map();\n'
                    '\treturn m.get("a").get("b") + x;\n}\n'
                    'void probe_nest(int n)\n{\n\tinfo "start";\n'
                    '\tr = standalone.probe_inner(n);\n\tr = standalone.probe_inner(n);\n}\n')
    assert main(["run", str(path), "probe_nest", "--arg", "n=3"]) == 1
    captured = capsys.readouterr()
    assert "probe_nest.dg:9: error: 'get' function cannot be applied on null" in captured.err
    assert "start" in captured.out and "credits: 0 API, 1 function; 5 statements" in captured.out


def test_many_paths_and_calls_stay_consistent(registry):
    """Calls through many paths, interleaved with registrations: always the function
    registered at the time of the call."""
    with Context(meter=None):
        current = {}
        for round_, name in zip(range(30), itertools.cycle(["a", "b", "c"])):
            make(f"standalone.probe_mix_{name}", round_)
            current[name] = round_
            for other, answer in current.items():
                assert getattr(standalone, f"probe_mix_{other}")() == answer


def test_keyword_arguments_through_a_path_are_taken_on_every_call(registry):
    @deluge_function("int standalone.probe_keywords(int a, int b)")
    def probe_keywords(a, b):
        return a - b

    with Context(meter=None):
        for _ in range(2):  # resolving the path, then through the function it holds
            assert standalone.probe_keywords(b=1, a="5") == 4
