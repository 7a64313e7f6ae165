"""Semantics the reference left open (issue 9, point 4), each decided in docs/semantics.md
("Open points decided: dates, zones, charsets, emptiness, booleans, text length, Creator
precedence") and pinned here through ``deluge2py run`` on bare scripts of our own."""

from __future__ import annotations

import pytest

from deluge2py.cli import main


def run(tmp_path, capsys, source, *options, name="probe.dg"):
    """``deluge2py run`` on ``source``: (exit code, info lines, stderr)."""
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    code = main(["run", str(path), *options])
    out, err = capsys.readouterr()
    lines = [line for line in out.splitlines() if not line.startswith("credits:")]
    return code, lines, err


# -- date-time methods on text that holds a date-time ------------------------------------------

def test_date_methods_apply_to_text_holding_a_date(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
t = "15-Jan-2024 10:30:00";
info t.getYear();
info t.addDay(1);
info t.toString("yyyy/MM/dd HH:mm");
info "15-Jan-2024".getDayOfWeek();
''')
    assert code == 0
    assert lines == ["2024", "16-Jan-2024 10:30:00", "2024/01/15 10:30", "2"]


def test_date_methods_on_text_that_is_no_date_are_deluge_errors(tmp_path, capsys):
    code, _, err = run(tmp_path, capsys, 'info "next tuesday".addDay(1);\n')
    assert code == 1
    assert "'next tuesday' is not a valid date-time value for the function addDay" in err
    code, _, err = run(tmp_path, capsys, 'info "hello".toString("yyyy");\n')
    assert code == 1 and "neither a number nor a date" in err


# -- time-zone arguments of the conversion functions -----------------------------------------

def test_time_zone_arguments_read_text_in_that_zone(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
info "15-Jan-2024 10:30:00".toDateTime("dd-MMM-yyyy HH:mm:ss", "Asia/Kolkata");
info "15-Jan-2024 10:30:00".toTime("dd-MMM-yyyy HH:mm:ss", "Asia/Kolkata");
d = '15-Jan-2024 10:30:00';
info d.toString("HH:mm", "Asia/Kolkata");
info d.toDateTime("yyyy", "Asia/Kolkata");
t = "15-Jan-2024 10:30:00";
info t.unixEpoch("Asia/Kolkata");
info t.unixEpoch("Nowhere/Atlantis") == t.unixEpoch("GMT");
''', "--time-zone", "UTC")
    assert code == 0
    assert lines == ["15-Jan-2024 05:00:00", "15-Jan-2024 05:00:00", "16:00",
                     "15-Jan-2024 10:30:00", "1705294800000", "true"]


# -- timeBetween and epoch functions in the org's time zone -----------------------------------

def test_elapsed_time_and_epochs_follow_the_org_zone(tmp_path, capsys):
    source = '''
a = '10-Mar-2024 01:00:00';
b = '10-Mar-2024 03:00:00';
info a.timeBetween(b);
info hoursBetween(a, b);
info a.toLong();
x = 1000;
info x.toTime();
'''
    code, lines, _ = run(tmp_path, capsys, source, "--time-zone", "America/Los_Angeles")
    # 01:00 PST to 03:00 PDT is one hour: the clocks jump at 02:00 that night.
    assert code == 0 and lines == ["1", "1", "1710061200000", "31-Dec-1969 16:00:01"]
    code, lines, _ = run(tmp_path, capsys, source, "--time-zone", "UTC")
    assert lines == ["2", "2", "1710032400000", "01-Jan-1970 00:00:01"]


# -- charset arguments of the encoding functions ----------------------------------------------

def test_charset_arguments(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
info zoho.encryption.base64Encode("A", "UTF-16LE");
info zoho.encryption.base64Encode("A", "utf-16be");
info zoho.encryption.base64Decode("QQA=", "UTF-16LE");
info zoho.encryption.base64Encode("é");
''')
    assert code == 0 and lines == ["QQA=", "AEE=", "A", "w6k="]
    code, _, err = run(tmp_path, capsys, 'info zoho.encryption.base64Encode("A", "EBCDIC-X");\n')
    assert code == 1 and "Unsupported charset 'EBCDIC-X'" in err
    # Zoho documents urlEncode/encodeUrl with one argument: a charset is an argument too many.
    code, _, err = run(tmp_path, capsys, 'info zoho.encryption.urlEncode("a b", "UTF-8");\n')
    assert code == 1 and "No. of arguments mismatches for the function urlEncode" in err
    code, lines, _ = run(tmp_path, capsys, 'info zoho.encryption.urlEncode("é b");\n')
    assert lines == ["%C3%A9%20b"]


# -- emptiness of whitespace-only text -------------------------------------------------------

def test_whitespace_only_text_is_blank_but_not_empty_nor_null(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
s = "   ";
info s.isEmpty();
info isEmpty(s);
info s.isBlank();
info isNull(s);
info s == "";
info s.trim().isEmpty();
info s.length();
''')
    assert code == 0
    assert lines == ["false", "false", "true", "false", "false", "true", "3"]


# -- a boolean on the left of arithmetic ------------------------------------------------------

@pytest.mark.parametrize("expression, operator", [
    ("flag + 1", "+"), ("flag - 1", "-"), ("flag * 2", "*"), ("flag / 2", "/"),
    ("flag % 2", "%"), ("flag + flag", "+"),
])
def test_a_boolean_left_of_arithmetic_is_zohos_error(tmp_path, capsys, expression, operator):
    code, _, err = run(tmp_path, capsys, f"flag = true;\ninfo {expression};\n")
    right = "BOOLEAN" if expression.endswith("flag") else "BIGINT"
    assert code == 1
    assert (f"Left expression is of type BOOLEAN and right expression is of type {right} and "
            f"operator {operator} is not valid") in err


@pytest.mark.parametrize("expression, left, operator", [
    ("5 + flag", "BIGINT", "+"), ("2 * flag", "BIGINT", "*"), ("1.5 - flag", "DECIMAL", "-"),
])
def test_a_boolean_right_of_a_number_literal_is_zohos_error(tmp_path, capsys, expression,
                                                            left, operator):
    # A plain Python int would take the boolean as 1 (``5 + True`` is 6).
    code, _, err = run(tmp_path, capsys, f"flag = true;\ninfo {expression};\n")
    assert code == 1
    assert (f"Left expression is of type {left} and right expression is of type BOOLEAN and "
            f"operator {operator} is not valid") in err


def test_a_boolean_still_joins_text(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, 'flag = 1 > 0;\ninfo flag + "!";\ninfo "x" + flag;\n'
                                           'n = 2;\ninfo n + 1;\n')
    assert code == 0 and lines == ["true!", "xtrue", "3"]


# -- text length in UTF-16 units --------------------------------------------------------------

def test_text_length_counts_utf16_units_as_java(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
s = "a😀b";
info s.length();
info len(s);
info "é".length();
info s.subString(0, 1);
info s.subString(0, s.length());
info s.subString(1, 3);
info s.indexOf("b");
info s.right(1) + s.left(1);
''')
    assert code == 0 and lines == ["4", "4", "1", "a", "a😀b", "😀", "3", "ba"]
    # Cutting between the two halves of a pair gives U+FFFD, as Java prints a lone half.
    code, lines, _ = run(tmp_path, capsys, 'info "a😀b".subString(0, 2);\n')
    assert lines == ["a\ufffd"]


# -- Creator's || / && precedence ----------------------------------------------------------------

PRECEDENCE = "a = true || false && false;\ninfo a;\n"


def test_logical_precedence_outside_creator_is_and_before_or(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, PRECEDENCE)
    assert code == 0 and lines == ["true"]  # true || (false && false)


def test_logical_precedence_of_a_creator_script_is_or_before_and(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, PRECEDENCE, name="probe.creator.dg")
    assert code == 0 and lines == ["false"]  # (true || false) && false


# -- fixes found by the corpus run (benchmarks/corpus_run.py) ---------------------------------

def test_a_catch_variable_acts_as_its_text(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
try {
  x = 1 / 0;
}
catch (e) {
  info e.toString();
  info e.toString().contains("Division");
}
''')
    assert code == 0 and lines == ["Error at line 3: Division by zero", "true"]


def test_null_left_of_plus_follows_the_operator_rules(tmp_path, capsys):
    code, lines, err = run(tmp_path, capsys, 'x = null;\ninfo x + "a";\ny = null;\ninfo y + 1;\n')
    assert code == 1 and lines == ["nulla"]
    assert "Left expression is of type NULL and right expression is of type BIGINT" in err
    assert "internal error" not in err


def test_a_variable_assigned_only_on_a_branch_not_taken(tmp_path, capsys):
    code, _, err = run(tmp_path, capsys, 'if (1 > 2) {\n  late = 1;\n}\ninfo late;\n')
    assert code == 1 and "probe.dg:4: error: Variable 'late' is not defined" in err


def test_an_internal_error_says_it_is_a_bug_and_shows_python_under_traceback(
        tmp_path, capsys, monkeypatch):
    import deluge2py.runtime as rt

    def broken_ifnull(value, fallback):  # stands for a bug inside the runtime
        return {}[value]

    monkeypatch.setattr(rt, "ifnull", broken_ifnull)
    source = 'x = ifnull("k", "d");\ninfo x;\n'
    code, _, err = run(tmp_path, capsys, source)
    assert code == 1
    assert "internal error in deluge2py (a bug, please report it): KeyError: 'k'" in err
    assert "Traceback" not in err
    code, _, err = run(tmp_path, capsys, source, "--traceback")
    assert code == 1 and "Traceback" in err and "broken_ifnull" in err


def test_lists_and_maps_can_be_map_keys(tmp_path, capsys):
    # Zoho's keys page: {{"Creator", "CRM"} : "Products", "Zoho" : "Company"}.keys()
    code, lines, _ = run(tmp_path, capsys, '''
mapVar = {{"Creator", "CRM"} : "Products", "Zoho" : "Company"};
info mapVar.keys();
k = {"Creator", "CRM"};
info mapVar.get(k);
info mapVar.containKey(k);
k.add("Books");
info mapVar.containKey(k);
m = Map();
m.put({"a": 1}, "map key");
m.put(k, "three");
info m.get({"a": 1});
info m.get({"Creator", "CRM", "Books"});
m.remove(k);
info m.size();
''')
    assert code == 0
    assert lines == ['{"Creator","CRM"},Zoho', "Products", "true", "false", "map key", "three",
                     "1"]


def test_a_variable_holding_a_list_as_literal_key_is_a_stated_limit(tmp_path, capsys):
    code, _, err = run(tmp_path, capsys, 'k = {1, 2};\nm = {k: "x"};\ninfo m;\n')
    assert code == 1 and "deluge2py cannot use a LIST as a map key (Deluge can)" in err


def test_a_python_error_in_the_crm_backend_is_an_internal_error():
    from deluge2py.runtime import Context, DelugeInternalError, zoho

    class BrokenCRM:  # stands for a bug in a CRM backend (ours: sandbox or live)
        def get_record(self, *args, **kwargs):
            raise KeyError("Owner")

    with Context(crm=BrokenCRM(), meter=None):
        with pytest.raises(DelugeInternalError) as info:
            zoho.crm.getRecordById("Deals", 1)
    assert "internal error in deluge2py" in info.value.message and "KeyError" in info.value.message


def test_compound_assignment_of_a_boolean_is_zohos_error_too(tmp_path, capsys):
    code, _, err = run(tmp_path, capsys, "flag = 2 > 1;\nflag += 1;\ninfo flag;\n")
    assert code == 1 and "Left expression is of type BOOLEAN" in err
    code, _, err = run(tmp_path, capsys, 'm = {"on": true};\nm.on += 1;\n')
    assert code == 1 and "Left expression is of type BOOLEAN" in err
    code, lines, _ = run(tmp_path, capsys, 'n = 1;\nn += 2;\ns = "a";\ns += 1;\ninfo n;\ninfo s;\n')
    assert code == 0 and lines == ["3", "a1"]
