"""Request guards: every refusal is a plain-sentence 4xx that writes nothing; nothing internal leaks.

One middleware wraps every request. It refuses cross-site and oversized state-changing requests
before a handler runs, rate-limits each client, and turns any error (including the server's own
bugs) into a short JSON body, or an HTML page for a page URL: never a traceback or a path.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit

from aiohttp import web

#: Largest request body accepted (a move's rationale fits many times over).
MAX_BODY = 16 * 1024
log = logging.getLogger("wargame.seats")


class Refused(Exception):
    """A request the server turns down with `status` and a sentence the user can act on."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


_STATUS_TEXT = {
    400: "The request is not one this server understands.",
    403: "Not allowed.",
    404: "There is nothing here. Ask Control for your table's link or join code.",
    405: "That method is not allowed here.",
    413: f"The request is too large (at most {MAX_BODY // 1024} KiB).",
    415: "Send JSON (Content-Type: application/json).",
    429: "Too many requests; wait a moment and try again.",
}


def wants_json(request: web.Request) -> bool:
    return request.method != "GET" or request.path.startswith(("/api/", "/ws/", "/static/"))


def same_origin(request: web.Request) -> bool:
    """The Origin (or, failing that, the Referer) names this very server: not a cross-site post."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return False
    try:
        parts = urlsplit(source)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc.lower() == (request.host or "").lower()


async def read_json(request: web.Request) -> dict:
    """The body of a state-changing API request as a JSON object, after the size and type checks."""
    if request.content_type != "application/json":
        raise Refused(415, "Send JSON (Content-Type: application/json).")
    body = await request.read()  # the app's client_max_size refuses anything over MAX_BODY with 413
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused(400, "The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise Refused(400, "The body must be a JSON object.")
    return data


def make_middleware(render_error, limiter_for):
    """`render_error(status, message)` draws the HTML error page; `limiter_for(request)` -> bool allows it."""

    @web.middleware
    async def guard(request: web.Request, handler):
        try:
            if not limiter_for(request):
                raise Refused(429, _STATUS_TEXT[429])
            if request.method == "POST":
                if not same_origin(request):
                    raise Refused(403, "Refused: the request did not come from this server's own pages.")
                length = request.content_length
                if length is not None and length > MAX_BODY:
                    raise Refused(413, _STATUS_TEXT[413])
            response = await handler(request)
        except Refused as e:
            return _error(request, e.status, e.message, render_error)
        except web.HTTPException as e:
            if e.status < 400:
                raise  # redirects are answers, not errors
            return _error(request, e.status, _STATUS_TEXT.get(e.status, "The request was refused."), render_error)
        except Exception:  # noqa: BLE001 - a bug of ours: logged here, never shown to the client
            log.exception("seat server: %s %s failed", request.method, request.path)
            return _error(request, 500, "The server could not handle this request; Control can see why.",
                          render_error)
        if not response.prepared:  # a WebSocket has sent its headers already
            _secure(response)
        return response

    return guard


def _error(request, status: int, message: str, render_error) -> web.Response:
    if wants_json(request):
        response = web.json_response({"error": message}, status=status)
    else:
        response = web.Response(text=render_error(status, message), status=status, content_type="text/html")
    return _secure(response)


def _secure(response):
    h = response.headers
    # Seat links are secrets in the URL: never sent to another site, never cached, never framed.
    h.setdefault("Referrer-Policy", "no-referrer")
    h.setdefault("Cache-Control", "no-store")
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                 "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
    return response
