"""The DuckDB warehouse: schema, migrations, idempotent bulk loads, views and read-only queries.

The only package that writes SQL.
"""

from warehouse.db import RunLocked, WarehouseError, WarehouseLocked, connect, default_warehouse_path, run_lock

__all__ = ["RunLocked", "WarehouseError", "WarehouseLocked", "connect", "default_warehouse_path", "run_lock"]
