"""Opening the warehouse: migrations on read-write open, clear errors on lock conflicts.

DuckDB lets one process hold a file read-write and locks everyone else out,
readers included. Writers therefore open late and close early, and a lock
conflict is retried for a bounded time before it becomes a clear error.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path

import duckdb

DEFAULT_WAREHOUSE = Path("data") / "warehouse.duckdb"
LOCK_WAIT_S = 30.0


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened or used; the message says what to do."""


class WarehouseLocked(WarehouseError):
    """Another process holds the warehouse file."""


def default_warehouse_path() -> Path:
    return Path(os.environ.get("AINEWS_WAREHOUSE") or DEFAULT_WAREHOUSE)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """The block as one transaction: committed at its end, rolled back when it raises.

    Any exception rolls back, KeyboardInterrupt included, so a stopped run leaves
    no half-loaded batch. A failed COMMIT has ended the transaction already; the
    ROLLBACK after it would raise "no transaction is active" and hide the cause.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        with suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise


def _migrations() -> list[tuple[int, str, str]]:
    folder = resources.files("warehouse").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        m = re.fullmatch(r"(\d{3})_(\w+)\.sql", entry.name)
        if m:
            found.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def _views_sql() -> str:
    return resources.files("warehouse").joinpath("views.sql").read_text(encoding="utf-8")


_VIEW_NAME = re.compile(r"CREATE\s+OR\s+REPLACE\s+VIEW\s+(\w+)", re.IGNORECASE)


def _refresh_views(con: duckdb.DuckDBPyConnection, migrated: bool) -> bool:
    """Create the views from views.sql unless they are those already; returns whether it did.

    Re-creating them on every read-write open wrote the catalog, so each open,
    even one that only read (a known-URL check, a report), ended in a
    checkpoint: 66-76 ms per open and close against 41-46 ms without, about
    16 times a night. The stored digest says which views.sql made them; a view
    dropped by hand, or a migration just applied, re-creates them all too.
    """
    sql = _views_sql()
    digest = hashlib.sha256(sql.encode("utf-8")).hexdigest()
    if not migrated:
        stored = con.execute("SELECT digest FROM schema_views").fetchall()
        present = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE schema_name = 'main'").fetchall()}
        if stored == [(digest,)] and set(_VIEW_NAME.findall(sql)) <= present:
            return False
    with transaction(con):
        con.execute(sql)
        con.execute("DELETE FROM schema_views")
        con.execute("INSERT INTO schema_views VALUES (?)", [digest])
    return True


def migrate(con: duckdb.DuckDBPyConnection, target: int | None = None) -> list[int]:
    """Apply pending migrations (up to `target`), each in its own transaction; returns the versions applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name, sql in _migrations():
        if version in done or (target is not None and version > target):
            continue
        with transaction(con):
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        applied.append(version)
    if target is None:
        _refresh_views(con, migrated=bool(applied))
    return applied


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


LATEST_VERSION = max(v for v, _, _ in _migrations())


def _is_lock_error(e: Exception) -> bool:
    text = str(e)
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set lock" in text)


def connect(path: str | Path | None = None, *, read_only: bool = False,
            lock_wait_s: float | None = None, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; read-write opens create it and apply migrations.

    A file locked by another process is retried with backoff for `lock_wait_s`
    (default 30 s, or $AINEWS_LOCK_WAIT_S) before WarehouseLocked is raised.
    `threads` caps DuckDB's worker threads (default: one per core). The nightly
    flow loads its batches with one: the cores are busy extracting and tagging
    the next batches, and a batch's few hundred rows gain nothing from parallel
    scans, while coordinating the threads cost a tenth of the load's CPU.
    """
    if lock_wait_s is None:
        lock_wait_s = float(os.environ.get("AINEWS_LOCK_WAIT_S") or LOCK_WAIT_S)
    p = Path(path) if path is not None else default_warehouse_path()
    if read_only and not p.exists():
        raise WarehouseError(f"no warehouse at {p}: run `ainews demo` or `ainews run` first, or pass --warehouse")
    if not read_only:
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise WarehouseError(f"cannot create the folder for {p}: {e.strerror or e}") from None
    deadline = time.monotonic() + lock_wait_s
    delay = 0.1
    while True:
        try:
            con = duckdb.connect(str(p), read_only=read_only)
            break
        except duckdb.IOException as e:
            if not _is_lock_error(e):
                raise WarehouseError(f"cannot open warehouse {p}: {e}") from None
            if time.monotonic() >= deadline:
                raise WarehouseLocked(
                    f"warehouse {p} is locked by another process (a run, or an open `ainews sql`/DuckDB "
                    f"session); waited {lock_wait_s:g} s. Close the other session and try again."
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
        except duckdb.Error as e:
            raise WarehouseError(f"cannot open warehouse {p}: {e}") from None
    if threads is not None:
        # A setting, not the connection's config: another connection to the same file in this
        # process (the instance is shared) would refuse a different config.
        con.execute(f"SET threads = {max(1, int(threads))}")
    if not read_only:
        try:
            migrate(con)
        except duckdb.Error as e:
            con.close()
            raise WarehouseError(f"cannot migrate warehouse {p}: {e}") from None
    else:
        try:
            version = schema_version(con)
        except duckdb.Error:
            version = 0
        if version < LATEST_VERSION:
            con.close()
            raise WarehouseError(
                f"warehouse {p} has schema version {version}, this ainews needs {LATEST_VERSION}: "
                "run `ainews run` or `ainews reprocess` once to upgrade it (migrations apply on a read-write open)")
    return con


class RunLocked(WarehouseError):
    """Another nightly run is writing to this warehouse."""


@contextmanager
def run_lock(path: str | Path | None = None) -> Iterator[None]:
    """Hold `<warehouse>.lock` for a whole run, so two runs on one warehouse never interleave.

    DuckDB's own lock is held only while a batch loads (so readers get in
    between); this advisory lock covers the whole run. The second run is
    refused at once with the holder's pid, rather than waiting for hours.
    """
    p = Path(path) if path is not None else default_warehouse_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    lock_path = p.with_name(p.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            raise RunLocked(f"another ainews run is using {p} ({holder}); wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock, also when the process is killed
