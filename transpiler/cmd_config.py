"""``deluge2py config``: the project settings in force and where each value came from.

Settings are read from ``[tool.deluge2py]`` in the nearest ``pyproject.toml`` (or a
``deluge2py.toml``) at or above the working directory; flags given here override them
the way they would on ``run`` (``deluge2py config --edition free`` shows the edition as
coming from the command line).
"""

from __future__ import annotations

import json

from .host import settings as settings_mod


def add_arguments(parser) -> None:
    settings_mod.add_flags(parser, list(settings_mod.FLAGS))
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args) -> int:
    from .terminal import Output

    out = Output.from_args(args)
    settings = settings_mod.for_command(args)
    rows = settings.to_rows()
    if args.json:
        print(json.dumps({
            "file": str(settings.file) if settings.file else None,
            "root": str(settings.root) if settings.root else None,
            "settings": {name: {"value": value, "from": origin} for name, value, origin in rows},
        }, indent=2))
        return 0
    if settings.file is None:
        out.say("no settings file: looked for deluge2py.toml, or pyproject.toml with "
                "[tool.deluge2py], from here upwards")
    else:
        out.say(f"settings file: {settings.file}", style="bold")
    widths = [max(len(row[i]) for row in rows + [("setting", "value", "from")]) for i in range(2)]
    out.say(f"{'setting'.ljust(widths[0])}  {'value'.ljust(widths[1])}  from", style="bold")
    for name, value, origin in rows:
        print(f"{name.replace('_', '-').ljust(widths[0])}  {value.ljust(widths[1])}  {origin}")
    return 0
