"""Hostile clients: each gets a clear 4xx with a plain sentence, nothing is logged, the server stays up."""

from __future__ import annotations

import asyncio
import json
import os
import stat

import aiohttp
import pytest

from tests.seats.conftest import INTERNALS, Client, log_bytes, served

MOVE = {"inject": "incubator", "option": "join", "rationale": "we join", "turn": 1}


async def refused(server, client: Client, status: int, kind: str, body=None, **kw) -> str:
    before = log_bytes(server)
    got, data = await client.post(kind, body, **kw)
    assert got == status, data
    assert set(data) == {"error"} and isinstance(data["error"], str) and data["error"].strip()
    assert not INTERNALS.search(data["error"]), data
    assert log_bytes(server) == before, "a refused request wrote to the log"
    return data["error"]


async def still_up(client: Client) -> None:
    status, _ = await client.get("/")
    assert status == 200


@pytest.fixture
async def game(mini_cs, tmp_path):
    async with served(mini_cs, tmp_path / "g.jsonl") as server, aiohttp.ClientSession() as http:
        yield server, {v: Client(server, v, http) for v in server.viewers}, http


async def test_wrong_and_foreign_tokens(game):
    server, c, http = game
    stranger = Client(server, "JPN", http)
    stranger.token = "A" * 32
    assert "not (or no longer) a seat" in await refused(server, stranger, 404, "move", MOVE)
    # a delegation's token acts for that delegation only: naming another is refused
    assert "Unexpected field 'delegation'" in await refused(server, c["KOR"], 400, "move",
                                                               {**MOVE, "delegation": "JPN"})
    assert "Only a delegation's seat" in await refused(server, c["room"], 403, "move", MOVE)
    assert "Only a delegation's seat" in await refused(server, c["observer"], 403, "withdraw",
                                                          {"inject": "incubator", "turn": 1})
    assert "Only an observer" in await refused(server, c["JPN"], 403, "note", {"inject": "incubator", "text": "x"})
    ok, _ = await c["KOR"].post("move", MOVE)
    assert ok == 200
    # JPN cannot withdraw KOR's move: it has none of its own
    assert "JPN has no sealed move" in await refused(server, c["JPN"], 409, "withdraw",
                                                        {"inject": "incubator", "turn": 1})
    # a seat's page under another kind's path is not found either
    status, _ = await c["room"].get(f"/s/{c['room'].token}")
    assert status == 404
    await still_up(c["USA"])


async def test_stale_turn_and_phase(game):
    server, c, _ = game
    assert "game is in turn 1" in await refused(server, c["JPN"], 409, "move", {**MOVE, "turn": 0})
    assert "'turn'" in await refused(server, c["JPN"], 400, "move", {k: v for k, v in MOVE.items() if k != "turn"})
    for d, option in (("USA", "convene"), ("JPN", "join"), ("KOR", "join")):
        assert (await c[d].post("move", {**MOVE, "option": option}))[0] == 200
    from wargame.engine import commands as C

    server.session.do(C.Reveal())
    assert "during deliberation" in await refused(server, c["JPN"], 409, "move", MOVE)
    assert "before the reveal" in await refused(server, c["JPN"], 409, "withdraw", {"inject": "incubator", "turn": 1})
    await still_up(c["JPN"])


async def test_replayed_and_duplicated_submissions_seal_once(game):
    server, c, _ = game
    results = await asyncio.gather(*(c["JPN"].post("move", MOVE) for _ in range(8)))
    assert sorted(s for s, _ in results) == [200] + [409] * 7
    assert all("already sealed" in d["error"] for s, d in results if s == 409)
    records = [json.loads(x) for x in log_bytes(server).splitlines()]
    assert sum(r["type"] == "move-submitted" for r in records) == 1
    await refused(server, c["JPN"], 409, "move", MOVE)  # the same request replayed later
    await still_up(c["JPN"])


async def test_oversized_malformed_and_mistyped_bodies(game):
    server, c, _ = game
    huge = {**MOVE, "rationale": "x" * (1024 * 1024)}
    assert "too large" in await refused(server, c["JPN"], 413, "move", huge)
    assert "too long" in await refused(server, c["JPN"], 413, "move", {**MOVE, "rationale": "y" * 4001})
    assert "not valid JSON" in await refused(server, c["JPN"], 400, "move", raw=b'{"inject": "incubator",')
    assert "not valid JSON" in await refused(server, c["JPN"], 400, "move", raw=b"\xff\xfe")
    assert "not valid JSON" in await refused(server, c["JPN"], 400, "move", raw=b"[" * 5000 + b"]" * 5000)
    assert "JSON object" in await refused(server, c["JPN"], 400, "move", [MOVE])
    assert "must be text" in await refused(server, c["JPN"], 400, "move", {**MOVE, "rationale": {"$": 1}})
    assert "either 'option' or 'free'" in await refused(server, c["JPN"], 400, "move",
                                                          {**MOVE, "free": {"action": "a"}})
    assert "Send JSON" in await refused(server, c["JPN"], 415, "move", raw=json.dumps(MOVE).encode(),
                                        headers={"Content-Type": "text/plain"})
    assert "not an option" in await refused(server, c["JPN"], 409, "move", {**MOVE, "option": "nope"})
    await still_up(c["JPN"])


async def test_cross_site_requests_are_refused(game):
    server, c, http = game
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                    {"Origin": "", "Referer": "http://evil.example/page"},
                    {"Origin": server.base_url().replace("127.0.0.1", "localhost")}):
        assert "this server's own pages" in await refused(server, c["JPN"], 403, "move", MOVE, headers=headers)
    # a classic cross-site form post, no Origin header at all (an old browser), to the API and to /join
    before = log_bytes(server)
    async with http.post(f"{c['JPN'].base}/api/{c['JPN'].token}/move", data={"inject": "incubator"},
                         skip_auto_headers=["Origin"]) as r:
        assert r.status == 403 and "own pages" in (await r.json())["error"]
    async with http.post(f"{c['JPN'].base}/join", data={"code": server.book.code("JPN")},
                         headers={"Origin": "http://evil.example"}, allow_redirects=False) as r:
        assert r.status == 403
    assert log_bytes(server) == before
    await still_up(c["JPN"])


@pytest.mark.parametrize("path", ["/static/../server.py", "/static/%2e%2e/server.py", "/static/..%2f..%2fsession.py",
                                  "/static/%2e%2e%2f%2e%2e%2fsession.py", "/static/.hidden.js", "/static/seats.js%00.py",
                                  "/s/../../etc/passwd", "/s/..%2f..%2fetc%2fpasswd", "/room/%2e%2e", "/templates/seat.html",
                                  "/api/../../session.py", "/o/" + "A" * 5000])
async def test_path_traversal_finds_nothing(game, path):
    from yarl import URL

    server, c, http = game
    async with http.get(URL(c["JPN"].base + path, encoded=True)) as r:  # sent as written, not normalised
        body = await r.text()
        assert 400 <= r.status < 500, (path, r.status)
    assert "import " not in body and "root:" not in body and not INTERNALS.search(body)
    await still_up(c["JPN"])


async def test_static_files_are_served(game):
    server, c, http = game
    async with http.get(c["JPN"].base + "/static/seats.js") as r:
        assert r.status == 200 and r.content_type == "text/javascript"


async def test_wrong_method_and_unknown_route_are_json_errors(game):
    server, c, http = game
    async with http.put(f"{c['JPN'].base}/api/{c['JPN'].token}/move", json=MOVE,
                        headers={"Origin": c["JPN"].base}) as r:
        assert r.status == 405 and "error" in await r.json()
    async with http.post(f"{c['JPN'].base}/api/{c['JPN'].token}/reveal", json={},
                         headers={"Origin": c["JPN"].base}) as r:
        assert r.status == 404 and "error" in await r.json()


async def test_an_internal_failure_shows_no_internals(game, monkeypatch):
    server, c, _ = game

    def broken(viewer):
        raise RuntimeError("/srv/secret/path/session.py line 12")

    monkeypatch.setattr(server, "view", broken)
    status, text = await c["JPN"].get(f"/api/{c['JPN'].token}/view")
    assert status == 500 and "secret" not in text and not INTERNALS.search(text)
    assert json.loads(text)["error"].startswith("The server could not handle")


async def test_wrong_tokens_and_join_codes_are_rate_limited(mini_cs, tmp_path):
    async with served(mini_cs, tmp_path / "g.jsonl") as server, aiohttp.ClientSession() as http:
        base = server.base_url()
        statuses = []
        for i in range(14):
            async with http.get(f"{base}/s/{'B' * 31}{i % 10}") as r:
                statuses.append(r.status)
        assert statuses[:10] == [404] * 10 and statuses[-1] == 429
        async with http.post(base + "/join", data={"code": server.book.code("JPN")}, headers={"Origin": base},
                             allow_redirects=False) as r:
            assert r.status == 429  # the same device is still locked out, even with a right code


async def test_join_code_leads_to_the_seat(mini_cs, tmp_path):
    async with served(mini_cs, tmp_path / "g.jsonl") as server, aiohttp.ClientSession() as http:
        base = server.base_url()
        code = server.book.code("KOR")
        async with http.post(base + "/join", data={"code": " " + code.lower()[:3] + "-" + code.lower()[3:]},
                             headers={"Origin": base}, allow_redirects=False) as r:
            assert r.status == 303 and r.headers["Location"] == f"/s/{server.book.token('KOR')}"
        async with http.post(base + "/join", data={"code": "ZZZZZZ"}, headers={"Origin": base}) as r:
            assert r.status == 404 and "No seat has that code" in await r.text()


async def test_tokens_live_in_an_owner_only_sidecar_never_in_the_log(game):
    server, c, _ = game
    for d in ("USA", "JPN", "KOR"):
        assert (await c[d].post("move", {**MOVE, "option": {"USA": "convene"}.get(d, "join")}))[0] == 200
    side = server.book.path
    assert side.name == "g.jsonl.seats.json" and side.parent == server.session.path.parent
    assert stat.S_IMODE(os.stat(side).st_mode) == 0o600
    log = log_bytes(server)
    for v in server.viewers:
        token = server.book.token(v)
        assert len(token) >= 22  # >= 128 bits in URL-safe base64
        assert token.encode() not in log and server.book.code(v).encode() not in log


async def test_revoke_and_reissue(game):
    server, c, http = game
    ws = await c["JPN"].connect()
    await c["JPN"].drain()
    old = c["JPN"].token
    new = server.revoke("JPN")
    msg = await ws.receive(timeout=2)
    assert json.loads(msg.data)["type"] == "revoked"
    closed = await ws.receive(timeout=2)
    assert closed.type == aiohttp.WSMsgType.CLOSE and ws.close_code == 4404
    assert "not (or no longer) a seat" in await refused(server, c["JPN"], 404, "move", MOVE)
    c["JPN"].token = new["url"].rsplit("/", 1)[1]
    assert c["JPN"].token != old and new["code"] == server.book.code("JPN")
    assert (await c["JPN"].post("move", MOVE))[0] == 200
    # the sidecar holds the new token: a restarted server honours it
    from wargame.seats.tokens import SeatBook

    assert SeatBook.open(server.book.path, server.viewers).viewer_of(c["JPN"].token) == "JPN"


async def test_plain_get_of_the_websocket_url_is_a_clean_error(game):
    server, c, http = game
    async with http.get(f"{c['JPN'].base}/ws/{c['JPN'].token}") as r:
        body = await r.text()
        assert 400 <= r.status < 500 and "error" in json.loads(body) and not INTERNALS.search(body)


async def test_a_failing_listener_does_not_fail_an_acknowledged_seal(game):
    server, c, _ = game

    def broken(events):
        raise RuntimeError("a listener bug")

    server.session.subscribe(broken)
    status, data = await c["JPN"].post("move", MOVE)
    assert status == 200 and data["ok"]
    assert server.session.state.status_of("incubator", "JPN") == "sealed"
