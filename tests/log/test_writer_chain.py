"""The writer's promises (append-only, one write per command, durable on return, a torn tail cut on
resume) and the edges of the line-hash check."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from wargame.log import writer as W
from wargame.log.chain import ENVELOPE, GENESIS, encode, raw_line_hash
from wargame.log.lock import LogFileError
from wargame.log.reader import iter_records
from wargame.log.seal import key_path, verify
from wargame.log.writer import LogWriter

# Records the reader's schema accepts: a header, then notes (a command of one record each).
HEADER = {"type": "game-started", "format": 1, "program": "wargame", "version": "0.1.0", "scenario": "mini",
          "scenario_title": "Mini exercise", "scenario_path": "mini.yaml", "scenario_sha256": "0" * 64,
          "ruleset": "standard", "ruleset_sha256": "0" * 64, "seed": 1, "rng": "splitmix64-v1", "mode": "semi",
          "players": {}, "parent": None}


def _note(text: str) -> dict:
    return {"type": "note-added", "turn": 1, "phase": "deliberation", "kind": "control", "text": text}


EVENTS = [HEADER, _note("second")]


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
    """An unsigned writer (a log as written before signing): the lines are exactly the chain."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    path = tmp_path / "deep" / "er" / "log.jsonl"
    with LogWriter.create(path, fsync=False, sign=False) as w:
        first = w.append(EVENTS[:1])
        assert (w.seq, w.prev) == (1, json.loads(first[0])["hash"])
        second = w.append([_note("second"), _note("third")])
        assert w.seq == 3
    assert path.read_text(encoding="utf-8") == "".join(first + second)
    assert not key_path(path).exists()
    records = list(iter_records(path))
    assert [r.data["seq"] for r in records] == [0, 1, 2]
    assert [r.data.get("text") for r in records] == [None, "second", "third"]
    assert [r.data["type"] for r in records] == ["game-started", "note-added", "note-added"]
    assert records[1].data["prev"] == records[0].hash and records[2].data["prev"] == records[1].hash
    assert {r.data["ts"] for r in records} == {"2026-05-28T20:26:40.000Z"}
    assert [(r.key, r.sig) for r in records] == [(None, None)] * 3


def test_a_signed_writer_seals_the_header_and_each_batch(tmp_path):
    """The key on the first line (which signs itself), a signature on the last line of every batch
    over its chain hash, both after the hash; the private key never enters the log."""
    path = tmp_path / "log.jsonl"
    with LogWriter.create(path, fsync=False) as w:
        first = w.append(EVENTS[:1])
        second = w.append([_note("second"), _note("third")])
        public = w.public_key
    assert path.read_text(encoding="utf-8") == "".join(first + second)
    secret = key_path(path).read_text().split("\n")[1]
    assert key_path(path).stat().st_mode & 0o777 == 0o600 and secret not in path.read_text()
    assert [list(json.loads(line))[-4:] for line in first + second] == [
        ["prev", "hash", "key", "sig"], ["kind", "text", "prev", "hash"], ["text", "prev", "hash", "sig"]]
    records = list(iter_records(path))
    assert [r.key for r in records] == [public, None, None]
    assert [r.sig is not None for r in records] == [True, False, True]
    assert all(verify(public, r.hash, r.sig) for r in records if r.sig)
    assert records[1].data["prev"] == records[0].hash and records[2].data["prev"] == records[1].hash


def test_a_log_is_never_overwritten(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_text("precious\n")
    with pytest.raises(LogFileError, match="already exists"):
        LogWriter.create(path)
    assert path.read_text() == "precious\n"
    assert not key_path(path).exists()  # nor a key made for a log that was never written


def test_one_command_is_one_write_even_when_the_system_writes_in_pieces(tmp_path, monkeypatch):
    real_write = os.write
    sizes = []

    def piecewise(fd, data):
        sizes.append(len(data))
        return real_write(fd, bytes(data[:7]))
    path = tmp_path / "log.jsonl"
    with LogWriter.create(path, fsync=False) as w:  # signed: the key is written on creation
        monkeypatch.setattr(W.os, "write", piecewise)
        lines = w.append(EVENTS)
    monkeypatch.setattr(W.os, "write", real_write)
    data = "".join(lines).encode()
    assert path.read_bytes() == data
    assert sizes[0] == len(data) and sizes[1] == len(data) - 7  # each call gets the whole remainder


@pytest.mark.parametrize("fsync, expected", [(True, 1), (False, 0)])
def test_an_append_is_on_disk_when_it_returns(tmp_path, monkeypatch, fsync, expected):
    calls = []
    with LogWriter.create(tmp_path / "log.jsonl", fsync=fsync) as w:  # the key file is synced on creation
        monkeypatch.setattr(W.os, "fsync", lambda fd: calls.append(fd))
        w.append(EVENTS)
        assert calls == [w._fd] * expected


def test_reopening_cuts_a_torn_tail_and_continues_the_chain(tmp_path, monkeypatch):
    path = tmp_path / "log.jsonl"
    with LogWriter.create(path, fsync=False) as w:
        lines = w.append(EVENTS)
        seq, prev, key = w.seq, w.prev, w.key
    good = len("".join(lines).encode())
    with open(path, "ab") as f:
        f.write(b'{"seq":2,"ts":"torn')
    synced = []
    monkeypatch.setattr(W.os, "fsync", lambda fd: synced.append(fd))
    with LogWriter.reopen(path, seq, prev, good, fsync=False, key=key) as w:
        assert len(synced) == 1  # the cut is made durable before anything is appended
        w.append([_note("after the resume")])
    records = list(iter_records(path))
    assert [r.data["seq"] for r in records] == [0, 1, 2] and records[2].data["prev"] == prev
    assert verify(key.public_hex, records[2].hash, records[2].sig)  # the continued log is still signed


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


def test_any_change_to_the_key_or_signature_tail_of_a_line_is_damage(tmp_path):
    """Every byte after the hash (key, signature, their quotes) is outside the chain, so the tail is
    parsed strictly: one changed byte there must not leave a line the reader accepts as it was."""
    from wargame.log.reader import LogProblem

    path = tmp_path / "log.jsonl"
    with LogWriter.create(path, fsync=False) as w:
        w.append(EVENTS[:1])
        public = w.public_key
    line = path.read_bytes()
    start = line.index(b',"key":"')
    for pos in range(start, len(line) - 1):
        for new in {ord('"'), ord("0"), ord("f"), 0} - {line[pos]}:
            damaged = tmp_path / "damaged.jsonl"
            damaged.write_bytes(line[:pos] + bytes([new]) + line[pos + 1:])
            try:
                records = list(iter_records(damaged))
            except LogProblem as e:
                assert e.line == 1
                continue
            # read as a line: then its key or signature differs, and the signature no longer checks
            [rec] = records
            assert not (rec.key == public and verify(public, rec.hash, rec.sig)), pos


def test_writers_are_durable_unless_told_otherwise(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(W.os, "fsync", lambda fd: calls.append(fd))
    path = tmp_path / "log.jsonl"
    with LogWriter.create(path, sign=False) as w:  # unsigned: only the log's own fsyncs are counted
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
