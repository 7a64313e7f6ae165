"""Parser throughput on a generated ~20,000-line Deluge file (one core; CPU time of this process, so other load does not skew it).

    python3 benchmarks/parse.py [--lines 20000] [--repeat 3]

Prints lines/s for Lark alone (lexing + LALR + parse tree) and for the whole
``deluge2py.parser.parse`` (Lark + AST building + comments + lint), and the
share the AST stage adds on top of Lark.  Targets: >= 15,000 lines/s in total,
AST building <= 30 % on top of Lark.  Numbers only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

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
    lark = parser.get_lark()
    startup = time.process_time() - start
    source = generate(args.lines)
    nlines = source.count("\n")

    def lark_only():  # under the same conditions as parser.parse: GC paused
        sink = []
        token = parser._comments.set(sink)
        gc.disable()
        try:
            lark.parse(source)
        finally:
            gc.enable()
            parser._comments.reset(token)

    t_lark = best_time(lark_only, args.repeat)
    t_full = best_time(lambda: parser.parse(source, "bench.dg"), args.repeat)
    print(f"input: {nlines} lines, {len(source)} characters")
    print(f"parser startup (grammar load, cached table): {startup * 1000:.0f} ms")
    print(f"lark alone:        {t_lark:.3f} s  {nlines / t_lark:>9,.0f} lines/s")
    print(f"parse + AST total: {t_full:.3f} s  {nlines / t_full:>9,.0f} lines/s")
    print(f"AST building on top of Lark: {100 * (t_full - t_lark) / t_lark:.0f} %")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main())
