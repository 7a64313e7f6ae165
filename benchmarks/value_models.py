"""How fast can an exact translation of Deluge to Python be?  A bound, measured.

    python benchmarks/value_models.py [--repeat 7]

Three workloads of ``runtime.py`` (``cpu_heavy``, ``text_building``, ``decimals``) run side
by side in one process, five ways:

* ``hand``: the hand-written Python of ``workloads.py`` (the 1.00x of every ratio);
* ``tool``: the Deluge source converted by deluge2py and run with limits and the meter on,
  as ``deluge2py run`` runs it (its arguments converted to Deluge values beforehand);
* ``plain``: written here by hand as the *cheapest exact* translation could be without
  guessing types: values are plain ``int``/``float``/``str``/``dict``/``list`` (no ``Number``
  box at all), a value whose type is proven (a literal, a local only ever assigned numbers)
  uses Python's operator with the 64-bit range check inline, and every operation on a value
  whose type is not proven is one call to a minimal checked function (the common case
  inline, anything else raising).  The statement counter is a bare generator.  This is a
  bound on what a new value model could reach, not a product: it leaves out the errors'
  messages, Java's rules for the rare cases, the meter and Deluge's method calls;
* ``proven``: the same with every type known, as if the list argument's element types were
  declared (Deluge declares only ``list``), every operation Python's own;
* ``guarded`` (``cpu_heavy`` only): ``proven`` behind a type check of each element, with the
  ``plain`` loop as the fallback: the speculative "loop versioning" of JIT compilers,
  written out as generated code would have to be (two copies of the loop body).

Its output is why ``README.md`` says the 2x/3x targets of issue 14 cannot be met by an exact
translation that emits one readable copy of each function: see "Benchmarks" there.  Numbers
are measured here, never asserted by tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from runtime import best_of, load_converted, run_context, same  # noqa: E402
from workloads import WORKLOADS  # noqa: E402

LO, HI = -(2**63), 2**63 - 1


def overflow(value):
    raise OverflowError(value)


def unsupported(*operands):
    """Where an exact translation would go to its slow path (Java's rules, errors)."""
    raise TypeError(operands)


# --- the minimal checked operations of the ``plain`` model -----------------------------------
# One call each, the common case inline: what an operation on unproven operands must cost.

def plus(a, b):
    ta, tb = a.__class__, b.__class__
    if ta is int and tb is int:
        r = a + b
        return r if LO <= r <= HI else overflow(r)
    if (ta is float or ta is int) and (tb is float or tb is int):
        return a + b
    return unsupported(a, b)


def times(a, b):
    ta, tb = a.__class__, b.__class__
    if ta is int and tb is int:
        r = a * b
        return r if LO <= r <= HI else overflow(r)
    if (ta is float or ta is int) and (tb is float or tb is int):
        return a * b
    return unsupported(a, b)


def divide(a, b):
    if (a.__class__ is float or a.__class__ is int) and b.__class__ is int and b:
        return a / b
    return unsupported(a, b)


def modulo(a, b):
    if a.__class__ is int and b.__class__ is int and a >= 0 and b > 0:
        return a % b
    return unsupported(a, b)


def greater(a, b):
    if a.__class__ is int and b.__class__ is int:
        return a > b
    return unsupported(a, b)


def at_least(a, b):
    if (a.__class__ is int or a.__class__ is float) and b.__class__ is int:
        return a >= b
    return unsupported(a, b)


def ifnull(a, b):
    return b if a is None else a


def get(m, key):
    if m.__class__ is dict:
        return m.get(key)
    return unsupported(m, key)


def upper(x):
    return x.upper() if x.__class__ is str else unsupported(x)


def lower(x):
    return x.lower() if x.__class__ is str else unsupported(x)


def replace_all(x, old, new):
    return x.replace(old, new) if x.__class__ is str else unsupported(x)


def concatenate(*parts):
    out = []
    append = out.append
    for p in parts:
        t = p.__class__
        if t is str:
            append(p)
        elif t is int:
            append(int.__repr__(p))
        else:
            unsupported(p)
    return "".join(out)


class Counter:
    executed = 0


def each(items, statements, counter=Counter):
    for item in tuple(items):
        counter.executed += statements
        yield item


# --- cpu_heavy --------------------------------------------------------------------------------

def cpu_heavy_plain(items):
    summary, lines, total = {}, [], 0
    for i in each(items, 14):
        row = {}
        row["id"] = i
        row["qty"] = plus(modulo(i, 7), 1)
        row["price"] = plus(times(modulo(i, 13), 3), 5)
        amount = times(row.get("qty"), row.get("price"))
        row["amount"] = amount
        total = plus(total, amount)
        label = concatenate("Item ", i, ": ", amount, " units")
        lines.append(label)
        if greater(amount, 100):
            summary["big"] = plus(ifnull(summary.get("big"), 0), 1)
        else:
            summary["small"] = plus(ifnull(summary.get("small"), 0), 1)
        summary["last"] = label
        row["label"] = label
    summary["total"] = total
    summary["count"] = len(lines)
    return summary


def cpu_heavy_proven(items):
    summary, lines, total = {}, [], 0
    for i in each(items, 14):
        row = {"id": i, "qty": i % 7 + 1, "price": i % 13 * 3 + 5}
        amount = row["qty"] * row["price"]
        if not LO <= amount <= HI:
            overflow(amount)
        row["amount"] = amount
        total += amount
        if not LO <= total <= HI:
            overflow(total)
        label = f"Item {i}: {amount} units"
        lines.append(label)
        if amount > 100:
            summary["big"] = summary.get("big", 0) + 1
        else:
            summary["small"] = summary.get("small", 0) + 1
        summary["last"] = label
        row["label"] = label
    summary["total"] = total
    summary["count"] = len(lines)
    return summary


def cpu_heavy_guarded(items):
    summary, lines, total = {}, [], 0
    for i in each(items, 14):
        if i.__class__ is int and 0 <= i < 2**40:  # the speculated types and range
            row = {"id": i, "qty": i % 7 + 1, "price": i % 13 * 3 + 5}
            amount = row["qty"] * row["price"]
            row["amount"] = amount
            total += amount
            if not LO <= total <= HI:
                overflow(total)
            label = f"Item {i}: {amount} units"
            lines.append(label)
            if amount > 100:
                summary["big"] = plus(ifnull(summary.get("big"), 0), 1)
            else:
                summary["small"] = plus(ifnull(summary.get("small"), 0), 1)
            summary["last"] = label
            row["label"] = label
        else:  # the second copy: cpu_heavy_plain's body
            row = {}
            row["id"] = i
            row["qty"] = plus(modulo(i, 7), 1)
            row["price"] = plus(times(modulo(i, 13), 3), 5)
            amount = times(row.get("qty"), row.get("price"))
            row["amount"] = amount
            total = plus(total, amount)
            label = concatenate("Item ", i, ": ", amount, " units")
            lines.append(label)
            if greater(amount, 100):
                summary["big"] = plus(ifnull(summary.get("big"), 0), 1)
            else:
                summary["small"] = plus(ifnull(summary.get("small"), 0), 1)
            summary["last"] = label
            row["label"] = label
    summary["total"] = total
    summary["count"] = len(lines)
    return summary


# --- text_building ----------------------------------------------------------------------------

def text_report_plain(contacts):
    report = ""
    for c in each(contacts, 5):
        name = concatenate(get(c, "First_Name"), " ", get(c, "Last_Name"))
        line = concatenate(name.upper(), " <", lower(get(c, "Email")), ">")
        if get(c, "Phone") is not None:
            line = concatenate(line, ", phone ", replace_all(get(c, "Phone"), "-", ""))
        report += line.strip() + "; "
    return report


def text_report_proven(contacts):
    report = ""
    for c in each(contacts, 5):
        name = c["First_Name"] + " " + c["Last_Name"]
        line = f"{name.upper()} <{c['Email'].lower()}>"
        phone = c["Phone"]
        if phone is not None:
            line = f"{line}, phone {phone.replace('-', '')}"
        report += line.strip() + "; "
    return report


# --- decimals ---------------------------------------------------------------------------------

def invoice_totals_plain(lines):
    subtotal, tax, discounted = 0.0, 0.0, 0
    for line in each(lines, 6):
        amount = times(get(line, "qty"), get(line, "unit_price"))
        if at_least(get(line, "qty"), 10):
            amount = times(amount, 0.95)
            discounted += 1
            if discounted > HI:
                overflow(discounted)
        subtotal = plus(subtotal, amount)
        tax = plus(tax, divide(times(amount, get(line, "tax_rate")), 100))
    return {"subtotal": round(subtotal, 2), "tax": round(tax, 2),
            "total": round(subtotal + tax, 2), "discounted": discounted}


def invoice_totals_proven(lines):
    subtotal, tax, discounted = 0.0, 0.0, 0
    for line in each(lines, 6):
        qty = line["qty"]
        amount = qty * line["unit_price"]
        if qty >= 10:
            amount *= 0.95
            discounted += 1
        subtotal += amount
        tax += amount * line["tax_rate"] / 100
    return {"subtotal": round(subtotal, 2), "tax": round(tax, 2),
            "total": round(subtotal + tax, 2), "discounted": discounted}


MODELS = {
    "cpu_heavy": {"plain": cpu_heavy_plain, "proven": cpu_heavy_proven,
                  "guarded": cpu_heavy_guarded},
    "text_building": {"plain": text_report_plain, "proven": text_report_proven},
    "decimals": {"plain": invoice_totals_plain, "proven": invoice_totals_proven},
}


def measure(repeat):
    from deluge2py.runtime import to_deluge, to_python

    folder = tempfile.mkdtemp(prefix="value-models-")
    print(f"Best of {repeat}, all ways run in turn; ratio to hand-written Python")
    print(f"  {'workload':<14} {'hand':>8} " + " ".join(f"{m:>15}" for m in
                                                        ("tool", "plain", "proven", "guarded")))
    for w in WORKLOADS:
        if w.name not in MODELS:
            continue
        namespace, _ = load_converted(w.deluge, w.name)
        tool = next(v for v in namespace.values() if hasattr(v, "__deluge__"))
        plain_args = w.make_args()
        deluge_args = [to_deluge(a) for a in plain_args]
        context = run_context(folder)
        ways = {"hand": (w.hand, plain_args), "tool": (tool, deluge_args)}
        ways.update((m, (f, plain_args)) for m, f in MODELS[w.name].items())
        best = dict.fromkeys(ways, float("inf"))
        expected = None
        for _ in range(repeat):
            for name, (function, args) in ways.items():
                if name == "tool":
                    with context:
                        elapsed, result = best_of(1, function, *args)
                    result = to_python(result)
                else:
                    elapsed, result = best_of(1, function, *args)
                if expected is None:
                    expected = result
                elif not same(result, expected):
                    raise SystemExit(f"{w.name}: {name} computed something else")
                best[name] = min(best[name], elapsed)
        hand = best["hand"]
        cells = [f"{best[m] * 1000:6.2f}ms {best[m] / hand:5.2f}x" if m in best else " " * 15
                 for m in ("tool", "plain", "proven", "guarded")]
        print(f"  {w.name:<14} {hand * 1000:6.2f}ms " + " ".join(cells))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    measure(args.repeat)


if __name__ == "__main__":
    main()
