"""Fetching against a real local server that misbehaves on purpose."""

from __future__ import annotations

import time

import pytest

from extract.config import FetchSettings
from extract.fetch import Fetcher
from tests.support.httpserver import base_url, free_port, send, serve

ARTICLE = "<html><head><title>記事</title></head><body><p>本文です。</p></body></html>".encode()


def settings(**overrides) -> FetchSettings:
    values = dict(user_agent="ainews-test", timeout_s=2.0, connect_timeout_s=1.0, min_interval_s=0.0,
                  retries=1, max_redirects=3, max_bytes=100_000, allow_private=("127.0.0.1",))
    values.update(overrides)
    return FetchSettings(**values)


def ok_page(h):
    send(h, 200, ARTICLE)


def robots(text: str):
    return lambda h: send(h, 200, text.encode(), "text/plain")


def test_plain_page_is_ok_and_logged():
    with serve({"/a.html": ok_page}) as srv, Fetcher(settings()) as f:
        r = f.fetch(base_url(srv) + "/a.html", source="s")
        log = f.drain_log()
    assert r.outcome == "ok" and r.status == 200 and r.body == ARTICLE
    assert [(x.purpose, x.outcome) for x in log] == [("robots", "http_error"), ("page", "ok")]
    assert log[0].status == 404  # no robots.txt: everything allowed


def test_robots_disallow_is_honoured_and_page_never_requested():
    routes = {"/robots.txt": robots("User-agent: *\nDisallow: /private/\n"), "/private/x.html": ok_page}
    with serve(routes) as srv, Fetcher(settings()) as f:
        r = f.fetch(base_url(srv) + "/private/x.html", source="s")
    assert r.outcome == "robots"
    assert "/private/x.html" not in srv.requests


def test_server_error_is_retried_then_succeeds():
    calls = []

    def flaky(h):
        calls.append(1)
        if len(calls) == 1:
            send(h, 503, b"busy", headers={"Retry-After": "0"})
        else:
            ok_page(h)

    with serve({"/a.html": flaky}) as srv, Fetcher(settings(), backoff_s=0.01) as f:
        r = f.fetch(base_url(srv) + "/a.html", source="s")
    assert r.outcome == "ok" and len(calls) == 2


def test_persistent_404_is_http_error_with_status():
    with serve({}) as srv, Fetcher(settings()) as f:
        r = f.fetch(base_url(srv) + "/missing.html", source="s")
    assert (r.outcome, r.status) == ("http_error", 404)


def test_declared_oversize_body_is_refused():
    big = b"<html><body>" + b"x" * 200_000 + b"</body></html>"
    with serve({"/big.html": lambda h: send(h, 200, big)}) as srv, Fetcher(settings()) as f:
        r = f.fetch(base_url(srv) + "/big.html", source="s")
    assert r.outcome == "too_large"


def test_redirect_loop_stops():
    routes = {"/a": lambda h: send(h, 302, headers={"Location": "/b"}),
              "/b": lambda h: send(h, 302, headers={"Location": "/a"})}
    with serve(routes) as srv, Fetcher(settings()) as f:
        r = f.fetch(base_url(srv) + "/a", source="s")
    assert r.outcome == "too_many_redirects"


def test_redirect_to_link_local_metadata_address_is_blocked():
    routes = {"/a": lambda h: send(h, 302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})}
    with serve(routes) as srv, Fetcher(settings()) as f:
        r = f.fetch(base_url(srv) + "/a", source="s")
    assert r.outcome == "blocked_address"


def test_loopback_is_refused_unless_allowed():
    with serve({"/a.html": ok_page}) as srv, Fetcher(settings(allow_private=())) as f:
        r = f.fetch(base_url(srv) + "/a.html", source="s")
    assert r.outcome == "blocked_address"
    assert srv.requests == []  # nothing reached the server, robots.txt included


def test_pdf_served_as_page_is_not_html():
    with serve({"/a.html": lambda h: send(h, 200, b"%PDF-1.4 ...", "application/pdf")}) as srv, \
            Fetcher(settings()) as f:
        r = f.fetch(base_url(srv) + "/a.html", source="s")
    assert r.outcome == "not_html"


def test_slow_server_times_out():
    def slow(h):
        time.sleep(3)
        ok_page(h)

    with serve({"/slow.html": slow}) as srv, Fetcher(settings(timeout_s=0.5, retries=0)) as f:
        r = f.fetch(base_url(srv) + "/slow.html", source="s")
    assert r.outcome == "timeout"


def test_empty_body_is_reported():
    with serve({"/e.html": lambda h: send(h, 200, b"  ")}) as srv, Fetcher(settings()) as f:
        r = f.fetch(base_url(srv) + "/e.html", source="s")
    assert r.outcome == "empty"


def test_connection_refused_is_network_error():
    port = free_port()
    with Fetcher(settings(retries=0)) as f:
        r = f.fetch(f"http://127.0.0.1:{port}/a.html", source="s")
    assert r.outcome in ("network_error", "robots")
    # robots.txt is unreachable too, so the page is refused by robots rules or by the network
    assert r.outcome != "ok"


@pytest.mark.parametrize("per_host", [1, 2])
def test_per_host_concurrency_is_bounded(per_host):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    active, peak, lock = [0], [0], threading.Lock()

    def tracked(h):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.1)
        with lock:
            active[0] -= 1
        ok_page(h)

    routes = {f"/p{i}.html": tracked for i in range(6)}
    with serve(routes) as srv, Fetcher(settings(per_host_concurrency=per_host)) as f:
        with ThreadPoolExecutor(6) as pool:
            results = list(pool.map(lambda i: f.fetch(f"{base_url(srv)}/p{i}.html", source="s"), range(6)))
    assert all(r.ok for r in results)
    assert peak[0] == per_host


def test_memory_validator_store_is_a_validator_store():
    from extract.validators import MemoryValidatorStore, ValidatorStore

    store = MemoryValidatorStore()
    assert isinstance(store, ValidatorStore)
    store.put("u", '"e"', None)
    assert store.get("u") == ('"e"', None) and len(store) == 1
    store.put("u", None, None)
    assert store.get("u") is None and len(store) == 0


def test_cookies_a_site_sets_are_never_sent_back():
    """Metered paywalls count free articles in cookies: a crawler that kept them would be
    metered, and a page would depend on what was fetched before it."""
    def sets_cookie(h):
        send(h, 200, ARTICLE, headers={"Set-Cookie": "meter=1; Path=/"})

    with serve({"/a.html": sets_cookie, "/b.html": ok_page}) as srv, Fetcher(settings()) as f:
        first = f.fetch(base_url(srv) + "/a.html", source="s")
        second = f.fetch(base_url(srv) + "/b.html", source="s")
        jar = list(f.client.cookies.jar)
    assert first.outcome == "ok" and second.outcome == "ok"
    pages = [s for s in srv.seen if s.path in ("/a.html", "/b.html")]
    assert [s.path for s in pages] == ["/a.html", "/b.html"]
    assert all("cookie" not in s.headers for s in pages)
    assert jar == []
