"""Text built-ins: documented examples, edge cases and the decisions in docs/semantics.md."""

import pytest

from deluge2py.runtime import DelugeRuntimeError, List, Number, Text
from deluge2py.runtime.builtins import functions as F

WELCOME = Text("Welcome to Zoho Deluge")


def test_substring_family_is_zero_based_end_exclusive():
    assert WELCOME.subString(11, 22) == "Zoho Deluge"
    assert WELCOME.mid(11, 22) == "Zoho Deluge"
    assert Text("Email: jack@zylker.com").subString(7) == "jack@zylker.com"
    assert Text("Zoho Deluge").subText(5, -12) == "Deluge"  # negative end ignored
    assert Text("abc").subString(1, 1) == ""
    assert type(WELCOME.subString(0, 7)) is Text


@pytest.mark.parametrize("args", [(6, 4), (0, 12), (12,), (-1, 2)])
def test_substring_out_of_range_is_a_runtime_error(args):
    with pytest.raises(DelugeRuntimeError):
        Text("Zoho Deluge").subText(*args)


def test_left_right_len():
    assert Text("Zoho Creator").left(4) == "Zoho"
    assert Text("Zoho Creator").right(7) == "Creator"
    assert Text("ab").left(5) == "ab" and Text("ab").right(5) == "ab"
    length = Text("Create database applications with Zoho Creator").len()
    assert length == 46 and type(length) is Number
    assert F.length("") == 0 and F.len("abc") == 3
    with pytest.raises(DelugeRuntimeError):
        Text("ab").left(-1)


def test_case_and_trim():
    assert F.upper("Create online") == "CREATE ONLINE"
    assert Text("MiXed").toLowerCase() == "mixed" and type(Text("A").lower()) is Text
    assert F.trim(" Welcome to Zoho Creator ") == "Welcome to Zoho Creator"
    assert Text("   Zoho Deluge   ").rtrim().length() == 14
    assert Text("\t x \n").ltrim() == "x \n"
    assert Text("hello wORLD  again").proper() == "Hello World  Again"


def test_search_functions():
    text = Text("Hello world, welcome to the universe")
    assert text.find("e") == 1
    assert text.indexOf("zzz") == -1
    assert text.lastIndexOf("e") == 35
    assert Text("a database of database").getOccurenceCount("database") == 2
    assert Text("abc").getOccurenceCount("") == 0
    assert Text("Zoho Creator").contains(" ")
    assert Text("Zoho Creator").notContains("CREATOR")
    assert Text("Zoho Creator").containsIgnoreCase("creator")
    assert not F.startsWith("Zoho Creator", "zoho")
    assert F.startsWithIgnoreCase("Zoho Creator", "zoho")
    assert F.endsWithIgnoreCase("Zoho Creator", "CREATOR") and not Text("ab").endsWith("B")
    assert F.equalsIgnoreCase("ZohoCreator", "zohocreator")
    assert not F.equalsIgnoreCase("ZohoCreator", "Zoho Creator")


def test_python_str_methods_keep_working_for_python_callers():
    # find/upper/lower are overridden; Python-style calls must still behave.
    assert Text("abcabc").find("c", 3) == 5
    assert Text("x").upper() == "X"


def test_prefix_and_suffix():
    text = Text("Split the text and get suffix of \"and\"")
    assert text.getSuffixIgnoreCase("AND") == " get suffix of \"and\""
    assert Text("Split the text and get prefix").getPrefixIgnoreCase("AND") == "Split the text "
    assert Text("Zoho, Creator").getPrefix(",") == "Zoho"
    assert Text("Made with Zoho Creator").getSuffix("with") == " Zoho Creator"
    assert Text("abc").getPrefix("x") is None and Text("abc").getSuffix("x") is None


def test_remove_functions():
    assert Text("Zoho Creator").remove("Creator") == "Zoho "
    assert Text("a-b-a").remove("a") == "-b-"
    assert Text("Zoho Creator 5").removeFirstOccurence("5") == "Zoho Creator "
    assert Text("x 5 y 5").removeLastOccurence("5") == "x 5 y "
    assert Text("Your date is 25-01-2019").removeAllAlpha() == "   25-01-2019"
    assert Text("ab 12-cd!").removeAllAlphaNumeric() == " -!"
    assert F.getAlpha("ab 12-cd!") == "abcd"
    assert F.getAlphaNumeric("Your joining date is 25-01-2019") == "Yourjoiningdateis25012019"


def test_replace_uses_java_regex_and_replacement_syntax():
    assert F.replaceFirst("Create online database", "online", "custom") == "Create custom database"
    assert F.replaceAllIgnoreCase("Zoho Creator, Zoho Desk, Zoho CRM", "ZOHO ", "Z") == \
        "ZCreator, ZDesk, ZCRM"
    assert Text("a.b.c").replaceAll(".", "-") == "-----"
    assert Text("a.b.c").replaceAll(".", "-", True) == "a-b-c"
    assert Text("john smith").replaceAll("(\\w+) (\\w+)", "$2, $1") == "smith, john"
    assert Text("cost").replaceAll("cost", "\\$5") == "$5"
    assert Text("aXbX").replaceFirstIgnoreCase("x", "-") == "a-bX"
    assert Text("abc").replaceAll("z", "y") == "abc"


@pytest.mark.parametrize("call", [
    lambda: Text("abc").replaceAll("(", "x"),
    lambda: Text("abc").replaceAll("b", "$"),
    lambda: Text("abc").replaceAll("b", "$3"),
    lambda: Text("abc").matches("[a-"),
])
def test_bad_regex_or_replacement_is_a_runtime_error(call):
    with pytest.raises(DelugeRuntimeError):
        call()


def test_matches_is_a_whole_text_match():
    assert F.matches("ID004500F", "[A-Z]{2}[0-9]{6}[A-Z]")
    assert F.matches("$345.78", "\\$[0-9]+\\.[0-9]{2}")
    assert F.matches("jane2023@zylker.com", "[a-z 0-9]+\\@[a-z]+\\.[a-z]+")
    assert not Text("xID004500F").matches("ID[0-9]+F")


def test_padding_repeat_reverse():
    assert Text("Left").leftpad(6) == "  Left"
    assert Text("Left").rightpad(6) == "Left  "
    assert Text("Left").leftpad(2) == "Left"
    assert F.repeat("ab", 3) == "ababab" and Text("ab").repeat(0) == ""
    assert F.reverse("Zoho Creator") == "rotaerC ohoZ"
    with pytest.raises(DelugeRuntimeError):
        Text("ab").repeat(-1)
    with pytest.raises(DelugeRuntimeError):
        Text("ab").repeat(2**40)  # local size guard, not a MemoryError


def test_is_ascii_and_hex():
    assert Text("").isAscii() and not F.isAscii("ß")
    assert Text("Hi").textToHex() == "4869"
    assert Text("4869").hexToText() == "Hi"
    with pytest.raises(DelugeRuntimeError):
        Text("zz").hexToText()


def test_to_list_splits_on_a_literal_separator():
    assert Text("ZohoCreator/ZohoCRM").toList("/") == ["ZohoCreator", "ZohoCRM"]
    assert Text("a,,b").toList(",") == ["a", "", "b"]
    assert Text("a.b").toList(".") == ["a", "b"]
    assert Text("a,b").toList() == ["a,b"]
    assert Text("a,b").toList(";") == ["a,b"]
    assert Text("").toList(",") == []
    items = Text("1,2,3").toListString()
    assert items == ["1", "2", "3"] and type(items) is List and all(type(x) is Text for x in items)


def test_concat_and_number_arguments_are_rendered():
    assert Text("ab").concat("cd") == "abcd"
    assert Text("id-12").contains(12)
    assert Text("v1.5").endsWith(1.5)


def test_text_formats_numeric_text():
    assert Text("123123456").text("##,###") == "123,123,456"
    assert Text("12345654.1234").text("$#,##0.00") == "$12,345,654.12"
    with pytest.raises(DelugeRuntimeError, match="No. of arguments mismatches for the function text"):
        Text("12").text()


def test_argument_checks_are_deluge_errors():
    with pytest.raises(DelugeRuntimeError, match="No. of arguments mismatches"):
        Text("abc").subString()
    with pytest.raises(DelugeRuntimeError, match="did not match the required data type"):
        Text("abc").subString("1")
    with pytest.raises(DelugeRuntimeError):
        Text("abc").contains(None)


@pytest.mark.parametrize("pattern, literal", [("a", True), ("a", False), ("[a]", False),
                                              ("[a]", True)])
def test_every_replace_path_refuses_a_result_over_the_text_size_limit(pattern, literal):
    """Plain text, literal, regex and escaped-regex replacements share one size check."""
    from deluge2py.runtime.builtins import MAX_TEXT

    source = Text(("[a]" if literal and pattern == "[a]" else "a") * 200_000)
    with pytest.raises(DelugeRuntimeError, match="The result of 'replaceAll' is too long"):
        source.replaceAll(pattern, "b" * (MAX_TEXT // 100_000), literal)
    assert source.replaceAll(pattern, "bb", literal) == "bb" * 200_000


def test_a_pattern_python_would_warn_about_prints_no_python_warning(tmp_path):
    # "[[a]" draws Python's FutureWarning ("Possible nested set"); a Deluge user should
    # see the result, not a line of Python text naming deluge2py's source.
    import subprocess
    import sys

    script = tmp_path / "rx.dg"
    script.write_text('info "a[b]".replaceAll("[[a]", "x");\n')
    done = subprocess.run([sys.executable, "-W", "default", "-m", "deluge2py", "run", str(script)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("xxb]")
    assert "Warning" not in done.stderr
