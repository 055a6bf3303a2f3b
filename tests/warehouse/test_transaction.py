"""warehouse.db.transaction on a real DuckDB file: commit, rollback, and a failed COMMIT's own error."""

from __future__ import annotations

import duckdb
import pytest

from warehouse.db import transaction


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "t.duckdb"
    con = duckdb.connect(str(p))
    con.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
    con.close()
    return str(p)


def _keys(path: str) -> list[int]:
    con = duckdb.connect(path, read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT k FROM t ORDER BY k").fetchall()]
    finally:
        con.close()


def test_the_block_is_committed_at_its_end(path):
    con = duckdb.connect(path)
    with transaction(con):
        con.execute("INSERT INTO t VALUES (1), (2)")
    con.close()
    assert _keys(path) == [1, 2]


@pytest.mark.parametrize("error", [ValueError("bad row"), KeyboardInterrupt()])
def test_an_exception_rolls_the_whole_block_back_and_propagates(path, error):
    con = duckdb.connect(path)
    with pytest.raises(type(error)):
        with transaction(con):
            con.execute("INSERT INTO t VALUES (1)")
            raise error
    con.execute("INSERT INTO t VALUES (3)")  # the connection is usable, outside any transaction
    con.close()
    assert _keys(path) == [3]


def test_a_failed_commit_raises_its_own_error_not_the_rollbacks(path):
    con = duckdb.connect(path)
    other = con.cursor()
    other.execute("BEGIN TRANSACTION")
    other.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(duckdb.TransactionException, match="constraint"):
        with transaction(con):
            con.execute("INSERT INTO t VALUES (1)")
            other.execute("COMMIT")  # the other writer commits first: this COMMIT must fail
    con.close()
    assert _keys(path) == [1]
