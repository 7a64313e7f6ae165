"""Counts of one read in the singular in what the CLI prints; the estimate table lines up."""

from deluge2py.cli import main


def test_one_of_each_is_singular(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.dg").write_text("info 1;\n")
    assert main(["convert", "a.dg"]) == 0
    assert "1 file converted, 0 failed" in capsys.readouterr().err
    assert main(["run", "a.dg", "--ledger", "l.jsonl"]) == 0
    assert "; 1 statement counted" in capsys.readouterr().out
    (tmp_path / "b.dg").write_text('void f()\n{\nfor each x in {1}\n{\n'
                                   'zoho.crm.createRecord("Leads", {"Last_Name":"a"});\n}\n}\n')
    assert main(["credits", "--estimate", "b.dg"]) == 0
    out = capsys.readouterr().out
    assert "worst case: 1 API credit per run" in out
    assert "(up to 1 record, 1 credit): collect them and use 1 bulkCreate call for 1 credit" in out
    assert "1 API credits" not in out and "1 credits" not in out


def test_the_estimate_table_has_a_rule_under_every_column(tmp_path, capsys):
    script = tmp_path / "c.dg"
    script.write_text('void g()\n{\nr = zoho.crm.getRecords("Leads");\n'
                      'm = zoho.crm.searchRecords("Leads", "(Company:equals:K)");\n}\n')
    assert main(["credits", "--estimate", str(script)]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.strip().startswith("line"))
    columns, rule = lines[header].split(), lines[header + 1].split()
    columns[2:4] = [" ".join(columns[2:4])]  # "API credits" is one column
    assert len(rule) == len(columns)
    assert all(set(dashes) == {"-"} for dashes in rule)
