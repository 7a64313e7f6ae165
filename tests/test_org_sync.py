"""pull / status / diff / push end to end: the ``deluge2py`` command against the fake Zoho
server over HTTP (loopback), with the seeded org (``tests/org_seed`` and the samples: over 20
Deluge functions, one Java and one Python function)."""

import json
import shutil

import pytest

from org_server import DELUGE_FUNCTIONS, cli, ledger_lines, org_server


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One server for the module; each test gets the seeded org back (``org``) and its own
    copy of a project pulled from it (``project``)."""
    tmp = tmp_path_factory.mktemp("org")
    with pytest.MonkeyPatch.context() as mp, org_server(tmp, mp) as store:
        status, _, err = cli("pull", tmp / "pulled")
        assert status == 0, err
        yield store, store.snapshot(), tmp


@pytest.fixture
def org(served):
    store, snapshot, _ = served
    store.restore(snapshot)
    return store


@pytest.fixture
def project(org, served, tmp_path):
    root = tmp_path / "crm"
    shutil.copytree(served[2] / "pulled", root)
    return root


def _files(root):
    """The project's .dg files (not the pulled copies under .deluge2py/), sorted by name."""
    found = [p.relative_to(root) for p in root.rglob("*.dg")]
    return sorted((str(p) for p in found if ".deluge2py" not in p.parts),
                  key=lambda f: f.rsplit("/", 1)[-1])


def _edit(root, relpath, text="\n// edited locally\n"):
    with open(root / relpath, "a", encoding="utf-8") as fh:
        fh.write(text)


def _org_edit(store, api_name, text="\n// edited in the org\n"):
    store.update(api_name, {}, store.find(api_name).code + text)


def test_pull_writes_every_deluge_function_and_a_sorted_lock(org, tmp_path):
    root = tmp_path / "crm"
    status, out, err = cli("pull", root)
    assert status == 0, err
    files = _files(root)
    assert len(files) == DELUGE_FUNCTIONS
    assert "standalone/greet.dg" in files and "button/mark_contact_vip.dg" in files
    assert "schedule/stale_lead_cleanup.dg" in files
    assert (root / "standalone/greet.dg").read_text() == org.find("greet").code
    assert "skipped  invoice_reminder (Java 17): only Deluge functions are pulled" in out
    assert "skipped  enrich_company (Python 3.12)" in out
    lock = json.loads((root / "deluge2py.lock").read_text())
    assert list(lock["functions"]) == sorted(lock["functions"])
    greet = lock["functions"]["greet"]
    assert greet["id"] == org.find("greet").id
    assert greet["modified_time"] == org.find("greet").modified_time
    assert greet["category"] == "standalone" and greet["path"] == "standalone/greet.dg"
    assert set(lock["skipped"]) == {"invoice_reminder", "enrich_company"}
    assert lock["org"]["profile"] == "env"  # credentials from the environment
    assert lock["org"]["api_domain"].startswith("http://127.0.0.1:")
    assert f"{DELUGE_FUNCTIONS} written, 0 unchanged, 2 skipped" in out


def test_edit_status_push_exactly_that_one_then_pull_is_a_no_op(org, project, tmp_path):
    before = {name: (fn.modified_time, fn.code) for name, fn in org.functions.items()}
    assert cli("status", "--dir", project)[0] == 0
    _edit(project, "standalone/greet.dg")
    status, out, _ = cli("status", "--dir", project)
    assert status == 1
    assert "modified  -         standalone/greet.dg" in out
    assert "1 changed locally, 0 changed in the org" in out

    status, out, err = cli("push", "--dir", project)
    assert status == 0, out + err
    assert "updated       standalone/greet.dg" in out
    changed = [name for name, fn in org.functions.items()
               if (fn.modified_time, fn.code) != before[name]]
    assert changed == ["greet"]
    assert org.find("greet").code == (project / "standalone/greet.dg").read_text()

    assert cli("status", "--dir", project)[0] == 0
    lock_before = (project / "deluge2py.lock").read_bytes()
    mtimes = {p: p.stat().st_mtime_ns for p in project.rglob("*.dg")}
    status, out, err = cli("pull", project)
    assert status == 0, err
    assert f"0 written, {DELUGE_FUNCTIONS} unchanged" in out
    assert "1 API call (1 credit)" in out
    assert (project / "deluge2py.lock").read_bytes() == lock_before
    assert {p: p.stat().st_mtime_ns for p in project.rglob("*.dg")} == mtimes


def test_a_push_over_a_function_changed_in_the_org_is_refused(org, project):
    _edit(project, "standalone/slugify.dg")
    _org_edit(org, "slugify")
    org_code = org.find("slugify").code
    status, out, _ = cli("status", "--dir", project)
    assert status == 1 and "modified  modified  standalone/slugify.dg  conflict" in out

    status, out, _ = cli("push", "--dir", project)
    assert status == 1
    assert ("conflict      standalone/slugify.dg: slugify was changed in the org at "
            f"{org.find('slugify').modified_time}") in out
    assert "bring the org's change into the file and push --force" in out
    assert org.find("slugify").code == org_code

    status, out, _ = cli("diff", "--dir", project, project / "standalone/slugify.dg")
    assert status == 1
    assert "--- pulled/standalone/slugify.dg\n+++ local/standalone/slugify.dg" in out
    assert "+// edited locally" in out
    assert "+++ org/standalone/slugify.dg" in out and "+// edited in the org" in out

    status, out, _ = cli("push", "--dir", project, "--force")
    assert status == 0 and "updated       standalone/slugify.dg" in out
    assert org.find("slugify").code == (project / "standalone/slugify.dg").read_text()


def test_one_of_five_pushes_refused_leaves_the_lock_true(org, project):
    names = ["greet", "lead_score", "mask_email", "quarter_of", "slugify"]
    for name in names:
        _edit(project, f"standalone/{name}.dg")
    org.faults.refuse["lead_score"] = (403, "NO_PERMISSION", "permission denied to update")
    status, out, _ = cli("push", "--dir", project)
    assert status == 1
    assert ("refused       standalone/lead_score.dg: the org refused it: NO_PERMISSION: "
            "permission denied to update") in out
    assert "4 pushed, 1 refused" in out
    lock = json.loads((project / "deluge2py.lock").read_text())
    for name in names:
        assert (lock["functions"][name]["modified_time"] == org.find(name).modified_time)
    assert "// edited locally" not in org.find("lead_score").code
    status, out, _ = cli("status", "--dir", project)
    assert out.splitlines()[1:] == ["modified  -         standalone/lead_score.dg",
                                    "1 changed locally, 0 changed in the org"]


def test_a_network_drop_in_the_middle_of_a_push(org, project):
    names = ["greet", "lead_score", "mask_email", "quarter_of", "slugify"]
    for name in names:
        _edit(project, f"standalone/{name}.dg")
    org.faults.drop_after_writes = org.writes + 2  # the third write is applied, its answer lost
    status, out, _ = cli("push", "--dir", project)
    assert status == 1
    assert "failed        standalone/mask_email.dg" in out and "network" in out
    assert "not attempted standalone/quarter_of.dg" in out
    assert "1 failed, 2 not attempted, 2 pushed" in out
    assert "// edited locally" in org.find("mask_email").code  # applied before the drop
    assert "// edited locally" not in org.find("quarter_of").code
    lock = json.loads((project / "deluge2py.lock").read_text())
    assert lock["functions"]["lead_score"]["modified_time"] == org.find("lead_score").modified_time
    assert lock["functions"]["mask_email"]["modified_time"] != org.find("mask_email").modified_time

    org.faults.drop_after_writes = None
    status, out, _ = cli("push", "--dir", project)
    assert status == 0, out
    assert "in sync       standalone/mask_email.dg: the org already holds this text" in out
    assert "updated       standalone/quarter_of.dg" in out
    assert cli("status", "--dir", project)[0] == 0


def test_pull_never_overwrites_local_edits_silently(org, project):
    _edit(project, "standalone/greet.dg")
    _org_edit(org, "greet")
    local = (project / "standalone/greet.dg").read_text()
    status, out, err = cli("pull", project)
    assert status == 1
    assert "local edits would be overwritten in 1 file(s); nothing was written" in err
    assert "standalone/greet.dg" in err
    assert (project / "standalone/greet.dg").read_text() == local
    status, out, err = cli("pull", project, "--force")
    assert status == 0, err
    assert (project / "standalone/greet.dg").read_text() == org.find("greet").code


def test_pull_keeps_local_edits_when_the_org_has_nothing_new(org, project):
    _edit(project, "standalone/greet.dg")
    _org_edit(org, "slugify")
    edited = (project / "standalone/greet.dg").read_text()
    status, out, err = cli("pull", project)
    assert status == 0, err
    assert "pulled   " in out and "standalone/slugify.dg" in out
    assert "1 written, " in out and ", 1 with local edits kept, " in out
    assert (project / "standalone/greet.dg").read_text() == edited
    assert (project / "standalone/slugify.dg").read_text() == org.find("slugify").code
    status, out, _ = cli("status", "--dir", project)
    assert out.splitlines()[1:] == ["modified  -         standalone/greet.dg",
                                    "1 changed locally, 0 changed in the org"]


def test_filters_and_functions_that_leave_the_org(org, project, tmp_path):
    root = tmp_path / "buttons"
    status, out, _ = cli("pull", root, "--category", "Button")
    assert status == 0 and "2 written" in out
    assert _files(root) == ["button/duplicate_contact_button.dg", "button/mark_contact_vip.dg"]
    status, out, _ = cli("pull", tmp_path / "some", "--name", "s*")
    assert [f.split("/")[1] for f in _files(tmp_path / "some")] == [
        "sales_order_to_purchase_order.dg", "slugify.dg", "split_full_name.dg",
        "stale_lead_cleanup.dg", "summarize_amounts.dg"]
    del org.functions["weekday_name"]
    status, out, _ = cli("status", "--dir", project)
    assert "-         deleted   standalone/weekday_name.dg" in out
    status, out, _ = cli("pull", project)
    assert status == 0
    assert "gone     " in out and "weekday_name.dg: no longer in the org (file kept" in out
    assert "weekday_name" not in json.loads((project / "deluge2py.lock").read_text())["functions"]
    status, out, _ = cli("status", "--dir", project, "--offline")
    assert "new       -         standalone/weekday_name.dg" in out


def test_push_checks_every_file_and_creates_new_ones_from_the_header(org, project, served):
    (project / "standalone/broken.dg").write_text('string standalone.broken()\n{\n\treturn "x"\n}\n')
    (project / "standalone/shout.dg").write_text(
        'string standalone.shout(String text, Int times)\n{\n\treturn text.toUpperCase();\n}\n')
    status, out, _ = cli("push", "--dir", project, "--dry-run")
    assert status == 1
    assert "would create standalone/shout.dg (shout)" in out
    assert "standalone/broken.dg:3:12: error: expected ';'" in out
    assert "shout" not in org.functions

    status, out, _ = cli("push", "--dir", project)
    assert status == 1
    assert "created       standalone/shout.dg" in out
    assert "broken" not in org.functions
    shout = org.find("shout")
    assert shout.category == "standalone" and shout.return_type == "string"
    assert shout.arguments == [{"name": "text", "type": "String"}, {"name": "times", "type": "Int"}]
    lock = json.loads((project / "deluge2py.lock").read_text())
    assert lock["functions"]["shout"]["id"] == shout.id
    spent = [e for e in ledger_lines(served[2]) if e["function"] == "shout"]
    assert [e["task"] for e in spent] == ["POST /crm/v8/settings/functions",
                                         "GET /crm/v8/settings/functions/shout"]
    assert all(e["kind"] == "api" and e["credits"] == 1 for e in spent)


def test_a_rename_in_the_signature_is_refused_before_sending(org, project, tmp_path):
    path = project / "standalone/greet.dg"
    path.write_text(path.read_text().replace("standalone.greet(", "standalone.greet2("))
    status, out, _ = cli("push", "--dir", project, path)
    assert status == 1
    assert "the file must be called greet2.dg" in out
    (project / "standalone/tidy.dg").write_text("void automation.tidy()\n{\n}\n")
    outside = tmp_path / "elsewhere.dg"
    outside.write_text("void automation.elsewhere()\n{\n}\n")
    status, out, _ = cli("push", "--dir", project, project / "standalone/tidy.dg", outside)
    assert status == 1
    assert "standalone/tidy.dg: automation.tidy belongs in automation/tidy.dg" in out
    assert "../elsewhere.dg: not inside the project folder" in out
    assert "tidy" not in org.functions and "elsewhere" not in org.functions


def test_org_side_changes_show_in_status_and_diff(org, project):
    _org_edit(org, "tag_list")
    org.add('string standalone.fresh()\n{\n\treturn "new";\n}\n')
    status, out, _ = cli("status", "--dir", project)
    assert status == 1
    assert "-         modified  standalone/tag_list.dg  (org: " in out
    assert "-         new       standalone/fresh.dg" in out
    status, out, _ = cli("diff", "--dir", project)
    assert "--- /dev/null\n+++ org/standalone/fresh.dg" in out
    assert "+// edited in the org" in out
    assert cli("status", "--dir", project, "--offline")[0] == 0


def test_commands_outside_a_project_and_with_bad_credentials(served, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, err = cli("status")
    assert status == 2 and "no deluge2py.lock in this folder or above" in err
    monkeypatch.setenv("DELUGE2PY_REFRESH_TOKEN", "revoked-token")
    status, _, err = cli("pull", tmp_path / "x")
    assert status == 2 and err.startswith("deluge2py pull: ")
    assert "Traceback" not in err


def test_listing_pages_past_two_thousand_functions(served):
    from deluge2py.org.connect import open_api

    store = served[0]
    store.functions.clear()
    for i in range(2150):
        store.add_foreign(f"fn_{i:04d}", "java", "Java 17")
    api = open_api()
    names = [m["api_name"] for m in api.list_functions()]
    assert len(names) == 2150 and len(set(names)) == 2150
    assert api.calls == 11  # 10 pages by number, the 11th by page_token


def test_serve_sandbox_refuses_a_function_that_does_not_parse(tmp_path):
    (tmp_path / "broken.dg").write_text('string standalone.broken()\n{\n\treturn "x"\n}\n')
    status, out, err = cli("serve-sandbox", "--port", "0", "--functions", tmp_path)
    assert status == 1 and out == ""
    assert err.startswith(f"{tmp_path / 'broken.dg'}:3:12: error: expected ';'")


def test_a_fresh_clone_without_the_pulled_copies_gets_them_back_from_a_pull(org, project):
    shutil.rmtree(project / ".deluge2py")
    status, out, _ = cli("pull", project)
    assert status == 0 and "0 written" in out
    _edit(project, "standalone/greet.dg")
    status, out, _ = cli("diff", "--dir", project, "--offline")
    assert status == 1
    assert out.startswith("--- pulled/standalone/greet.dg\n+++ local/standalone/greet.dg\n")


def test_inside_a_project_the_calls_go_to_the_projects_ledger(served, tmp_path):
    (tmp_path / "deluge2py.toml").write_text("")
    status, _, err = cli("pull", tmp_path / "crm", "--name", "greet")
    assert status == 0, err
    ledger = tmp_path / ".deluge2py" / "ledger.jsonl"
    tasks = [json.loads(line)["task"] for line in ledger.read_text().splitlines()]
    assert tasks == ["GET /crm/v8/settings/functions", "GET /crm/v8/settings/functions/"
                     f"{served[0].find('greet').id}/code"]


def test_pushing_a_file_that_does_not_exist_is_a_usage_error(org, project):
    before = {name: fn.modified_time for name, fn in org.functions.items()}
    status, _, err = cli("push", "--dir", project, project / "standalone/nosuch.dg")
    assert status == 2
    assert "deluge2py push: error:" in err and "nosuch.dg: no such file" in err
    assert {name: fn.modified_time for name, fn in org.functions.items()} == before
    # A pulled function whose file was deleted is not a typo: push says it never deletes.
    (project / "standalone/greet.dg").unlink()
    status, out, _ = cli("push", "--dir", project, project / "standalone/greet.dg")
    assert status == 1 and "push never deletes" in out
