"""Record schemas: a chain-valid log whose fields have the wrong shape is a located message, exit 1,
in every command that reads logs, and the picker still starts; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, ROOT
from wargame.cli import main as cli
from wargame.engine.fold import EVENT_TYPES
from wargame.log.chain import GENESIS, encode, split_seal
from wargame.log.replay import replay
from wargame.log.schema import EVENTS, Optional, record_problem
from wargame.scenario.load import load_scenario
from wargame.session import Session
from wargame.sim.autoplay import Driver, play_to_end

CS = load_scenario(MINI)
PRE = ROOT / "tests" / "data" / "logs" / "pre-signing"


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """Records of a game with every kind of move (options, free-form, a reopened move, a note, an adjustment)."""
    from wargame.log.reader import iter_records

    return [r.data for r in iter_records(PRE / "game.jsonl")]


def rebuild(records, path):
    """A chain-valid (unsigned) log of these records, as a forger with a text editor and sha256 would write."""
    prev, out = GENESIS, []
    for i, r in enumerate(records):
        ev = {k: v for k, v in r.items() if k not in ("seq", "ts", "prev", "hash")}
        line, prev = encode(i, r.get("ts", "2027-01-01T00:00:00.000Z") if isinstance(r.get("ts"), str) else "x",
                            ev, prev)
        out.append(line)
    path.write_text("".join(out), encoding="utf-8")
    return path


def test_the_schema_table_names_every_event_the_engine_folds():
    assert set(EVENTS) == set(EVENT_TYPES)


def test_every_record_of_real_games_fits(tmp_path, records):
    for r in records:
        assert record_problem(r) is None, r
    for seed in range(4):
        p = tmp_path / f"g{seed}.jsonl"
        s = Session.new(CS, p, seed=seed, mode=("rigid", "semi", "free")[seed % 3], fsync=False)
        play_to_end(s, Driver("random", seed))
        s.close()
        for line in p.read_bytes().splitlines():
            assert record_problem(json.loads(split_seal(line)[0])) is None


def _mutated(records, line, field, value):
    recs = [dict(r) for r in records]
    if value is _DELETE:
        recs[line].pop(field)
    else:
        recs[line][field] = value
    return recs


_DELETE = object()

NAMED = [  # the reported cases: a deleted type, a seed given as text, ids given as lists
    (0, "type", _DELETE, "'type' is missing (expected one of: game-started"),
    (0, "seed", "7", "game-started record: 'seed' is the text \"7\" (expected an integer)"),
    (6, "inject", ["incubator"], "'inject' is a list of 1 (expected text)"),
    (6, "delegation", ["USA", "JPN"], "'delegation' is a list of 2 (expected text)"),
]


@pytest.mark.parametrize("line,field,value,message", NAMED)
def test_wrong_field_types_are_located_in_every_command(tmp_path, records, line, field, value, message):
    if line:
        line = next(i for i, r in enumerate(records) if field in r and i >= line)
    log = rebuild(_mutated(records, line, field, value), tmp_path / "bad.jsonl")
    before = log.read_bytes()
    scen = PRE / "mini.yaml"
    for args in (["replay", log, "--verify", "--scenario", scen],
                 ["run", scen, "--log", log, "--resume"],
                 ["report", log, "--scenario", scen, "-o", tmp_path / "r.html"]):
        r = subprocess.run([sys.executable, "-m", "wargame", *map(str, args)], capture_output=True, text=True,
                           cwd=ROOT, timeout=60)
        assert r.returncode == 1 and "Traceback" not in r.stderr, (args, r.stderr)
        if line == 0 and field == "type":  # the first line is not a game log at all
            assert f"{log}:1: not a wargame game log (expected a game-started record first)" in r.stderr
        else:
            assert f"{log}:{line + 1}: " in r.stderr and message in r.stderr, (args, r.stderr)
    assert log.read_bytes() == before and not (tmp_path / "r.html").exists()
    assert record_problem(_mutated(records, line, field, value)[line]) is not None


VALUES = st.sampled_from(["7", "", [], ["x"], [1, 2], {}, {"a": 1}, None, True, False, 0, -1, 1.5, 10 ** 30,
                          float("inf")])


@st.composite
def mutations(draw, records):
    line = draw(st.integers(0, len(records) - 1))
    rec = records[line]
    fields = [k for k in rec if k not in ("prev", "hash")]
    field = draw(st.sampled_from(fields))
    value = rec[field]
    # go down into lists and objects now and then, to reach nested shapes (effects, players, assessment)
    path = []
    while isinstance(value, (list, dict)) and value and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(value) if isinstance(value, dict) else range(len(value))))
        path.append(key)
        value = value[key]
    new = draw(st.one_of(st.just(_DELETE), VALUES)) if not path else draw(VALUES)
    return line, field, path, new


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_field_types_never_give_a_traceback(tmp_path_factory, records, data, capsys):
    line, field, path, new = data.draw(mutations(records))
    recs = [json.loads(json.dumps(r)) for r in records]
    if path:
        target = recs[line][field]
        for k in path[:-1]:
            target = target[k]
        target[path[-1]] = new
    elif new is _DELETE:
        recs[line].pop(field)
    else:
        recs[line][field] = new
    folder = tmp_path_factory.mktemp("m")
    try:
        log = rebuild(recs, folder / "m.jsonl")
    except ValueError:  # infinity cannot be written as JSON by the log writer; a forger could, see below
        log = folder / "m.jsonl"
        rebuild(records, log)
        text = log.read_text().replace('"seed":11', '"seed":Infinity', 1)
        log.write_text(text)
    r = replay(log, scenario=PRE / "mini.yaml")
    if not r.ok:
        assert 1 <= r.problem.line <= line + 1, r.problem
    scen = str(PRE / "mini.yaml")
    for argv in (["replay", str(log), "--verify", "--scenario", scen],
                 ["report", str(log), "--scenario", scen, "-o", str(folder / "r.md")],
                 ["report", str(log), "--scenario", scen, "--allow-unverified", "-o", str(folder / "u.md")],
                 ["run", scen, "--log", str(log), "--resume", "--no-fsync"]):
        assert cli(argv) in (0, 1), argv  # any exception fails the test
    err = capsys.readouterr().err
    assert "Traceback" not in err


@pytest.mark.parametrize("path,value,message", [
    (("assessment", "USA", "objectives", 0, 1), "yes", "'assessment.USA.objectives[0][1]' is the text \"yes\" "
                                                      "(expected true or false)"),
    (("assessment", "USA", "score"), None, "'assessment.USA.score' is null (expected a finite number)"),
    (("tracks", "escalation"), [], "'tracks.escalation' is a list of 0 (expected a finite number)"),
])
def test_nested_shapes_are_located_to_the_field(records, path, value, message):
    rec = json.loads(json.dumps(next(r for r in records if r["type"] == "game-ended")))
    target = rec
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = value
    assert record_problem(rec) == f"game-ended record: {message}"


def test_optional_fields_are_the_ones_older_logs_lack():
    optional = {(t, f) for t, fields in EVENTS.items() for f, spec in fields.items() if isinstance(spec, Optional)}
    assert optional == {("game-started", "version"), ("game-started", "scenario_path"),
                        # written only when used, so logs played at the keyboard keep their old bytes
                        ("move-submitted", "by"), ("move-reopened", "by"), ("note-added", "inject"),
                        ("note-added", "by"), ("note-added", "improvement"), ("track-adjusted", "requested")}


def test_a_malformed_log_in_the_data_folder_is_listed_not_fatal(tmp_path):
    from wargame.tui.logs import logs_dir, recent_logs

    folder = logs_dir()
    folder.mkdir(parents=True)
    (folder / "junk.jsonl").write_text("[1, 2, 3]\n")
    (folder / "list.jsonl").write_text('["not", "a", "record"]\n{"seq": 1}\n')
    (folder / "null.jsonl").write_bytes(b"\x00\xff\n")
    (folder / "empty.jsonl").write_text("")
    (folder / "dir.jsonl").mkdir()
    import os

    os.symlink(folder / "gone", folder / "dangling.jsonl")
    ok = folder / "ok.jsonl"
    assert cli(["run", str(MINI), "--log", str(ok), "--no-fsync"]) == 0
    infos = {i.path.name: i for i in recent_logs()}
    assert infos["ok.jsonl"].problem is None and infos["ok.jsonl"].phase == "ended"
    for name in ("junk.jsonl", "list.jsonl", "null.jsonl", "dir.jsonl", "dangling.jsonl"):
        assert infos[name].problem and str(folder / name) in infos[name].problem
        assert infos[name].title.startswith("Damaged log: ")
    assert "empty.jsonl" not in infos
