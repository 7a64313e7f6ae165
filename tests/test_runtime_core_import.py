"""``import deluge2py.runtime`` stays light: no lark, black or jinja2; exports the contract."""

import subprocess
import sys

import deluge2py.runtime as runtime

CONTRACT = ["Text", "Number", "Decimal", "Map", "List", "Collection", "DateTime", "Time", "File",
            "to_deluge", "to_python", "datetime_literal", "truth", "contains_op", "each",
            "each_index", "set_field", "info", "deluge_function", "caught", "throw",
            "DelugeRuntimeError", "standalone", "thisapp"]


def test_runtime_does_not_import_the_transpiler_dependencies():
    code = ("import sys, deluge2py.runtime; "
            "print(sorted(m for m in ('lark', 'black', 'jinja2', 'deluge2py.parser', "
            "'deluge2py.codegen') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert "deluge2py.runtime" in out.stderr  # -X importtime measured it


def test_runtime_exports_the_stage_3_names():
    missing = [name for name in CONTRACT if not hasattr(runtime, name)]
    assert missing == []
    assert set(CONTRACT) <= set(runtime.__all__)
