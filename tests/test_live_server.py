"""The delegates' page (`draftroom serve`), served by a real uvicorn in its own process and
read over HTTP: a change made by the CLI or in the room shows within a second on its
paragraph; the page works without JavaScript; nothing but reading gets through."""

from __future__ import annotations

import asyncio
import http.client
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from app.tui.app import DraftroomApp
from tests.pilot import go_to

from .conftest import run_module
from .live_client import Following, served


def test_the_page_shows_a_cli_change_within_a_second_on_its_paragraph(demo: Path):
    with served(demo) as address:
        page = httpx.get(address).text
        assert '<div data-part="OP3"><p class="para" id="OP3">' in page
        assert "[Agreed ad ref]" not in page.split('id="OP3"')[1].split("</p>")[0]
        following = Following(address)
        following.until(lambda u: u["full"])
        result = run_module("mark", demo, "OP3", "agreed ad ref")
        assert result.returncode == 0, result.stderr
        saved = time.monotonic()
        arrived = following.until(lambda u: "OP3" in u["html"])
        assert arrived - saved < 1.0
        assert "[Agreed ad ref]" in following.parts["OP3"]
        assert "[Agreed ad ref]" in httpx.get(address).text.split('id="OP3"')[1].split("</p>")[0]
        following.close()


async def test_the_page_marks_where_the_facilitator_is_and_shows_a_change_made_in_the_room(
    demo: Path,
):
    with served(demo) as address:
        following = Following(address)
        await asyncio.to_thread(following.until, lambda u: u["full"])
        app = DraftroomApp(demo)
        async with app.run_test(size=(160, 50)) as pilot:
            await go_to(pilot, "OP7")
            moved = time.monotonic()
            arrived = await asyncio.to_thread(following.until, lambda u: u["here"] == "OP7")
            assert arrived - moved < 1.0
            assert '<div data-part="OP7" class="here">' in httpx.get(address).text
            await go_to(pilot, "OP3")
            await pilot.press("m", "down", "enter")  # agreed ad ref
            await pilot.pause()
            saved = time.monotonic()
            arrived = await asyncio.to_thread(following.until, lambda u: "OP3" in u["html"])
            assert arrived - saved < 1.0
            assert following.here == "OP3"
            assert "[Agreed ad ref]" in following.parts["OP3"]
        await asyncio.to_thread(following.until, lambda u: u["here"] == "")  # the room left
        following.close()


def test_the_page_reloads_without_javascript_and_counts_open_brackets_per_section(demo: Path):
    with served(demo) as address:
        page = httpx.get(address).text
        assert '<noscript><meta http-equiv="refresh"' in page
        assert 'id="OP7-bis"' in page  # a link to a paragraph: #OP7-bis
        assert "25 open brackets" in page
        assert '<a href="#H4">A. Demand reduction and related measures</a>: 3' in page
        assert httpx.get(address + "live.js").headers["content-type"].startswith("text/javascript")
        assert httpx.head(address).status_code == 200


def test_the_server_refuses_anything_but_reading(demo: Path):
    with served(demo) as address:
        for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
            answer = httpx.request(method, address, content=b"x" if method != "DELETE" else None)
            assert answer.status_code == 405, method
            assert answer.headers["allow"] == "GET, HEAD"
        assert httpx.post(address + "events").status_code == 405
        assert httpx.request("GET", address, content=b"abc").status_code == 413
        where = urlsplit(address)
        for path in ("/../../etc/passwd", "/..%2f..%2fpyproject.toml", "/paragraphs.toml",
                     "/live.js/../paragraphs.toml", "/%2e%2e/draft.toml", "/revisions/"):  # fmt: skip
            connection = http.client.HTTPConnection(where.hostname, where.port, timeout=5)
            connection.request("GET", path)  # (sent as written: no client tidies it)
            answer = connection.getresponse()
            body = answer.read().decode()
            assert answer.status == 404, path
            assert "[[paragraph]]" not in body and "root:" not in body
            connection.close()
        foreign = httpx.get(address, headers={"host": "attacker.example"})
        assert foreign.status_code == 403  # (DNS rebinding: only the loopback's own name)
        assert (demo / ".draftroom.lock").exists() is False


def test_a_server_on_another_host_needs_its_token_on_every_request(demo: Path):
    with served(demo, "--host", "0.0.0.0") as address:
        assert "?token=" in address
        base, token = address.split("?token=")
        local = base.replace("0.0.0.0", "127.0.0.1")
        assert httpx.get(local).status_code == 401
        assert httpx.get(local + "events").status_code == 401
        assert httpx.get(local + "live.js").status_code == 401
        wrong = token[:-1] + ("y" if token.endswith("x") else "x")  # (one in 64 ends in x)
        assert httpx.get(local + "?token=" + wrong).status_code == 401
        assert httpx.get(f"{local}?token={token}").status_code == 200
        bearer = {"authorization": f"Bearer {token}"}
        assert httpx.get(local + "live.js", headers=bearer).status_code == 200
        assert f"/live.js?token={token}" in httpx.get(f"{local}?token={token}").text


def test_too_many_pages_are_told_to_come_back(demo: Path):
    with served(demo, "--clients", "1") as address:
        first = Following(address)
        first.until(lambda u: u["full"])
        assert httpx.get(address + "events").status_code == 503
        first.close()


def test_serving_a_folder_that_is_no_draft_is_refused_before_listening(tmp_path: Path):
    result = run_module("serve", tmp_path / "nothing", "--port", "0")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "nothing" in result.stderr
    short = run_module("serve", tmp_path, "--host", "0.0.0.0", "--token", "short")
    assert short.returncode == 2 and "12 characters" in short.stderr
