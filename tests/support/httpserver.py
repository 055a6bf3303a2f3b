"""A real HTTP server on 127.0.0.1 whose routes can misbehave on purpose.

Each route is a function (handler) -> None that writes the raw response, so a
test can send a wrong charset, a redirect loop, a slow drip or a reset socket,
exactly as a broken site would.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"",
         content_type: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
    """Write a whole response in one go (headers and body together: no Nagle stall)."""
    lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}"]
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    for k, v in (headers or {}).items():
        lines.append(f"{k}: {v}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    handler.wfile.write(head + (body if handler.command != "HEAD" else b""))
    handler.wfile.flush()


def send_head(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str]) -> None:
    """Write only a status line and headers; the route writes (or withholds) the body itself."""
    lines = [f"HTTP/1.1 {status} X", *(f"{k}: {v}" for k, v in headers.items())]
    handler.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    handler.wfile.flush()


def drip(handler: BaseHTTPRequestHandler, data: bytes, every_s: float, limit_s: float = 10.0) -> None:
    """Write `data` one byte at a time, `every_s` apart, until done, the client leaves or `limit_s` passes."""
    end = time.monotonic() + limit_s
    try:
        for i in range(len(data)):
            if time.monotonic() > end:
                break
            handler.wfile.write(data[i:i + 1])
            handler.wfile.flush()
            time.sleep(every_s)
    except OSError:
        pass
    handler.close_connection = True


def reset(handler: BaseHTTPRequestHandler) -> None:
    """Abort the connection with a TCP RST (SO_LINGER 0), as a crashing proxy would."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


def hang_up(handler: BaseHTTPRequestHandler) -> None:
    """Close the connection normally (FIN) after whatever was written."""
    handler.close_connection = True
    try:
        handler.connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


@dataclass(frozen=True, slots=True)
class Seen:
    """One request as the server received it."""

    path: str
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    at: float = 0.0  # time.monotonic()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.requests.append(self.path)
            self.server.seen.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()},
                                         time.monotonic()))
        route = self.server.routes.get(path)
        if route is None:
            send(self, 404, b"not found", "text/plain")
            return
        route(self)

    do_HEAD = do_GET


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, routes: dict[str, Route], host: str = "127.0.0.1") -> None:
        super().__init__((host, 0), _Handler)
        self.routes = routes
        self.requests: list[str] = []
        self.seen: list[Seen] = []
        self.lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # broken pipes and resets are what these routes are for

    def count(self, path: str) -> int:
        with self.lock:
            return sum(1 for p in self.requests if p.split("?", 1)[0] == path)


@contextmanager
def serve(routes: dict[str, Route], host: str = "127.0.0.1") -> Iterator[_Server]:
    server = _Server(routes, host)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def base_url(server: _Server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (for servers to start, or for refused connections)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
