"""Project settings: ``[tool.deluge2py]`` in ``pyproject.toml``, or ``deluge2py.toml``.

Found as black and ruff find theirs: from the working directory upwards, the nearest
``deluge2py.toml`` (its top-level table) or ``pyproject.toml`` with a ``[tool.deluge2py]``
table wins; the walk stops at a folder holding ``.git``.  That folder is the project
root.  Each value then comes from, in order: the command line, the settings file, the
built-in default; ``Settings.origin(name)`` says which (``deluge2py config`` prints it).

Paths in the file are relative to the file's folder.  Outside a project the ledger is
the machine-wide one (``$DELUGE2PY_HOME/ledger.jsonl``); inside one it is
``<root>/.deluge2py/ledger.jsonl``, git-ignored by a ``.gitignore`` in that folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

FILE_NAMES = ("deluge2py.toml", "pyproject.toml")
DEFAULT = "default"
COMMAND_LINE = "command line"
PROJECT_DIR = ".deluge2py"
#: What the project folder's .gitignore names: the ledger, and itself, so that a project whose
#: folder holds only the ledger shows nothing new in ``git status``.
LEDGER_IGNORE = ("ledger.jsonl*", ".gitignore")


@dataclass(frozen=True)
class Key:
    name: str
    kind: str  # "text", "int", "path", "paths"
    default: object
    help: str


KEYS = {k.name: k for k in (
    Key("edition", "text", "enterprise", "CRM edition whose credit limits apply"),
    Key("users", "int", 10, "users of the org (the credit pools grow with them)"),
    Key("time_zone", "text", "UTC", "the org's time zone (IANA name) for dates"),
    Key("date_format", "text", None, "the org's date format (a Java pattern, e.g. dd-MMM-yyyy)"),
    Key("fixtures", "path", None, "JSON records loaded into the sandbox CRM"),
    Key("responses", "path", None, "recorded invokeurl responses (JSON)"),
    Key("db", "path", None, "keep the sandbox CRM in this SQLite file"),
    Key("ledger", "path", None, "the credit ledger (default: .deluge2py/ledger.jsonl in the project)"),
    Key("sources", "paths", None, "folders and files check, convert and estimate read by default"),
    Key("output", "path", None, "the folder `convert` writes into (default: see `convert --help`)"),
)}


class SettingsError(Exception):
    """A settings file that cannot be used: ``file: error: message``."""


@dataclass
class Settings:
    """The values in force (``settings.edition``, ``settings.fixtures``, ...: one
    attribute per ``KEYS`` name) and where each came from (``origin(name)``)."""

    root: Path | None  # the project root (None: no settings file found)
    file: Path | None
    values: dict  # name -> value
    origins: dict  # name -> where the value came from

    def __getattr__(self, name):
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def origin(self, name: str) -> str:
        return self.origins[name]

    def override(self, name: str, value) -> None:
        """A value given on the command line (``None``: not given, keep the current one)."""
        if value is None:
            return
        if KEYS[name].kind == "paths":
            value = [str(v) for v in value] if not isinstance(value, str) else [value]
        self.values[name] = value
        self.origins[name] = COMMAND_LINE

    def apply(self, args, names=None) -> "Settings":
        """Override from an argparse namespace: each setting whose flag was given."""
        for name in names or KEYS:
            self.override(name, getattr(args, name, None))
        return self

    def ledger_path(self, create: bool = False) -> Path:
        """Where charges are recorded: the setting, else the project's ledger, else the
        machine-wide one.  With ``create`` the project's folder is made, with a
        ``.gitignore``."""
        if self.values.get("ledger"):
            return Path(self.values["ledger"])
        if self.root is None:
            from deluge2py.runtime.credits import default_home

            return default_home() / "ledger.jsonl"
        folder = project_dir(self.root) if create else self.root / PROJECT_DIR
        return folder / "ledger.jsonl"

    def ledger_origin(self) -> str:
        if self.values.get("ledger"):
            return self.origins["ledger"]
        return "project default" if self.root is not None else "machine-wide default"

    def to_rows(self) -> list[tuple[str, str, str]]:
        """``(name, value, origin)`` for ``deluge2py config``."""
        rows = []
        for name in KEYS:
            value = self.values[name]
            origin = self.origins[name]
            if name == "ledger" and not value:
                value, origin = self.ledger_path(), self.ledger_origin()
            if isinstance(value, list):
                value = ", ".join(value)
            rows.append((name, "(none)" if value is None else str(value), origin))
        return rows


def project_dir(root: Path) -> Path:
    """``<root>/.deluge2py``, made on first use, with a ``.gitignore`` naming the ledger
    (and itself) so it never lands in a commit.  Nothing else: the folder also holds what ``pull``
    keeps (``pulled/``), which a team may want to commit."""
    folder = root / PROJECT_DIR
    ignore = folder / ".gitignore"
    folder.mkdir(parents=True, exist_ok=True)
    lines = ignore.read_text(encoding="utf-8").splitlines() if ignore.exists() else []
    missing = [pattern for pattern in LEDGER_IGNORE if pattern not in lines]
    if missing:
        with open(ignore, "a", encoding="utf-8") as fh:
            if not lines:
                fh.write("# written by deluge2py: the credit ledger is this machine's own\n")
            fh.write("".join(pattern + "\n" for pattern in missing))
    return folder


def find(start: str | os.PathLike | None = None) -> tuple[Path, dict] | None:
    """The nearest settings file at or above ``start`` and its deluge2py table."""
    folder = Path(start or os.getcwd()).resolve()
    for here in (folder, *folder.parents):
        for name in FILE_NAMES:
            candidate = here / name
            if not candidate.is_file():
                continue
            data = _read_toml(candidate)
            if name == "pyproject.toml":
                table = data.get("tool", {}).get("deluge2py")
                if table is None:
                    continue
            else:
                table = data.get("tool", {}).get("deluge2py", data)
            if not isinstance(table, dict):
                raise SettingsError(f"{candidate}: error: [tool.deluge2py] must be a table")
            return candidate, table
        if (here / ".git").exists():
            return None
    return None


def load(start: str | os.PathLike | None = None) -> Settings:
    """The settings in force at ``start`` (the working directory by default)."""
    values = {name: key.default for name, key in KEYS.items()}
    origins = dict.fromkeys(KEYS, DEFAULT)
    found = find(start)
    if found is None:
        return Settings(None, None, values, origins)
    path, table = found
    where = f"{path} [tool.deluge2py]" if path.name == "pyproject.toml" else str(path)
    for raw_name, raw in table.items():
        name = str(raw_name).replace("-", "_")
        key = KEYS.get(name)
        if key is None:
            raise SettingsError(f"{path}: error: unknown setting {raw_name!r}; known: "
                                + ", ".join(n.replace("_", "-") for n in KEYS))
        values[name] = _coerce(key, raw, path)
        origins[name] = where
    _validate(values, origins, path)
    return Settings(path.parent, path, values, origins)


def _coerce(key: Key, raw, path: Path):
    label = key.name.replace("_", "-")
    if key.kind == "int":
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            raise SettingsError(f"{path}: error: {label} must be a whole number of 1 or more, "
                                f"not {raw!r}")
        return raw
    if key.kind == "paths":
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise SettingsError(f"{path}: error: {label} must be a path or a list of paths")
        return [str(path.parent / item) for item in items]
    if not isinstance(raw, str) or not raw.strip():
        raise SettingsError(f"{path}: error: {label} must be a non-empty string, not {raw!r}")
    return str(path.parent / raw) if key.kind == "path" else raw


def _validate(values: dict, origins: dict, path: Path) -> None:
    """Catch a misspelt edition or zone when the file is read, not deep inside a run."""
    from deluge2py.runtime.credits import get_edition

    try:
        get_edition(values["edition"])
    except ValueError as exc:
        raise SettingsError(f"{path}: error: edition: {exc}") from None
    check_time_zone(values["time_zone"], f"{path}: error: time-zone")


def check_time_zone(zone: str, label: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"{label}: unknown time zone {zone!r} "
                            "(an IANA name such as Asia/Kolkata)") from None


def _read_toml(path: Path) -> dict:
    import tomllib

    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: error: not valid TOML: {exc}") from None
    except OSError as exc:
        raise SettingsError(f"{path}: error: cannot read: {exc.strerror}") from None


# Flags a command may take to override a setting: name -> (flag, metavar).
FLAGS = {
    "edition": ("--edition", "EDITION"),
    "users": ("--users", "N"),
    "time_zone": ("--time-zone", "ZONE"),
    "date_format": ("--date-format", "PATTERN"),
    "fixtures": ("--fixtures", "FILE"),
    "responses": ("--responses", "FILE"),
    "db": ("--db", "FILE"),
    "ledger": ("--ledger", "FILE"),
    "output": ("-o", "OUTDIR"),
}


def _whole_number(text: str) -> int:
    """An ``int`` flag's value: a whole number of 1 or more, as the settings file wants."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {text!r}")
    return value


def add_flags(parser, names, group=None) -> None:
    """Add the override flags of ``names`` to an argparse parser (default None, so a
    flag not given leaves the settings file's value in force)."""
    for name in names:
        flag, metavar = FLAGS[name]
        key = KEYS[name]
        extra = {"type": _whole_number} if key.kind == "int" else {}
        default = "" if key.default is None else f"; default: {key.default}"
        target = group if group is not None and name == "responses" else parser
        target.add_argument(flag, dest=name, metavar=metavar, default=None,
                            help=f"{key.help} (overrides [tool.deluge2py] {name.replace('_', '-')}{default})",
                            **extra)


def for_command(args, names=None, start=None) -> Settings:
    """The settings in force for a command: the file's, overridden by the flags given."""
    settings = load(start)
    settings.apply(args, names)
    label = f"deluge2py {getattr(args, 'command', None) or 'config'}: error"
    if getattr(args, "time_zone", None):
        check_time_zone(args.time_zone, f"{label}: --time-zone")
    if getattr(args, "edition", None):
        from deluge2py.runtime.credits import get_edition

        try:
            get_edition(args.edition)
        except ValueError as exc:
            raise SettingsError(f"{label}: --edition: {exc}") from None
    return settings
