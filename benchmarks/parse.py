"""Parser throughput on a generated ~20,000-line Deluge file (one core; CPU time of this process, so other load does not skew it).

    python3 benchmarks/parse.py [--lines 20000] [--repeat 3]

Prints lines/s for Lark alone and for the whole ``deluge2py.parser.parse``, and
the share the AST stage adds on top of Lark (negative when ``parse`` is faster).
"Lark alone" is Lark parsing the same input with the same grammar into its own
parse tree, with positions
(``propagate_positions``) and the comments collected: the work a separate
tree-then-transform pipeline would start from.  ``parse`` builds the AST during
the LALR parse (an inline transformer), so it makes no parse tree at all; for
the cost of that building, a third run has Lark build nothing.
Targets: >= 15,000 lines/s in total, AST building <= 30 % on top of Lark.
Numbers only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

from lark import Lark, Tree

SNIPPET = '''    // deal {i}: collect the line items
    deal{i} = zoho.crm.getRecordById("Deals", dealId + {i});
    items{i} = List:String();
    total{i} = 0.0;
    for each line in deal{i}.get("Product_Details")
    {{
        if(line.get("quantity") > 0 && line.get("product") != null)
        {{
            items{i}.add(line.get("product").get("name"));
            total{i} = total{i} + line.get("quantity") * line.get("list_price");
        }}
        else if(line.get("quantity") == 0)
        {{
            info "empty line " + line.get("id"); // keep going
        }}
        else
        {{
            continue;
        }}
    }}
    payload{i} = {{"deal": dealId, "total": total{i}, "names": items{i}, "ok": true}};
    resp{i} = invokeurl
    [
        url :"https://api.example.com/deals/" + dealId
        type :POST
        parameters:payload{i}.toString()
        headers:{{"Content-Type":"application/json"}}
    ];
    try
    {{
        label{i} = ifnull(resp{i}.get("label"), "none").toUpperCase();
    }}
    catch (e)
    {{
        info e.message;
    }}
'''


def generate(lines: int) -> str:
    parts = ["void automation.bulk_sync(Int dealId)\n{\n"]
    count = 2
    i = 0
    while count < lines:
        chunk = SNIPPET.format(i=i)
        parts.append(chunk)
        count += chunk.count("\n")
        i += 1
    parts.append("}\n")
    return "".join(parts)


class BuildNothing:
    """A transformer whose every rule yields None: Lark lexes and runs its LALR
    automaton with the options ``parser.parse`` uses, and builds nothing (but the
    repetitions Lark splices into their parent, as it needs them)."""

    def __default__(self, data, children, meta):
        return Tree(data, children) if data.startswith("_") else None


def best_time(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    from deluge2py import parser

    start = time.process_time()
    parser.get_lark()  # the parser with its AST builder
    startup = time.process_time() - start
    comments = []
    with open(parser.GRAMMAR_PATH, encoding="utf-8") as f:
        grammar = f.read()
    tree_lark = Lark(grammar, parser="lalr", lexer="contextual", propagate_positions=True,
                     maybe_placeholders=True, lexer_callbacks={"COMMENT": comments.append},
                     cache=True)
    bare_lark = Lark(grammar, parser="lalr", lexer="contextual", keep_all_tokens=True,
                     maybe_placeholders=True, transformer=BuildNothing(),
                     lexer_callbacks={"COMMENT": comments.append}, cache=True)
    source = generate(args.lines)
    nlines = source.count("\n")

    def lark_only(lark):  # under the same conditions as parser.parse: GC paused
        comments.clear()
        gc.disable()
        try:
            lark.parse(source)
        finally:
            gc.enable()

    t_lark = best_time(lambda: lark_only(tree_lark), args.repeat)
    t_bare = best_time(lambda: lark_only(bare_lark), args.repeat)
    t_full = best_time(lambda: parser.parse(source, "bench.dg"), args.repeat)
    print(f"input: {nlines} lines, {len(source)} characters")
    print(f"parser startup (grammar load, cached table): {startup * 1000:.0f} ms")
    print(f"lark alone (its parse tree): {t_lark:.3f} s  {nlines / t_lark:>9,.0f} lines/s")
    print(f"lark building nothing:       {t_bare:.3f} s  {nlines / t_bare:>9,.0f} lines/s")
    print(f"parse + AST total:           {t_full:.3f} s  {nlines / t_full:>9,.0f} lines/s")
    print(f"AST building on top of Lark: {100 * (t_full - t_lark) / t_lark:+.0f} % "
          "(parse + AST against Lark's own tree)")
    print(f"AST building on top of Lark building nothing: "
          f"{100 * (t_full - t_bare) / t_bare:+.0f} %")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main())
