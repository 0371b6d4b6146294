"""`draftroom serve DRAFT`: the delegates' page, live, read-only.

Starlette (routes, responses) served by uvicorn, with server-sent events from
`sse-starlette` (pings, disconnects, a send timeout for a stuck client). Chosen over
aiohttp because the ASGI pieces are each maintained on their own and Starlette's test
ergonomics are plain HTTP; SSE over a websocket because the page only listens, it works
through proxies as plain HTTP, and the browser reconnects by itself (``Last-Event-ID``).

One :class:`LiveDraft` follows the draft (:class:`app.live.watch.DraftWatch`), builds the
page once per change and hands the same update (the parts that changed, as JSON, encoded
as an event once) to every client's queue: the cost of a change is one read and one render
whatever the number of clients, and the facilitator's process is never asked anything.
Both are of what the save changed: the read parses again only the paragraphs whose
section of the file changed, the render lays out only those (:class:`app.live.page.Memo`);
on the 2,000-paragraph draft a save costs the server ~25 ms of CPU instead of ~0.9 s. A client that falls
`BACKLOG` updates behind gets the whole page once, instead of a queue that grows.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path

import uvicorn
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from app import session
from app.core.errors import DraftroomError
from app.live.guard import LOOPBACK, Guard
from app.live.page import Memo, Page, build, delta, document, locate
from app.live.watch import DraftWatch, Update

#: How many updates a client may lag before it is sent the whole page instead.
BACKLOG = 16
#: The most pages following at once (more are told to come back: 503).
CLIENTS = 200
#: How much lower than the room the server runs (a save waits for no page; `make
#: bench-live`: the facilitator's save time grows ~30% under 50 pages without it).
NICE = 10
#: A request's head (request line and headers) may not be longer than this.
HEAD_SIZE = 16 * 1024
_RESYNC = b""
"""An update in a client's queue meaning: you fell behind, take the whole page."""


@dataclass(slots=True, eq=False)
class _Client:
    queue: asyncio.Queue[bytes]


class LiveDraft:
    """The page of one draft as it stands, and the clients following it."""

    def __init__(self, folder: Path, *, clients: int = CLIENTS) -> None:
        self.watch = DraftWatch(folder)
        self.page = Page("")
        self.memo = Memo()
        """What the page laid out last: a save lays out again only what it changed."""
        self.clients: set[_Client] = set()
        self.limit = clients
        self.ready = asyncio.Event()

    async def follow(self, stop: asyncio.Event) -> None:
        """Apply every update of the draft to the page and pass it on to the clients."""
        async for update in self.watch.updates(stop):
            self.publish(await self._next_page(update))

    async def _next_page(self, update: Update) -> Page:
        before = self.page
        if update.draft is not None and (update.draft_changed or before.sheet is None):
            page = await asyncio.to_thread(build, update.draft, self.memo)
        else:
            page = replace(before, parts=dict(before.parts))
        page.problem = update.problem
        page.here = locate(page, update.position.paragraph if update.position else None)
        page.version = before.version + 1
        return page

    def publish(self, page: Page) -> None:
        """Make `page` current and queue the update to it for every client."""
        message = _event(delta(self.page, page), page.version)  # (encoded once for all)
        self.page = page
        self.ready.set()
        for client in self.clients:
            try:
                client.queue.put_nowait(message)
            except asyncio.QueueFull:
                while not client.queue.empty():
                    client.queue.get_nowait()
                client.queue.put_nowait(_RESYNC)

    def join(self, last_seen: str | None) -> tuple[_Client, bytes | None]:
        """A new client, and the whole page unless it already shows this version; taken
        in one step, so no update falls between the page it gets and its queue."""
        client = _Client(asyncio.Queue(BACKLOG))
        self.clients.add(client)
        first = None
        if last_seen != str(self.page.version):
            first = _event(delta(None, self.page), self.page.version)
        return client, first

    async def stream(self, client: _Client, first: bytes | None) -> AsyncIterator[bytes]:
        """The client's events until it leaves."""
        try:
            if first is not None:
                yield first
            while True:
                message = await client.queue.get()
                if message == _RESYNC:
                    message = _event(delta(None, self.page), self.page.version)
                yield message
        finally:
            self.clients.discard(client)


def _event(message: str, version: int) -> bytes:
    """An update as the event stream carries it (sse-starlette sends bytes as they are)."""
    return ServerSentEvent(message, event="page", id=str(version)).encode()


def application(folder: Path, *, token: str = "", clients: int = CLIENTS) -> Guard:
    """The page's ASGI application: `/` (the page), `/events` (its updates), `/live.js`."""
    live = LiveDraft(folder, clients=clients)
    script = files("app.live").joinpath("live.js").read_bytes()

    async def page(request: Request) -> Response:
        await asyncio.wait_for(live.ready.wait(), 10)
        return HTMLResponse(document(live.page, token))

    async def events(request: Request) -> Response:
        if request.method == "HEAD":
            return Response(media_type="text/event-stream")
        if len(live.clients) >= live.limit:
            return PlainTextResponse("too many pages follow this draft: try again later\n", 503)
        await asyncio.wait_for(live.ready.wait(), 10)
        seen = request.headers.get("last-event-id") or request.query_params.get("since")
        client, first = live.join(seen)
        return EventSourceResponse(
            live.stream(client, first), ping=15, send_timeout=10,
            headers={"X-Accel-Buffering": "no"},
        )  # fmt: skip

    async def live_js(request: Request) -> Response:
        return Response(script, media_type="text/javascript")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        following = asyncio.create_task(live.follow(stop))
        try:
            yield
        finally:
            stop.set()
            following.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await following

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/events", events, methods=["GET"]),
        Route("/live.js", live_js, methods=["GET"]),
    ]
    return Guard(Starlette(routes=routes, lifespan=lifespan), token=token)


def listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound (port 0: any free port, read back from the socket)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as error:
        sock.close()
        raise DraftroomError(
            f"cannot listen on {host}:{port}: {error.strerror}",
            hint="choose another --port (0: any free one), or another --host",
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def is_local(host: str) -> bool:
    return host in LOOPBACK


def serve(
    folder: Path, *, host: str, port: int, token: str, clients: int = CLIENTS,
    announce: Callable[[str], None] = print,
) -> None:  # fmt: skip
    """Serve the draft's page until interrupted; `announce` is told the address."""
    session.read(folder)  # (a folder that is no draft is refused before anything listens)
    with contextlib.suppress(OSError):
        os.nice(NICE)  # the facilitator's room, on the same machine, comes first
    sock = listen(host, port)
    bound = sock.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    announce(f"http://{shown}:{bound}/" + (f"?token={token}" if token else ""))
    config = uvicorn.Config(
        application(folder, token=token, clients=clients), log_level="warning",
        access_log=False, limit_concurrency=clients + 32, timeout_graceful_shutdown=1,
        h11_max_incomplete_event_size=HEAD_SIZE, lifespan="on",
    )  # fmt: skip
    uvicorn.Server(config).run(sockets=[sock])
