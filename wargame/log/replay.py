"""Replay: re-derive every state, roll and outcome from a log and check each record against it.

Each command's first record names the command; the engine runs it again and must produce exactly
the records that follow. Rolls come from the recorded seed, so a forged roll, outcome or effect
fails the comparison even when the hash chain was rebuilt around it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import attrs

from wargame.engine.adjudication import GENERATOR
from wargame.engine.commands import Rejected
from wargame.engine.engine import apply, command_for, handle
from wargame.engine.state import GameState
from wargame.log.chain import ENVELOPE
from wargame.log.reader import LogProblem, Record, iter_records
from wargame.scenario.compiled import CompiledScenario
from wargame.scenario.errors import InputError


@attrs.define
class Replay:
    path: str
    state: GameState | None = None
    header: dict | None = None
    records: list[Record] = attrs.field(factory=list)  # kept only when asked
    count: int = 0  # verified records
    warnings: list[str] = attrs.field(factory=list)
    problem: LogProblem | None = None
    good_bytes: int = 0  # where a resumed game appends
    last_hash: str = ""
    #: The game's public key from the header; None for a log from before logs were signed.
    public_key: str | None = None
    #: (turn, chain head) after each command that ended a turn: what the room was shown then.
    turn_heads: list[tuple[int, str]] = attrs.field(factory=list)

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def signed(self) -> bool:
        return self.public_key is not None

    def fingerprint(self, head: str | None = None) -> str:
        """The witness at `head` (default: the last verified record); see wargame.log.seal.fingerprint."""
        from wargame.log.seal import fingerprint

        return fingerprint(self.public_key, head or self.last_hash)


def _same(record: dict, event: dict) -> bool:
    if len(record) != len(event) + 4:
        return False
    bare = dict(record)
    for key in ENVELOPE:
        if bare.pop(key, _MISSING) is _MISSING:
            return False
    return bare == event


_MISSING = object()


def _first_difference(record: dict, event: dict) -> str:
    for k, v in event.items():
        if k not in record:
            return f"field '{k}' is missing"
        if record[k] != v:
            return f"{k} is {_short(record[k])} but replay gives {_short(v)}"
    extra = [k for k in record if k not in event and k not in ENVELOPE]
    return f"unexpected field '{extra[0]}'" if extra else "records differ"


def _short(v) -> str:
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."


def load_for_log(header: dict, scenario: Path | None = None) -> CompiledScenario:
    """The scenario a log was played with; its content hash must match the header."""
    from wargame.scenario.load import load_scenario, resolve_scenario

    path = scenario or Path(header.get("scenario_path", ""))
    if not path.is_file():
        path = resolve_scenario(str(header.get("scenario", "")))
    cs = load_scenario(path)
    if cs.scenario_sha256 != header.get("scenario_sha256"):
        raise ScenarioMismatch(f"scenario file {path} is not the one this game was played with (content hash "
                               f"differs; pass --scenario with the original file)")
    if cs.ruleset_sha256 != header.get("ruleset_sha256"):
        raise ScenarioMismatch(f"ruleset {cs.ruleset_path} has changed since this game was played "
                               f"(content hash differs)")
    return cs


class ScenarioMismatch(Exception):
    pass


_BAD_SIGNATURE = ("the signature does not match (the records up to here were changed after signing, or signed "
                  "with another key)")


def replay(path: Path, *, display: str | None = None, scenario: Path | None = None, keep: bool = False,
           cs: CompiledScenario | None = None, on_record: Callable[[Record, GameState], None] | None = None) -> Replay:
    """Verify a whole log, streaming; never raises for bad input (the problem is in the result)."""
    name = display or str(path)
    result = Replay(name)
    torn: list = []
    it = iter_records(path, name, torn)
    try:
        first = next(it, None)
        if first is None:
            if torn:
                raise LogProblem(name, 1, "the log holds no complete record (expected a game-started record)")
            raise LogProblem(name, 1, "the log is empty (expected a game-started record)")
        result.header = first.data
        result.public_key = first.key
        rng = first.data.get("rng", "an earlier generator")
        if rng != GENERATOR:
            raise LogProblem(name, 1, f"the rolls of this game were made with {rng}; this version of wargame "
                                      f"re-derives rolls with {GENERATOR} and cannot verify them")
        if cs is None:
            try:
                cs = load_for_log(first.data, scenario)
            except ScenarioMismatch as e:
                raise LogProblem(name, 1, str(e)) from None
            except InputError as e:
                raise LogProblem(name, 1, "the scenario of this game does not load:\n" + str(e)) from None
        state = GameState(cs)
        result.state = state
        check = None
        if first.key is not None:
            from wargame.log.seal import verifier

            check = verifier(first.key)
        rec: Record | None = first
        last: Record | None = None
        count = 0
        records = result.records
        try:
            while rec is not None:
                try:
                    cmd = command_for(state, rec.data)
                    if cmd is None:
                        raise Rejected(f"a {rec.data.get('type')!r} record cannot start a command")
                    produced = handle(state, cmd)
                except Rejected as e:
                    raise LogProblem(name, rec.line, f"{rec.data.get('type')} record is not a valid move here: "
                                                     f"{e.reason}") from None
                except KeyError as e:
                    # a record rewritten (and rehashed) without one of its fields
                    raise LogProblem(name, rec.line, f"{rec.data.get('type') or 'a'} record lacks its field "
                                                     f"{e.args[0]!r} (the line was altered)") from None
                except (TypeError, ValueError, AttributeError, IndexError):
                    raise LogProblem(name, rec.line, f"{rec.data.get('type') or 'a'} record holds a value of the wrong "
                                                     f"kind (the line was altered)") from None
                if len(produced) == 1:  # most commands: one record, no batch bookkeeping
                    batch = (rec,)
                else:
                    batch = [rec]
                    for _ in range(len(produced) - 1):
                        nxt = next(it, None)
                        if nxt is None:
                            break
                        batch.append(nxt)
                    if len(batch) < len(produced):
                        result.warnings.append(
                            f"{name}:{batch[0].line}: the last command's records are incomplete "
                            f"(the program stopped while writing); {len(batch)} record(s) dropped")
                        break
                for r, ev in zip(batch, produced):
                    if not _same(r.data, ev):
                        raise LogProblem(name, r.line, f"{r.data.get('type')} record differs from replay: "
                                                       f"{_first_difference(r.data, ev)}")
                end = batch[-1]
                if check is not None:  # every signature, so that no byte of a signed log goes unchecked
                    if end.sig is None:
                        raise LogProblem(name, end.line, "this command's records are not signed (expected a "
                                                         "signature on the last record of every command)")
                    for r in batch:
                        if r.sig is not None and not check(r.hash, r.sig):
                            raise LogProblem(name, r.line, _BAD_SIGNATURE)
                for r, ev in zip(batch, produced):
                    apply(state, ev)
                    if keep:
                        records.append(r)
                    if on_record is not None:
                        on_record(r, state)
                count += len(batch)
                last = end
                opening = batch[0].data
                if opening["type"] in ("turn-ended", "game-ended"):  # EndTurn / EndGame: the room sees this head
                    result.turn_heads.append((opening["turn"], end.hash))
                rec = next(it, None)
        finally:
            result.count = count
            if last is not None:
                result.good_bytes, result.last_hash = last.end, last.hash
    except LogProblem as e:
        result.problem = e
    if torn:
        result.warnings.append(f"{name}:{torn[0].line}: the last line is incomplete (torn write); it was dropped")
    return result
