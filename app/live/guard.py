"""What the delegates' page lets through: reading, and nothing else.

An ASGI middleware in front of every route (one place, so no route can forget a rule):
- only GET and HEAD; anything else is 405 (with ``Allow``), whatever the path;
- no request body (413), a path without ``..``, backslashes or NUL (404: the routes are
  fixed names, never a path into the file system, and there is no listing);
- on a host other than this machine's loopback, the token (``?token=`` or
  ``Authorization: Bearer``) on every request, compared in constant time (401 without);
- on the loopback without a token, a ``Host`` header naming the loopback (403 otherwise:
  a web page elsewhere cannot reach the server through DNS rebinding);
- answers that say not to sniff, frame, cache or pass the address on (the token is in it).
"""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
        b"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
]


class Guard:
    """The rules above, around the page's application."""

    def __init__(self, app: ASGIApp, *, token: str = "") -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            status, text, extra = refusal
            response = PlainTextResponse(text + "\n", status, headers=extra)
            await response(scope, receive, _secured(send))
            return
        await self.app(scope, receive, _secured(send))

    def _refusal(self, scope: Scope) -> tuple[int, str, dict[str, str]] | None:
        """Why the request is refused (status, words, headers), or None."""
        if scope["method"] not in ("GET", "HEAD"):
            return 405, "this page is read-only: GET and HEAD only", {"Allow": "GET, HEAD"}
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("content-length", "0") not in ("", "0") or "transfer-encoding" in headers:
            return 413, "a request to this page carries no body", {}
        raw = scope.get("raw_path") or scope["path"].encode()
        path = raw.decode("latin-1").lower()
        if ".." in path or "%2e%2e" in path or "\\" in path or "%5c" in path or "%00" in path:
            return 404, "not found", {}
        if self.token:
            given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])
            bearer = headers.get("authorization", "")
            offered = bearer[7:] if bearer.lower().startswith("bearer ") else given[-1]
            if not secrets.compare_digest(offered.encode(), self.token.encode()):
                return 401, "this page needs its token: open the address the server printed", {}
        else:
            host = headers.get("host", "")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in LOOPBACK:
                return 403, "this server answers on this machine's loopback only", {}
        return None


def _secured(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *_HEADERS]
        await send(message)

    return sending
