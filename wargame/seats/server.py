"""The classroom seat server: each delegation, the room's projector and observers on their own
devices, over HTTP and WebSocket, on the asyncio loop the facilitator already runs (aiohttp).

The server holds no game state of its own. Seat actions become the same engine commands Control
enters, sent through the Session (the only writer of the log); every byte a client receives is
rendered from `view_for(state, viewer)`. After every committed change each open WebSocket gets its
viewer's freshly rendered page body. This module never imports the TUI.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import re
import socket
from pathlib import Path

from aiohttp import WSMsgType, web

from wargame.engine.commands import Rejected
from wargame.engine.views import view_for
from wargame.seats import actions
from wargame.seats.guards import MAX_BODY, Refused, make_middleware, read_json
from wargame.seats.render import Renderer, with_clock
from wargame.seats.tokens import RateLimiter, SeatBook, normalise_code, sidecar_for

log = logging.getLogger("wargame.seats")
STATIC = Path(__file__).resolve().parent / "static"
_STATIC_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}\.(js|css|svg|png|woff2)$")
_CONTENT_TYPES = {"js": "text/javascript", "css": "text/css", "svg": "image/svg+xml", "png": "image/png",
                  "woff2": "font/woff2"}
#: Path prefix of each kind of viewer's page.
_PAGE_PREFIX = {"delegation": "s", "room": "room", "observer": "o"}
#: WebSocket close code for a token that is unknown or was revoked (the page stops reconnecting).
CLOSE_REVOKED = 4404
SEND_TIMEOUT = 5.0
#: Changes within this many seconds go out as one push (a burst of seals, Control's batch of steps),
#: and pushes are at least PUSH_INTERVAL apart: rendering every page takes milliseconds each, and
#: under a burst of requests it must not starve the acknowledgements.
PUSH_DELAY = 0.02
PUSH_INTERVAL = 0.1


class _Client:
    __slots__ = ("ws", "viewer", "dirty", "task")

    def __init__(self, ws: web.WebSocketResponse, viewer: str):
        self.ws, self.viewer, self.dirty, self.task = ws, viewer, False, None


class SeatServer:
    """Start with `await start()`, stop with `await stop()`; links, codes and status for Control."""

    def __init__(self, session, host: str = "0.0.0.0", port: int = 8765, *, sidecar: Path | None = None,
                 rate: float = 20.0, burst: int = 40, guess_rate: float = 1 / 6, guess_burst: int = 10,
                 clock=None):
        self.session = session
        self.host, self.port = host, port
        cs = session.state.cs
        self.viewers = [*cs.delegations, "room", "observer"]
        self.book = SeatBook.open(sidecar or sidecar_for(session.path), self.viewers)
        self.renderer = Renderer()
        #: The session's clock by default, so `remaining` and the logged expiry agree.
        self.clock = clock or (lambda: session.clock())
        #: Per client (address and token): ordinary use; per address: wrong tokens and join codes.
        self.limiter = RateLimiter(rate, burst)
        self.guesses = RateLimiter(guess_rate, guess_burst)
        #: Callables(viewer) told when a viewer's connections change (the TUI's Seats panel).
        self.status_listeners: list = []
        self._clients: set[_Client] = set()
        self._cache: dict = {}
        self._runner: web.AppRunner | None = None
        self._unsubscribe = None
        self._timer_handle = None
        self._flush_handle = None
        self._last_flush = 0.0
        # Page bodies are rendered off the loop (Jinja takes milliseconds per page), so a seat's
        # request is acknowledged while pushes are being prepared; one thread keeps them in order.
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="seat-render")
        # Group commit: seat commands are staged at once and made durable by one fsync in this
        # thread for all requests that arrived meanwhile; each is acknowledged after that fsync.
        self._disk = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="seat-fsync")
        self._syncing: asyncio.Future | None = None
        self._synced = 0
        self.app = self._make_app()

    # ------------------------------------------------------------ life cycle
    def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY,
                              middlewares=[make_middleware(self.renderer.error, self._allow)])
        r = app.router
        r.add_get("/", self.join_page)
        r.add_post("/join", self.join)
        r.add_get("/s/{token}", self.page)
        r.add_get("/room/{token}", self.page)
        r.add_get("/o/{token}", self.page)
        r.add_get("/api/{token}/view", self.api_view)
        r.add_post("/api/{token}/move", self.api_move)
        r.add_post("/api/{token}/withdraw", self.api_withdraw)
        r.add_post("/api/{token}/note", self.api_note)
        r.add_get("/ws/{token}", self.websocket)
        r.add_get("/static/{name}", self.static)
        return app

    def attach(self) -> None:
        """Listen to the session (done by `start`; tests that serve `app` themselves call it)."""
        if self._unsubscribe is None:
            self._unsubscribe = self.session.subscribe(self._changed)
            self.session.play_bots()  # a resumed game's bot seats owe their moves
            self._schedule_timer()

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        for handle in (self._timer_handle, self._flush_handle):
            if handle is not None:
                handle.cancel()
        self._timer_handle = self._flush_handle = None

    async def start(self) -> None:
        """Listen on host:port (port 0: any free port); raises OSError when the address is unusable."""
        self._runner = web.AppRunner(self.app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError:
            await self._runner.cleanup()
            self._runner = None
            raise
        self.port = site._server.sockets[0].getsockname()[1]  # the real port when 0 was asked for
        self.attach()

    async def stop(self) -> None:
        self.detach()
        for c in list(self._clients):
            await c.ws.close(code=1001, message=b"the game is closing")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._disk.shutdown(wait=True)

    # ------------------------------------------------------------ for Control
    def base_url(self) -> str:
        host = self.host
        if host in ("", "0.0.0.0", "::"):
            host = lan_address()
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    def url(self, viewer: str) -> str:
        kind = self._kind(viewer)
        return f"{self.base_url()}/{_PAGE_PREFIX[kind]}/{self.book.token(viewer)}"

    def links(self) -> list[dict]:
        return [{"viewer": v, "url": self.url(v), "code": self.book.code(v)} for v in self.viewers]

    def connected(self, viewer: str) -> int:
        return sum(1 for c in self._clients if c.viewer == viewer)

    def status(self) -> dict[str, int]:
        return {v: self.connected(v) for v in self.viewers}

    def revoke(self, viewer: str) -> dict:
        """A new link and code for `viewer`; the old ones stop working and its open pages are closed."""
        entry = self.book.reissue(viewer)
        for c in [c for c in self._clients if c.viewer == viewer]:
            asyncio.ensure_future(self._close_revoked(c.ws))
        return {"viewer": viewer, "url": self.url(viewer), "code": entry["code"]}

    async def _close_revoked(self, ws) -> None:
        try:
            await ws.send_str(json.dumps({"type": "revoked", "message": "Control has issued a new link for "
                                                                        "this seat; ask Control for it."}))
        except Exception:  # noqa: BLE001 - the socket may be gone already
            pass
        await ws.close(code=CLOSE_REVOKED, message=b"link revoked")

    # ------------------------------------------------------------ guards and lookups
    def _kind(self, viewer: str) -> str:
        return viewer if viewer in ("room", "observer") else "delegation"

    def _allow(self, request: web.Request) -> bool:
        token = request.match_info.get("token")
        key = (request.remote, token) if token else (request.remote, None)
        return self.limiter.allow(key)

    def _viewer(self, request: web.Request, kind: str | None = None) -> str:
        """The viewer a token in the URL belongs to; unknown tokens count as guesses (rate-limited)."""
        viewer = self.book.viewer_of(request.match_info.get("token", ""))
        if viewer is None:
            if not self.guesses.allow(request.remote):
                raise Refused(429, "Too many wrong links from this device; wait a minute.")
            raise Refused(404, "This link is not (or no longer) a seat of this game. Ask Control for yours.")
        if kind is not None and self._kind(viewer) != kind:
            raise Refused(404, "This link is not (or no longer) a seat of this game. Ask Control for yours.")
        return viewer

    def view(self, viewer: str) -> dict:
        return with_clock(view_for(self.session.state, viewer), self.clock())

    # ------------------------------------------------------------ pages
    async def join_page(self, request: web.Request) -> web.Response:
        return web.Response(text=self.renderer.join(), content_type="text/html")

    async def join(self, request: web.Request) -> web.Response:
        if not self.guesses.allow(request.remote):
            return web.Response(text=self.renderer.join("Too many attempts from this device; wait a minute."),
                                status=429, content_type="text/html")
        if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            raise Refused(415, "Send the join form.")
        form = await request.post()
        code = form.get("code", "")
        code = code if isinstance(code, str) else ""
        found = self.book.token_for_code(code)
        if found is None:
            return web.Response(text=self.renderer.join("No seat has that code. Check it with Control.",
                                                        normalise_code(code)[:16]),
                                status=404, content_type="text/html")
        viewer, token = found
        raise web.HTTPSeeOther(f"/{_PAGE_PREFIX[self._kind(viewer)]}/{token}")

    async def page(self, request: web.Request) -> web.Response:
        prefix = request.path.split("/")[1]
        kind = {v: k for k, v in _PAGE_PREFIX.items()}[prefix]
        viewer = self._viewer(request, kind)
        html = self.renderer.page(self.view(viewer), self.book.token(viewer))
        return web.Response(text=html, content_type="text/html")

    async def static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if not _STATIC_NAME.match(name) or name not in {p.name for p in STATIC.iterdir()}:
            raise Refused(404, "No such file.")
        return web.Response(body=(STATIC / name).read_bytes(), content_type=_CONTENT_TYPES[name.rsplit(".", 1)[1]],
                            headers={"Cache-Control": "no-cache"})

    # ------------------------------------------------------------ the JSON API
    async def api_view(self, request: web.Request) -> web.Response:
        return web.json_response(self.view(self._viewer(request)))

    async def _do(self, viewer: str, cmd) -> web.Response:
        try:
            self.session.stage(cmd)
        except Rejected as e:
            raise Refused(409, e.reason) from None
        version = self.session.state.events
        await self._durable(self.session.log.seq)
        # The acknowledgement: on disk when sent. The page's new body follows over its WebSocket.
        return web.json_response({"ok": True, "version": version})

    async def _durable(self, upto: int) -> None:
        """Wait until the log is fsynced up to record `upto`; concurrent requests share one fsync."""
        while self._synced < upto:
            if self._syncing is None or self._syncing.done():
                self._syncing = asyncio.ensure_future(self._sync_once(self.session.log.seq))
            await asyncio.shield(self._syncing)

    async def _sync_once(self, upto: int) -> None:
        await asyncio.get_event_loop().run_in_executor(self._disk, self.session.sync)
        self._synced = max(self._synced, upto)
        try:
            self.session.publish()
        except Exception:  # noqa: BLE001 - a listener's bug; the commands are on disk and are acknowledged
            log.exception("seat server: a session listener failed")

    async def _seat(self, request: web.Request) -> tuple[str, dict]:
        viewer = self._viewer(request)
        if self._kind(viewer) != "delegation":
            raise Refused(403, "Only a delegation's seat can seal or withdraw a move.")
        return viewer, await read_json(request)

    async def api_move(self, request: web.Request) -> web.Response:
        viewer, body = await self._seat(request)
        return await self._do(viewer, actions.move_command(body, viewer, self.session.state.turn))

    async def api_withdraw(self, request: web.Request) -> web.Response:
        viewer, body = await self._seat(request)
        return await self._do(viewer, actions.withdraw_command(body, viewer, self.session.state.turn))

    async def api_note(self, request: web.Request) -> web.Response:
        viewer = self._viewer(request)
        if viewer != "observer":
            raise Refused(403, "Only an observer's link can add observer notes.")
        return await self._do(viewer, actions.note_command(await read_json(request)))

    # ------------------------------------------------------------ live updates
    async def websocket(self, request: web.Request) -> web.StreamResponse:
        viewer = self.book.viewer_of(request.match_info.get("token", ""))
        if viewer is None and not self.guesses.allow(request.remote):
            raise Refused(429, "Too many wrong links from this device; wait a minute.")
        ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=1024)
        await ws.prepare(request)
        if viewer is None:
            await self._close_revoked(ws)
            return ws
        client = _Client(ws, viewer)
        self._clients.add(client)
        self._status_changed(viewer)
        try:
            self._push(client)  # the current view first, on every (re)connect
            async for msg in ws:  # clients only listen; anything they send is ignored
                if msg.type == WSMsgType.ERROR:
                    break
        finally:
            self._clients.discard(client)
            if client.task is not None and not client.task.done():
                client.task.cancel()
            self._status_changed(viewer)
        return ws

    def _status_changed(self, viewer: str) -> None:
        for listener in list(self.status_listeners):
            try:
                listener(viewer)
            except Exception:  # noqa: BLE001 - a listener's bug must not cut a student off
                log.exception("seat status listener failed")

    def _changed(self, events: list[dict]) -> None:
        """Session listener: every open page gets its viewer's new state, shortly and coalesced."""
        self._cache.clear()
        if self._flush_handle is None:
            loop = asyncio.get_event_loop()
            delay = max(PUSH_DELAY, self._last_flush + PUSH_INTERVAL - loop.time())
            self._flush_handle = loop.call_later(delay, self._flush)
        self._schedule_timer()

    def _flush(self) -> None:
        self._flush_handle = None
        self._last_flush = asyncio.get_event_loop().time()
        for client in list(self._clients):
            self._push(client)

    def _push(self, client: _Client) -> None:
        client.dirty = True
        if client.task is None or client.task.done():
            client.task = asyncio.ensure_future(self._pump(client))

    def _message(self, viewer: str) -> asyncio.Future:
        """The push for `viewer` now, rendered once however many of its devices are open."""
        now = self.clock()
        key = (viewer, self.session.state.events, int(now))
        fut = self._cache.get(key)
        if fut is None:
            # The view is taken here, on the loop, so the state never crosses to the render thread.
            view = with_clock(view_for(self.session.state, viewer), now)
            fut = asyncio.get_event_loop().run_in_executor(self._pool, self._encode, view,
                                                           self.book.token(viewer))
            self._cache[key] = fut
        return fut

    def _encode(self, view: dict, token: str) -> str:
        return json.dumps({"type": "view", "version": view["version"], "html": self.renderer.body(view, token)})

    async def _pump(self, client: _Client) -> None:
        """Send the latest view until the client is up to date; a stuck client is dropped."""
        while client.dirty and not client.ws.closed:
            client.dirty = False
            try:
                msg = await asyncio.shield(self._message(client.viewer))
                await asyncio.wait_for(client.ws.send_str(msg), SEND_TIMEOUT)
            except (asyncio.TimeoutError, ConnectionError, RuntimeError):
                await client.ws.close()
                return
            except Exception:  # noqa: BLE001 - e.g. a template bug: logged, the page keeps its last view
                log.exception("seat server: push to %s failed", client.viewer)
                return

    def _schedule_timer(self) -> None:
        """Log the countdown's expiry when its deadline passes (the session compares the clock)."""
        if self._timer_handle is not None:
            self._timer_handle.cancel()
            self._timer_handle = None
        left = self.session.timer_remaining()
        if left is None or self.session.state.timer["expired"]:
            return
        loop = asyncio.get_event_loop()
        self._timer_handle = loop.call_later(max(0.0, left) + 0.05, self._timer_due)

    def _timer_due(self) -> None:
        self._timer_handle = None
        try:
            if not self.session.check_timer():
                self._schedule_timer()  # the deadline moved (extended): wait again
        except Rejected:
            pass


def lan_address() -> str:
    """This machine's address on its main network (what students' devices can reach), else loopback.

    Connecting a UDP socket sends nothing; it only asks the kernel which interface it would use.
    """
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(("10.254.254.254", 9))
        return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        s.close()
