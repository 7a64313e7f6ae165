"""Org sync pieces that need no server: the lock file, signatures, the comparison rules."""

import json

import pytest

from deluge2py.errors import DelugeError
from deluge2py.org import lock as lockfile
from deluge2py.org.compare import Side, compare_sides, format_comparison, same, zoho_output
from deluge2py.org.source import (category_key, file_path, header_from_metadata, namespace_of,
                                  read_header, with_header)


def test_lock_round_trip_is_sorted_json_with_one_field_per_line(tmp_path):
    lock = lockfile.load(tmp_path)
    assert lock.functions == {}
    for name in ("zeta", "alpha"):
        lock.functions[name] = lockfile.Entry(api_name=name, id="1" + name, category="standalone",
                                              path=f"standalone/{name}.dg",
                                              modified_time="2026-01-05T09:00:00+00:00",
                                              sha256="ab" * 32, name=name)
    lock.skipped["java_fn"] = "Java 17"
    lock.save()
    text = (tmp_path / "deluge2py.lock").read_text()
    data = json.loads(text)
    assert list(data["functions"]) == ["alpha", "zeta"]
    assert list(data["functions"]["alpha"]) == sorted(data["functions"]["alpha"])
    assert '      "path": "standalone/alpha.dg",\n' in text
    again = lockfile.load(tmp_path)
    assert again.functions == lock.functions and again.skipped == {"java_fn": "Java 17"}
    assert again.by_path("standalone/zeta.dg").api_name == "zeta"


def test_a_broken_lock_is_a_message_not_a_traceback(tmp_path):
    (tmp_path / "deluge2py.lock").write_text("{not json")
    with pytest.raises(lockfile.LockError, match="not a deluge2py lock file"):
        lockfile.load(tmp_path)


def test_find_root_walks_up(tmp_path):
    (tmp_path / "deluge2py.lock").write_text("{}")
    deep = tmp_path / "automation" / "x"
    deep.mkdir(parents=True)
    assert lockfile.find_root(str(deep)) == str(tmp_path)


def test_header_is_read_with_the_parser():
    header = read_header("// note\nList:String standalone.tags(String raw, Int max)\n{\n"
                         "\treturn raw.toList(\",\");\n}\n", "tags.dg")
    assert header.category == "standalone" and header.api_name == "tags"
    assert header.return_type == "List:String"
    assert header.params == (("String", "raw"), ("Int", "max"))
    assert header.render() == "List:String standalone.tags(String raw, Int max)"


@pytest.mark.parametrize("source, message", [
    ("info 1;", "needs a signature"),
    ("void automation.a()\n{\n}\nvoid automation.b()\n{\n}\n", "one function per file"),
    ("void a()\n{\n}\n", "name the category and the function"),
])
def test_bad_function_files_get_positioned_errors(source, message):
    with pytest.raises(DelugeError, match=message) as info:
        read_header(source, "f.dg")
    assert info.value.line is not None


def test_categories_folders_and_namespaces():
    assert category_key("Related List") == "related_list"
    assert namespace_of("related_list") == "relatedlist"
    assert namespace_of("automation") == "automation"
    assert file_path("Related List", "top_deals") == "related_list/top_deals.dg"
    header = read_header("string relatedlist.top_deals(Int id)\n{\n\treturn \"\";\n}\n", "t.dg")
    assert header.category == "related_list"


def test_code_with_a_signature_is_kept_byte_for_byte_and_a_body_gets_one():
    code = "// keep me\r\nvoid automation.x(Int id)\r\n{\r\n\tinfo id;\r\n}"
    meta = {"api_name": "x", "category": "automation", "return_type": "void",
            "arguments": [{"name": "id", "type": "Int"}]}
    assert with_header(code, meta) == code
    body = with_header('info "hi";\n', {"api_name": "hello", "category": "standalone",
                                         "return_type": "string", "arguments": []})
    assert body == 'string standalone.hello()\n{\ninfo "hi";\n}\n'
    assert read_header(body, "hello.dg") == header_from_metadata(
        {"api_name": "hello", "category": "standalone", "return_type": "string"})


@pytest.mark.parametrize("a, b, verdict", [
    ('{"a":1,"b":2}', '{"a":1,"b":2}', "equal"),
    ('{"a":1,"b":2}', '{"b":2,"a":1}', "equal in value"),
    ('{"total":2.50}', '{"total":2.5}', "equal in value"),
    ("1", "1.0", "equal in value"),
    ('[1,2]', '[2,1]', None),
    ('{"a":"1"}', '{"a":1}', None),
    ("true", '"true"', None),
    ("Hello", "Hello ", None),
    ('{"id":"1","Modified_Time":"2026-12-04T15:02:34+00:00"}',
     '{"id":"1","Modified_Time":"2026-12-04T15:02:35+00:00"}', "equal in value"),
    ('{"id":"1","Modified_Time":"2026-12-04T15:02:34+00:00"}',
     '{"id":"2","Modified_Time":"2026-12-04T15:02:34+00:00"}', None),
    ('{"Description":"2026-12-04T15:02:34+00:00"}', '{"Description":"2026-12-04T15:02:35+00:00"}', None),
])
def test_comparison_rules(a, b, verdict):
    assert same(a, b) == verdict
    assert same(a, b, strict=True) == ("equal" if a == b else None)


def test_zoho_output_of_values():
    from deluge2py.runtime.values import List, Map

    assert zoho_output(None) == ""
    assert zoho_output(Map({"a": 1})) == '{"a":1}'
    assert zoho_output(List(["x", "y"])) == "x,y"


def test_a_difference_is_shown_as_a_diff():
    local = Side(output='{"a":1,"b":[1,2]}', info=["one", "two"], credits="1 API")
    org = Side(output='{"a":1,"b":[1,3]}', info=["one", "TWO"], credits="1 API")
    result = compare_sides("standalone.f", {"x": 1}, local, org)
    assert not result.equal
    text = format_comparison(result, "the org")
    assert "result: DIFFERENT (info 2, output)" in text
    assert "-    2\n+    3" in text
    assert compare_sides("standalone.f", {}, local, Side(output='{"b":[1,2],"a":1}',
                                                         info=["one", "two"])).equal
