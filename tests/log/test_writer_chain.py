"""The writer's promises (append-only, one write per command, durable on return, a torn tail cut on
resume) and the edges of the line-hash check."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from wargame.log import writer as W
from wargame.log.chain import ENVELOPE, GENESIS, encode, raw_line_hash
from wargame.log.reader import iter_records
from wargame.log.writer import LogWriter

EVENTS = [{"type": "game-started", "seed": 1, "text": "first"},
          {"type": "note-added", "turn": 1, "phase": "deliberation", "kind": "control", "text": "second"}]


def test_the_envelope_and_the_start_of_the_chain():
    assert ENVELOPE == ("seq", "ts", "prev", "hash")
    assert GENESIS == "0" * 64


def test_encode_places_the_envelope_around_the_event_and_hashes_the_rest():
    line, digest = encode(3, "T", {"type": "x", "text": "é\u2028"}, "p" * 64)
    body = '{"seq":3,"ts":"T","type":"x","text":"é\u2028","prev":"' + "p" * 64 + '"}'
    assert digest == hashlib.sha256(body.encode()).hexdigest()
    assert line == body[:-1] + ',"hash":"' + digest + '"}\n'


def test_encode_refuses_numbers_json_cannot_hold():
    with pytest.raises(ValueError):
        encode(0, "T", {"type": "x", "odds": float("nan")}, GENESIS)


def _line(n_pad: int) -> bytes:
    head = b'{"seq":0' + b"x" * n_pad
    return head + b',"hash":"' + hashlib.sha256(head + b"}").hexdigest().encode() + b'"}'


def test_the_shortest_line_that_can_carry_a_hash():
    tail = len(',"hash":"') + 64 + 2
    assert raw_line_hash(_line(0)) is not None  # 8 bytes of body plus the tail
    assert raw_line_hash(b"{" + _line(0)[-tail:]) is None  # one byte of body: too short to be a record
    assert raw_line_hash(_line(0)[-tail:]) is None
    assert raw_line_hash(b"") is None


@pytest.mark.parametrize("damage", [
    lambda b: b[:-1] + b"]",  # the closing brace
    lambda b: b[:-2] + b"'}",  # the closing quote
    lambda b: b.replace(b',"hash":"', b',"hash" :"'),  # the tail's spelling (one byte longer)
    lambda b: b.replace(b',"hash":"', b',"hush":"'),
    lambda b: b.replace(b',"hash":"', b' "hash":"'),
    lambda b: b[:5] + b"1" + b[6:],  # the body
    lambda b: b[:-3] + (b"0" if b[-3:-2] != b"0" else b"1") + b[-2:],  # the hash itself
])
def test_any_change_to_a_line_or_its_tail_is_damage(damage):
    good = _line(10)
    assert raw_line_hash(good) == good[-66:-2].decode()
    assert raw_line_hash(damage(good)) is None


def test_appends_chain_and_write_exactly_the_returned_lines(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    path = tmp_path / "deep" / "er" / "log.jsonl"
    with LogWriter.create(path, fsync=False) as w:
        first = w.append(EVENTS[:1])
        assert (w.seq, w.prev) == (1, json.loads(first[0])["hash"])
        second = w.append(EVENTS)
        assert w.seq == 3
    assert path.read_text(encoding="utf-8") == "".join(first + second)
    records = list(iter_records(path))
    assert [r.data["seq"] for r in records] == [0, 1, 2]
    assert [r.data["text"] for r in records] == ["first", "first", "second"]
    assert [r.data["type"] for r in records] == ["game-started", "game-started", "note-added"]
    assert records[1].data["prev"] == records[0].hash and records[2].data["prev"] == records[1].hash
    assert {r.data["ts"] for r in records} == {"2026-05-28T20:26:40.000Z"}


def test_a_log_is_never_overwritten(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_text("precious\n")
    with pytest.raises(FileExistsError):
        LogWriter.create(path)
    assert path.read_text() == "precious\n"


def test_one_command_is_one_write_even_when_the_system_writes_in_pieces(tmp_path, monkeypatch):
    real_write = os.write
    sizes = []

    def piecewise(fd, data):
        sizes.append(len(data))
        return real_write(fd, bytes(data[:7]))
    monkeypatch.setattr(W.os, "write", piecewise)
    path = tmp_path / "log.jsonl"
    with LogWriter.create(path, fsync=False) as w:
        lines = w.append(EVENTS)
    monkeypatch.setattr(W.os, "write", real_write)
    data = "".join(lines).encode()
    assert path.read_bytes() == data
    assert sizes[0] == len(data) and sizes[1] == len(data) - 7  # each call gets the whole remainder


@pytest.mark.parametrize("fsync, expected", [(True, 1), (False, 0)])
def test_an_append_is_on_disk_when_it_returns(tmp_path, monkeypatch, fsync, expected):
    calls = []
    monkeypatch.setattr(W.os, "fsync", lambda fd: calls.append(fd))
    with LogWriter.create(tmp_path / "log.jsonl", fsync=fsync) as w:
        w.append(EVENTS)
        assert calls == [w._fd] * expected


def test_reopening_cuts_a_torn_tail_and_continues_the_chain(tmp_path, monkeypatch):
    path = tmp_path / "log.jsonl"
    with LogWriter.create(path, fsync=False) as w:
        lines = w.append(EVENTS)
        seq, prev = w.seq, w.prev
    good = len("".join(lines).encode())
    with open(path, "ab") as f:
        f.write(b'{"seq":2,"ts":"torn')
    synced = []
    monkeypatch.setattr(W.os, "fsync", lambda fd: synced.append(fd))
    with LogWriter.reopen(path, seq, prev, good, fsync=False) as w:
        assert len(synced) == 1  # the cut is made durable before anything is appended
        w.append(EVENTS[:1])
    records = list(iter_records(path))
    assert [r.data["seq"] for r in records] == [0, 1, 2] and records[2].data["prev"] == prev


def test_reopening_a_clean_log_leaves_it_alone(tmp_path, monkeypatch):
    path = tmp_path / "log.jsonl"
    with LogWriter.create(path, fsync=False) as w:
        lines = w.append(EVENTS)
        seq, prev = w.seq, w.prev
    cuts = []
    monkeypatch.setattr(W.os, "ftruncate", lambda fd, n: cuts.append(n))
    w = LogWriter.reopen(path, seq, prev, len("".join(lines).encode()), fsync=False)
    closed = []
    real_close = os.close
    monkeypatch.setattr(W.os, "close", lambda fd: (closed.append(fd), real_close(fd)))
    fd = w._fd
    w.close()
    w.close()  # closing twice closes nothing the second time
    assert cuts == [] and closed == [fd]


def test_new_logs_are_readable_by_others(tmp_path):
    old = os.umask(0o022)
    try:
        LogWriter.create(tmp_path / "log.jsonl").close()
    finally:
        os.umask(old)
    assert (tmp_path / "log.jsonl").stat().st_mode & 0o777 == 0o644


def test_writers_are_durable_unless_told_otherwise(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(W.os, "fsync", lambda fd: calls.append(fd))
    path = tmp_path / "log.jsonl"
    with LogWriter.create(path) as w:
        w.append(EVENTS[:1])
        size, seq, prev = path.stat().st_size, w.seq, w.prev
    assert len(calls) == 1
    with LogWriter.reopen(path, seq, prev, size) as w:
        assert (w.path, w.seq, w.prev, w.fsync) == (path, 1, prev, True)
        w.append(EVENTS[1:])
    assert len(calls) == 2
    with LogWriter.reopen(path, 2, w.prev, path.stat().st_size, fsync=True) as w:
        w.append(EVENTS[1:])
    assert len(calls) == 3
