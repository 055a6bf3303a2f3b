"""The DuckDB warehouse: schema, migrations, idempotent bulk loads, views and read-only queries.

The only package that writes SQL.
"""

from warehouse.db import WarehouseError, WarehouseLocked, connect, default_warehouse_path

__all__ = ["WarehouseError", "WarehouseLocked", "connect", "default_warehouse_path"]
