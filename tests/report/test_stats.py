"""Cross-game statistics over generated games: counts add up, shares are shares, divergence is bounded."""

from __future__ import annotations

from collections import Counter

from tests.report.games import records
from wargame.report.model import build
from wargame.report.stats import FREE, Cell, Stats, format_text, long_rows


def _stats(logs) -> Stats:
    st = Stats()
    cache: dict = {}
    for p in logs:
        st.add(build(p, cache=cache))
    return st


def test_choice_counts_sum_to_the_moves(auto_logs):
    st = _stats(auto_logs)
    assert st.used == len(auto_logs) and len(st.groups) == 1
    (g,) = st.groups.values()
    moves = Counter()
    for p in auto_logs:
        for x in records(p):
            if x["type"] == "move-resolved":
                moves[(x["inject"], x["delegation"])] += 1
    assert g.moves == sum(moves.values())
    assert sum(c.moves for c in g.cells.values()) == g.moves
    for key, n in moves.items():
        cell = g.cells[key]
        assert sum(sum(v.values()) for v in cell.choices.values()) == n
    chosen = Counter()
    for p in auto_logs:
        for x in records(p):
            if x["type"] == "move-submitted":
                chosen[(x["inject"], x["delegation"], x["option"] or FREE)] += 1
    for (i, d, o), n in chosen.items():
        assert sum(g.cells[(i, d)].choices[o].values()) == n


def test_final_tracks_and_objectives_cover_ended_games(auto_logs, mini):
    st = _stats(auto_logs)
    (g,) = st.groups.values()
    assert g.ended == len(auto_logs)
    for key, slot in mini.slots.items():
        t = g.track_summary(key)
        assert t["n"] == g.ended and slot.min <= t["min"] <= t["p50"] <= t["max"] <= slot.max
        assert t["min"] <= t["mean"] <= t["max"] and 0 <= t["saturation_share"] <= 1
    for (d, oid), (met, n) in g.objectives.items():
        assert n == g.ended and 0 <= met <= n


def test_divergence_is_the_share_of_differing_pairs():
    c = Cell()
    for choice in ("a", "a", "b"):
        c.add(choice, "success")
    assert abs(c.differing_share() - 2 / 3) < 1e-12  # pairs: (a,a) same, (a,b) x2 differ
    same = Cell()
    same.add("a", "success")
    same.add("a", "setback")
    assert same.differing_share() == 0
    one = Cell()
    one.add("a", "success")
    assert one.differing_share() is None


def test_text_tables_fit_in_100_columns_and_csv_is_long_form(auto_logs, mini):
    st = _stats(auto_logs)
    text = format_text(st)
    assert max(len(line) for line in text.splitlines()) <= 100
    for inj in ("incubator", "review"):
        assert f"  {inj} — " in text
    assert "CHOICES AND OUTCOMES" in text and "FINAL TRACKS" in text and "DIVERGENCE" in text
    rows = long_rows(st)
    counts = [r for r in rows if r["section"] == "choice" and r["statistic"] == "count"]
    assert sum(r["value"] for r in counts) == st.groups[next(iter(st.groups))].moves
    shares = Counter()
    for r in rows:
        if r["section"] == "choice" and r["statistic"] == "share":
            shares[(r["inject"], r["delegation"])] += r["value"]
    assert all(abs(v - 1) < 1e-6 for v in shares.values())
