"""``deluge2py credits --html`` looked at in headless Chromium: the timelines are drawn.

A ledger written by hand (runs over the last two days, one of them failed) goes through
the command as a user would run it; Chromium renders the page and takes a screenshot,
and the test counts the chart colours' pixels in it.  Skipped where Chromium is absent.
"""

import json
import shutil
import struct
import subprocess
import time
import zlib

import pytest

from deluge2py.cli import main
from deluge2py.host.credit_charts import API_COLOUR, FUNCTION_COLOUR, ROLLING_COLOUR

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def read_png(path):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, upleft = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - upleft
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else upleft)) & 255
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


def rgb(colour):
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def write_ledger(path, now):
    """Twenty runs over the last 40 hours, 40 to 140 API credits each; one failed."""
    lines = []
    for i in range(20):
        start = now - (40 - 2 * i) * 3600
        run, fn = f"run{i}", "automation.sync_deals"
        lines.append({"run": run, "kind": "function", "function": fn, "task": None,
                      "credits": 1, "time": start, "line": None})
        for k in range(40 + 5 * i):
            lines.append({"run": run, "kind": "api", "function": fn, "task": "zoho.crm.updateRecord",
                          "credits": 1, "time": start + k / 100, "line": 6})
        lines.append({"run": run, "kind": "run", "function": fn, "task": None, "credits": 0,
                      "time": start + 1, "status": "failed" if i == 7 else "ok",
                      "error": "Invalid field" if i == 7 else None, "line": 6 if i == 7 else None})
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))


def test_timelines_are_drawn_in_chromium(tmp_path, capsys):
    ledger, page, shot = tmp_path / "ledger.jsonl", tmp_path / "credits.html", tmp_path / "shot.png"
    write_ledger(ledger, time.time())
    assert main(["credits", "--ledger", str(ledger), "--edition", "free", "--period", "7d",
                 "--html", str(page)]) == 0
    out = capsys.readouterr().out
    assert "runs: 20 (1 failed)" in out
    html = page.read_text()
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert 'class="limit"' in html  # over 1,000 API credits in 24 hours: the free edition's 5,000 is in scale
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
                    "--window-size=1000,1100", "--force-device-scale-factor=0.5",
                    "--hide-scrollbars", f"--screenshot={shot}", page.as_uri()],
                   check=True, capture_output=True, timeout=60)
    width, height, rows = read_png(shot)
    assert (width, height) == (500, 550)  # half scale: fewer pixels to decode here
    counts = {name: 0 for name in ("api", "function", "rolling")}
    colours = {rgb(API_COLOUR): "api", rgb(FUNCTION_COLOUR): "function", rgb(ROLLING_COLOUR): "rolling"}
    for row in rows:
        for pixel in row:
            name = colours.get(pixel)
            if name:
                counts[name] += 1
    assert counts["api"] > 500, counts  # the API columns of both timelines
    assert counts["function"] > 20, counts  # the function-credit columns and legend
    assert counts["rolling"] > 20, counts  # the rolling 24-hour line (thin: antialiased at half scale)
