"""The ``deluge2py`` command.

Each subcommand lives in its own module ``deluge2py.cmd_<name>`` exposing
``add_arguments(parser)`` and ``run(args) -> int`` (the exit code); this file
only wires them together, importing each lazily so ``deluge2py --help`` is fast.
Every subcommand takes ``-q``/``-v``; exit codes and failure wording are in
``deluge2py.terminal``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__

COMMANDS = {
    "check": "report what Zoho would refuse to save: syntax errors, undefined variables, "
             "unknown tasks and methods",
    "convert": "translate Deluge files into Python modules",
    "run": "run a Deluge function against the sandbox CRM",
    "debug": "step through a Deluge function in the Deluge-aware debugger",
    "credits": "show API and function credits spent by past runs, or estimate a function's",
    "test": "run the project's pytest suite (--watch: again on every save)",
    "config": "show the project settings in force and where each value came from",
    "completion": "print a shell completion script (bash, zsh or fish)",
    "auth": "exchange a Zoho self-client grant code for a refresh token (a credentials profile)",
    "serve-sandbox": "serve the sandbox CRM over HTTP as a fake Zoho (OAuth, REST, faults)",
    "pull": "download the org's Deluge functions into a local project (deluge2py.lock)",
    "status": "show what changed locally and in the org since the pull",
    "diff": "unified diffs of what changed locally and in the org since the pull",
    "push": "check and upload changed functions to the org",
}


class CommandParser(argparse.ArgumentParser):
    """A subcommand's parser.  argparse lets a subparser hand the arguments it does not
    know back to the top-level parser, whose error shows the top-level usage; here the
    subcommand reports them itself: its own usage, ``deluge2py run: error: unrecognized
    arguments: --bogus`` (exit 2).  ``unrecognized_hint``, when a command sets it, is
    added to that message."""

    unrecognized_hint: str | None = None

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            message = f"unrecognized arguments: {' '.join(extras)}"
            hint = f" ({self.unrecognized_hint})" if self.unrecognized_hint else ""
            self.error(message + hint)
        return namespace, extras


def common_options() -> argparse.ArgumentParser:
    """``-q``/``-v``, shared by every subcommand."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true",
                       help="print only errors (and what was asked for)")
    group.add_argument("-v", "--verbose", action="count", default=0,
                       help="say more about what is done (repeatable)")
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deluge2py",
        description="Translate Zoho Deluge into Python and run it locally.",
    )
    parser.add_argument("--version", action="version", version=f"deluge2py {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)
    parent = common_options()
    for name, help_text in COMMANDS.items():
        module = importlib.import_module(f"deluge2py.cmd_{name.replace('-', '_')}")
        command = sub.add_parser(name, help=help_text, description=help_text, parents=[parent])
        module.add_arguments(command)
        command.set_defaults(_module=module)
    return parser


def main(argv=None) -> int:
    from .host.settings import SettingsError
    from .terminal import USAGE, Output

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return USAGE
    try:
        return int(args._module.run(args) or 0)
    except SettingsError as exc:
        Output().diagnostic(str(exc))
        return USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
