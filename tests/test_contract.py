"""The stable keys that scripts rely on, checked against real records."""

import csv
import io
import json

from redprop.cli import app
from redprop.domain import case_view, categories, mediators, people, sites
from redprop.store import Store


def _fill(runner_env: dict[str, str]) -> None:
    from typer.testing import CliRunner

    r = CliRunner()
    for args in (
        ["site", "add", "XH", "--name", "星河国际"],
        ["mediator", "add", "--name", "王建国", "--site", "XH", "--phone", "13912345678"],
        ["person", "add", "--name", "张伟", "--site", "XH", "--unit", "3-2-501", "--phone", "13812345678"],
        ["case", "add", "--site", "XH", "-c", "leak", "-t", "漏水", "--applicant", "张伟@3-2-501", "-m", "王建国"],
    ):
        result = r.invoke(app, args, env=runner_env)
        assert result.exit_code == 0, result.output


def test_listing_keys_match_the_published_contract(tmp_path, monkeypatch):
    db = tmp_path / "c.db"
    env = {"REDPROP_DB": str(db), "REDPROP_TODAY": "2026-11-28", "REDPROP_LANG": "en"}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    _fill(env)
    store = Store.open(db)
    rows, total = case_view.query(store, case_view.CaseFilter())
    assert total == 1
    assert tuple(rows[0]) == case_view.CASE_KEYS
    assert tuple(sites.list_all(store)[0]) == sites.PUBLIC_KEYS
    assert tuple(people.list_all(store)[0]) == people.PUBLIC_KEYS
    assert tuple(mediators.list_all(store)[0]) == mediators.PUBLIC_KEYS
    assert tuple(categories.list_all(store)[0]) == categories.PUBLIC_KEYS


def test_empty_csv_still_has_its_header(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    env = {"REDPROP_DB": str(tmp_path / "c.db"), "REDPROP_TODAY": "2026-11-28", "REDPROP_LANG": "en"}
    r = CliRunner()
    assert r.invoke(app, ["site", "add", "XH", "--name", "星河国际"], env=env).exit_code == 0
    out = r.invoke(app, ["case", "list", "--format", "csv"], env=env)
    assert out.exit_code == 0
    header = next(csv.reader(io.StringIO(out.stdout)))
    assert tuple(header) == case_view.CASE_KEYS
    empty = r.invoke(app, ["case", "list", "--json"], env=env)
    assert json.loads(empty.stdout) == []


def test_edit_logs_readable_old_and_new_values(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    env = {"REDPROP_DB": str(tmp_path / "c.db"), "REDPROP_TODAY": "2026-11-28", "REDPROP_LANG": "en"}
    r = CliRunner()
    assert r.invoke(app, ["site", "add", "XH", "--name", "星河国际"], env=env).exit_code == 0
    number = r.invoke(app, ["case", "add", "--site", "XH", "-c", "leak", "-t", "漏水", "--amount", "3200"],
                      env=env).stdout.strip()
    edited = r.invoke(app, ["case", "edit", number, "-c", "噪音", "--tag", "夜间", "--amount", "100.5"], env=env)
    assert edited.exit_code == 0, edited.stderr
    shown = json.loads(r.invoke(app, ["case", "show", number, "--json"], env=env).stdout)
    edit = [e for e in shown["events"] if e["action"] == "case.edit"][0]
    assert edit["changes"] == {"category": ["leak", "noise"], "tags": [[], ["夜间"]], "amount": [3200.0, 100.5]}
    assert shown["category"] == "noise" and shown["amount"] == 100.5
