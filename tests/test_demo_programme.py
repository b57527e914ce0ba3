"""The demo's programme: a year of 星河国际 councils, the 横塘 alliance, red positions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from redprop.domain import alliances, demo, meetings, scorecard


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from redprop.store.db import Store

    mp = pytest.MonkeyPatch()
    mp.setenv("REDPROP_TODAY", "2026-03-15")
    s = Store.open(tmp_path_factory.mktemp("demo") / "demo.db", create=True)
    summary = demo.fill(s)
    yield s, summary
    s.close()
    mp.undo()


def test_council_clears_300_problems_in_the_last_full_year(filled: Any) -> None:
    store, summary = filled
    assert summary.year == 2025
    resolved = store.scalar("SELECT count(*) FROM cases c JOIN sites s ON s.id = c.site_id "
                            "WHERE s.code = 'XH' AND c.resolved_on BETWEEN '2025-01-01' AND '2025-12-31'")
    assert resolved > 300
    held = store.rows("SELECT held_on FROM meetings WHERE status IN ('held', 'closed') "
                      "AND held_on LIKE '2025-%' ORDER BY held_on")
    assert len(held) == 24 and {h["held_on"][8:] for h in held} == {"05", "20"}
    assert store.scalar("SELECT count(*) FROM meetings WHERE status = 'planned' AND held_on > '2026-03-15'") == 1
    f = meetings.programme_figures(store, date(2025, 1, 1), date(2025, 12, 31), [])
    assert f["decisions_made"] > 24 and f["completion_rate"] > 0.9
    assert store.scalar("SELECT count(*) FROM cases WHERE source = 'meeting' AND reported_on IN "
                        "(SELECT held_on FROM meetings)") >= 24
    h = demo.highlights(store, 2025)
    assert (h["resolved"], h["meetings_held"]) == (resolved, 24)
    assert h["next_meeting"]["held_on"] > "2026-03-15" and h["next_meeting"]["number"].startswith("XH-M2026-")


def test_one_decision_overdue_and_a_sensible_agenda(filled: Any) -> None:
    store, _ = filled
    overdue = meetings.list_decisions(store, statuses=["overdue"])
    assert len(overdue) == 1
    _, props = meetings.propose_for(store, sites=["XH"], lang="en")
    reviewed = [p.decision["number"] for p in props if p.section == "review" and p.decision]
    assert props[0].section == "review" and overdue[0]["number"] in reviewed
    sections = [p.section for p in props]
    assert sections == sorted(sections, key=["review", "current", "difficulties", "security", "service"].index)
    assert 3 <= len(props) <= 20 and all(p.cases for p in props[1:])
    # Carried-over decisions surface at the following meeting.
    assert store.scalar("SELECT count(*) FROM agenda_items WHERE review_decision_id IS NOT NULL") > 0


def test_alliance_positions_and_checklists(filled: Any) -> None:
    store, _ = filled
    ht = alliances.show(store, "HT")
    assert ht["sites"] == ["HTH", "HTM", "HTY"] and len(ht["appointments"]) == 5
    kinds = {a["kind"] for a in ht["activities"]}
    assert {"garbage", "patrol", "safety", "festival"} <= kinds
    assert store.scalar("SELECT count(*) FROM red_positions") == 8
    card = scorecard.scorecard(store, "XH", date(2025, 1, 1), date(2025, 12, 31))
    assert card["checklist_ticked"] == 6 and card["meetings"]["meetings_held"] == 24
    firms = alliances.company_figures(store, date(2025, 1, 1), date(2025, 12, 31))
    assert {"景瑞物业", "新城物业", "碧桂园服务"} <= {f["company"] for f in firms}
    assert scorecard.rank_sites(store, date(2025, 1, 1), date(2025, 12, 31))[0]["site"] == "XH"
