"""Conversion benchmark: our own stages beside black, then the CLI with --jobs 2 and with
the cache.  Prints numbers; asserts nothing.

    python benchmarks/convert.py [--functions 200] [--files 40]

Targets: parse + analysis + code generation at most a third of black's time; a second
run over unchanged files under 10% of the first.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

SNIPPET = '''string standalone.summary_{i}(Int recordId, String mode)
{{
	// Collect open items of one record.
	rec = zoho.crm.getRecordById("Deals", recordId);
	items = ifnull(rec.get("Items"), List());
	total = 0.0;
	names = List:String();
	for each item in items
	{{
		if(item.get("status") == "open" && !names.contains(item.get("name")))
		{{
			names.add(item.get("name"));
			total = total + item.get("amount") * (1 - item.get("discount") / 100);
		}}
		else if(item.get("status") is null)
		{{
			info "no status on " + item.get("name");
		}}
	}}
	label = if(total > 1000, "large", "small");
	try
	{{
		resp = invokeurl
		[
			url: "https://example.com/api/v1/deals/" + recordId
			type: POST
			parameters: {{"total": total, "names": names.toString(), "mode": mode}}
			connection: "crm_conn"
		];
	}}
	catch (e)
	{{
		info e.message;
	}}
	return label + ": " + names.size() + " items, " + total.round(2);
}}
'''


def make_source(functions: int) -> str:
    return "\n".join(SNIPPET.format(i=i) for i in range(functions))


def time_stages(source: str) -> dict[str, float]:
    from deluge2py.api import _names, _render
    from deluge2py.codegen import ModuleGenerator
    from deluge2py.format import format_code
    from deluge2py.parser import parse

    times = {}
    start = time.perf_counter()
    module = parse(source, "bench.dg").module
    times["parse"] = time.perf_counter() - start
    start = time.perf_counter()
    basename, stem = _names("bench.dg")
    parts, _ = ModuleGenerator(module, "bench.dg", basename, stem).generate()
    text = _render(parts)
    times["analysis + code generation"] = time.perf_counter() - start
    start = time.perf_counter()
    format_code(text)
    times["black"] = time.perf_counter() - start
    return times


def time_cli(folder: Path, out: Path, cache: Path, jobs: int) -> float:
    from deluge2py import cmd_convert

    parser = argparse.ArgumentParser()
    cmd_convert.add_arguments(parser)
    args = parser.parse_args([str(folder), "-o", str(out), "--jobs", str(jobs)])
    os.environ["DELUGE2PY_CACHE_DIR"] = str(cache)
    start = time.perf_counter()
    saved, sys.stderr = sys.stderr, open(os.devnull, "w")
    try:
        cmd_convert.run(args)
    finally:
        sys.stderr.close()
        sys.stderr = saved
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", type=int, default=200)
    parser.add_argument("--files", type=int, default=40)
    options = parser.parse_args()

    source = make_source(options.functions)
    time_stages(make_source(2))  # warm up: imports, grammar, templates
    times = time_stages(source)
    ours = times["parse"] + times["analysis + code generation"]
    print(f"one file, {options.functions} functions, {len(source.splitlines())} lines:")
    for name, seconds in times.items():
        print(f"  {name:28} {seconds * 1000:9.1f} ms")
    print(f"  our stages / black          {ours / times['black']:9.2f}  (target <= 0.33)")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "src"
        src.mkdir()
        for i in range(options.files):
            (src / f"function_{i}.dg").write_text(make_source(5).replace("summary_", f"s{i}_"))
        one = time_cli(src, tmp / "out1", tmp / "cache1", jobs=1)
        two = time_cli(src, tmp / "out2", tmp / "cache2", jobs=2)
        again = time_cli(src, tmp / "out1", tmp / "cache1", jobs=1)
    print(f"convert {options.files} files:")
    print(f"  --jobs 1                    {one:9.2f} s")
    print(f"  --jobs 2                    {two:9.2f} s   speed-up {one / two:.2f}x")
    print(f"  second run (cache)          {again:9.2f} s   {100 * again / one:.1f}% of the first "
          "(target < 10%)")


if __name__ == "__main__":
    main()
