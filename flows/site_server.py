"""Local HTTP server for the bundled sample news site.

`ainews demo` and the tests crawl this server exactly as they would crawl the
web: over a real socket, with robots.txt, feeds, sitemaps, charsets and 404s.
Pages are rendered once the port is known, so every absolute URL in them points
back at this server. The server records each request path (`server.requests`)
so tests can assert what the crawler did and did not fetch (e.g. /private/).

Run by hand with `python -m flows.site_server [--port N]`.
"""

from __future__ import annotations

import argparse
import hashlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from flows.site import SitePage, build_site


class SiteServer(ThreadingHTTPServer):
    """A threading HTTP server that serves a fixed dict of pre-rendered pages."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.requests: list[str] = []  # request targets, in arrival order
        self._lock = threading.Lock()
        self.base_url = f"http://{_host_for_url(host)}:{self.server_address[1]}"
        self.pages: dict[str, SitePage] = build_site(self.base_url)

    def record(self, target: str) -> None:
        with self._lock:
            self.requests.append(target)


class SiteURL(str):
    """The base URL (a plain str to callers) that also carries its server."""

    server: SiteServer

    def __new__(cls, server: SiteServer) -> SiteURL:
        obj = super().__new__(cls, server.base_url)
        obj.server = server
        return obj

    @property
    def requests(self) -> list[str]:
        return self.server.requests


@contextmanager
def serve_site(host: str = "127.0.0.1", port: int = 0) -> Iterator[SiteURL]:
    """Serve the sample site in a daemon thread; yield its base URL.

    The yielded value is a `str` such as "http://127.0.0.1:54321"; its `.server`
    attribute is the running `SiteServer` (with `.requests`).
    """
    server = SiteServer(host, port)
    thread = threading.Thread(target=server.serve_forever, name="sample-site", daemon=True)
    thread.start()
    try:
        yield SiteURL(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"
    server_version = "ainews-sample-site/1.0"

    def setup(self) -> None:
        super().setup()
        # Without this, keep-alive + Nagle + delayed ACK stall each request ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # quiet: tests and the demo read server.requests instead

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def _respond(self, with_body: bool) -> None:
        self.server.record(self.path)
        page = self.server.pages.get(urlsplit(self.path).path)
        if page is None:
            body = b"<!DOCTYPE html><title>404 Not Found</title><h1>404 Not Found</h1>\n"
            self._send(404, body, "text/html; charset=utf-8", {}, with_body)
            return
        etag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
        headers = {"ETag": etag, "Cache-Control": "max-age=300"}
        if page.last_modified is not None:
            headers["Last-Modified"] = _http_date(page.last_modified)
        if self._not_modified(etag, page):
            self._send(304, b"", None, headers, with_body=False)
            return
        self._send(200, page.body, page.content_type, headers, with_body)

    def _not_modified(self, etag: str, page: SitePage) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims and page.last_modified is not None:
            try:
                return page.last_modified.replace(microsecond=0) <= parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, status: int, body: bytes, ctype: str | None, headers: dict[str, str],
              with_body: bool) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if with_body and body:
            self.wfile.write(body)


def _http_date(dt: datetime) -> str:
    return format_datetime(dt.astimezone(timezone.utc), usegmt=True)


def _host_for_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the ainews sample news site.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    args = parser.parse_args(argv)
    with serve_site(args.host, args.port) as url:
        print(f"Sample news site at {url}/  (feeds: {url}/bj/index.xml, {url}/itm/rss.xml; "
              f"sitemap: {url}/sitemap.xml). Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")


if __name__ == "__main__":
    main()
