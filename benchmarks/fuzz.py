"""Fuzz the front end: parse → check → convert → compile over generated and mutated programs.

    python3 benchmarks/fuzz.py [--programs 100000] [--seed 1] [--show 5]

Programs come from two sources, half each: a generator that writes Deluge from a
vocabulary chosen to hit the rules ``check`` and ``convert`` must agree on (task
blocks with repeated keys, ``key: value`` pairs outside maps, odd numbers such as
``0.o`` or ``1.e5``, ``break`` outside loops, ``return x`` in void functions,
dunder and Python method names, attribute chains over namespaces and values), and
token-level mutations (drop, duplicate, swap, insert) of the project's own golden
cases and samples.

For each program it counts:

* **crash**: any exception other than a positioned ``DelugeError`` from ``check``
  or ``convert`` (black failing inside convert included);
* **compile failure**: ``convert`` returned Python that ``compile()`` rejects;
* **disagreement**: ``check`` reports no error but ``convert`` fails, or ``check``
  reports an error other than a Zoho save-time refusal and ``convert`` succeeds.

Prints the counts and the first few failing programs.  ``tests/test_fuzz_front_end.py``
runs a time-bounded slice of the same loop; this script is the long run.
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import re
import sys
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

NAMES = ["x", "y", "m", "items", "rec", "e", "i", "today", "now", "input", "zoho", "thisapp",
         "standalone", "automation", "from", "class", "print", "open", "eval", "_dg_rec",
         "__builtins__", "Map", "info", "each", "Text", "caught"]
MEMBERS = ["toLong", "get", "put", "size", "toString", "add", "insert", "update", "reverse",
           "count", "format", "join", "pop", "keys", "items", "__class__", "__globals__",
           "__call__", "_x", "message", "lineNo", "crm", "getRecords", "getRecordById",
           "updateRecords", "books", "encryption", "base64Encode", "quote", "v8", "label",
           "name", "app", "task", "sum", "getall", "Field", "noSuch", "mro", "real"]
TOKENS_EXTRA = ["{", "}", "(", ")", ";", ":", ",", ".", "=", "+", "break", "continue",
                "return", "invokeurl", "sendmail", "[", "]", "0.o", "1.e5", "00", "'x'",
                '"t"', "null", "true", "if", "else", "for each", "in", "try", "catch"]


# --------------------------------------------------------------------------- generation


def _number(r: random.Random) -> str:
    if r.random() < 0.8:
        return r.choice(["0", "1", "42", "1.5", "-3", "9" * 25])
    return r.choice(["0.", ".5", "1.e5", "1e5", "00", "0.o", "1.0.2", "2.5e-3"])


def _expr(r: random.Random, depth: int = 0) -> str:
    roll = r.random()
    if depth > 1 or roll < 0.35:
        return r.choice([r.choice(NAMES), _number(r), '"text"', "null", "true", "'01-01-2024'",
                         "{}", "{1, 2}", '{"k": 1}'])
    if roll < 0.45:
        return f"{_expr(r, depth + 1)}.{r.choice(MEMBERS)}"
    if roll < 0.65:
        args = ", ".join(_expr(r, depth + 1) for _ in range(r.randint(0, 2)))
        return f"{_expr(r, depth + 1)}.{r.choice(MEMBERS)}({args})"
    if roll < 0.68 and depth == 0:
        return f"{_expr(r, depth + 1)} : {_expr(r, depth + 1)}"  # a pair outside a map
    if roll < 0.8:
        return f"{_expr(r, depth + 1)} {r.choice(['+', '-', '*', '/', '==', '&&', '<'])} " \
               f"{_expr(r, depth + 1)}"
    if roll < 0.88:
        task = r.choice(["invokeurl", "sendmail", "invokeapi"])
        keys = [r.choice({"sendmail": ["from", "to", "subject", "message", "cc"],
                          "invokeurl": ["url", "type", "headers", "parameters", "body"],
                          "invokeapi": ["service", "path", "type", "parameters"]}[task])
                for _ in range(r.randint(1, 3))]
        return f"{task} [ " + " ".join(f"{k}: {_expr(r, depth + 1)}" for k in keys) + " ]"
    if roll < 0.94:
        return f"ifnull({_expr(r, depth + 1)}, {_expr(r, depth + 1)})"
    return f"{r.choice(['Map', 'List', 'Collection'])}({_expr(r, depth + 1)})"


def _statement(r: random.Random, depth: int = 0) -> str:
    roll = r.random()
    if depth < 2 and roll < 0.1:
        return f"if ({_expr(r)}) {{ {_block(r, depth + 1)} }} else {{ {_block(r, depth + 1)} }}"
    if depth < 2 and roll < 0.2:
        return f"for each {r.choice(NAMES)} in {_expr(r)} {{ {_block(r, depth + 1)} }}"
    if depth < 2 and roll < 0.27:
        return f"try {{ {_block(r, depth + 1)} }} catch (e) {{ {_block(r, depth + 1)} }}"
    if roll < 0.33:
        return r.choice(["break;", "continue;", "return;", f"return {_expr(r)};"])
    if roll < 0.45:
        return f"info {_expr(r)};"
    if roll < 0.5:
        return f"{r.choice(NAMES)}.{r.choice(MEMBERS)} = {_expr(r)};"
    if roll < 0.6:
        return f"{r.choice(NAMES)}.{r.choice(MEMBERS)}({_expr(r)});"
    return f"{r.choice(NAMES)} {r.choice(['=', '=', '+='])} {_expr(r)};"


def _block(r: random.Random, depth: int) -> str:
    return " ".join(_statement(r, depth) for _ in range(r.randint(0, 3)))


def generated(r: random.Random) -> str:
    body = "\n".join(_statement(r) for _ in range(r.randint(1, 4)))
    if r.random() < 0.4:
        head = r.choice(["void automation.f(int a)", "string standalone.g(string x, int y)",
                         "map h()"])
        return f"{head}\n{{\n{body}\n}}\n"
    return body + "\n"


#: Seeds of our own besides the golden cases and samples: the reported escape and a
#: function with the constructs check and convert must agree on.
EXTRA_SEEDS = [
    't = "x";\ng = t.toUpperCase.__globals__;\nb = g.get("__builtins__");\n'
    'imp = b.get("__import__");\nos = imp.__call__("os");\ninfo os.popen("id").read();\n',
    'void automation.f(int id)\n{\n\tfor each r in zoho.crm.getRecords("Leads") {\n'
    '\t\tif (r.get("id") == id) { break; }\n\t\tcontinue;\n\t}\n'
    '\tresp = invokeurl [ url: "https://x.io" type: POST parameters: {"a": 1} ];\n'
    '\ttry { n = today.addDay(1); } catch (e) { info e.message + e.lineNo; }\n'
    '\tsendmail [ from: zoho.adminuserid to: "a@x.io" subject: "s" message: now ];\n}\n',
]


def seeds() -> list[str]:
    paths = sorted(glob.glob(os.path.join(ROOT, "tests", "cases", "*.dg"))
                   + glob.glob(os.path.join(ROOT, "samples", "*", "*.dg")))
    out = list(EXTRA_SEEDS)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            out.append(f.read())
    return out


_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|\w+|//[^\n]*|\S')


def mutated(r: random.Random, sources: list[str]) -> str:
    tokens = _TOKEN_RE.findall(r.choice(sources))
    for _ in range(r.randint(1, 4)):
        if not tokens:
            break
        i = r.randrange(len(tokens))
        kind = r.random()
        if kind < 0.3:
            del tokens[i]
        elif kind < 0.5:
            tokens.insert(i, tokens[i])
        elif kind < 0.7:
            j = r.randrange(len(tokens))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        else:
            tokens.insert(i, r.choice(TOKENS_EXTRA + MEMBERS + NAMES))
    return ("\n" if r.random() < 0.5 else " ").join(tokens)


def programs(seed: int):
    """An endless stream of programs, half generated, half mutated."""
    r = random.Random(seed)
    sources = seeds()
    while True:
        yield generated(r) if r.random() < 0.5 else mutated(r, sources)


# --------------------------------------------------------------------------- one program


def run_one(source: str) -> str | None:
    """None when check and convert agree and the output compiles; else the kind of failure
    ("crash in check: ...", "compile failure: ...", "disagreement: ...")."""
    from deluge2py.api import check, convert_with_warnings
    from deluge2py.errors import DelugeError, ZohoRefusal

    try:
        diagnostics = check(source, "fuzz.dg")
    except Exception as e:  # noqa: BLE001 - anything but diagnostics is what we count
        return f"crash in check: {type(e).__name__}: {e}"
    for d in diagnostics:
        if not (isinstance(d.line, int) and isinstance(d.column, int) and d.line >= 1):
            return f"crash in check: unpositioned diagnostic {d.message!r}"
    errors = [d for d in diagnostics if d.severity == "error"]
    hard = [d for d in errors if not isinstance(d, ZohoRefusal)]
    try:
        text, _ = convert_with_warnings(source, "fuzz.dg")
    except DelugeError as e:
        if e.message.startswith("internal error"):
            return f"crash in convert: {e.message}"
        return None if errors else f"disagreement: check passed, convert failed: {e.message}"
    except Exception as e:  # noqa: BLE001
        return f"crash in convert: {type(e).__name__}: {e}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)  # `1 is None`: valid Python
            compile(text, "<generated>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as e:
        return f"compile failure: {e}"
    if hard:
        return f"disagreement: check failed, convert passed: {hard[0].message}"
    return None


def fuzz(count: int, seed: int = 1, deadline: float | None = None):
    """Run ``count`` programs (or until ``deadline``, a ``time.monotonic()`` value);
    return (programs run, {kind: count}, [(kind, source)...] of the failures)."""
    kinds: dict[str, int] = {}
    failures = []
    done = 0
    for source in programs(seed):
        if done >= count or (deadline is not None and time.monotonic() > deadline):
            break
        done += 1
        outcome = run_one(source)
        if outcome is not None:
            kind = outcome.split(":")[0]
            kinds[kind] = kinds.get(kind, 0) + 1
            failures.append((outcome, source))
    return done, kinds, failures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--programs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=5, help="failing programs to print")
    args = parser.parse_args(argv)
    sys.setrecursionlimit(10_000)
    started = time.monotonic()
    done, kinds, failures = fuzz(args.programs, args.seed)
    elapsed = time.monotonic() - started
    print(f"{done} programs in {elapsed:.0f} s (seed {args.seed})")
    for kind in ("crash in check", "crash in convert", "compile failure", "disagreement"):
        print(f"  {kind}: {kinds.get(kind, 0)}")
    for outcome, source in failures[:args.show]:
        print(f"--- {outcome}\n{source}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
