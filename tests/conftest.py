"""Session-wide fixtures: one Prefect test harness and one sample-site server for the whole run.

`prefect_test_harness()` costs ~20 s (a fresh database, migrated), so it is
started once, and only when a test asks for it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from flows.prefect_env import apply_offline_defaults

# Before Prefect is imported: the settings the CLI gives a machine with no Prefect server.
apply_offline_defaults()
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# CLI runs in tests extract and tag on threads: worker processes cost seconds to start and
# the sample site is small. tests/flows/test_task_runners.py covers processes and Dask.
os.environ.setdefault("AINEWS_TASK_RUNNER", "threads")


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def sample_site() -> Iterator:
    """The bundled sample news site on a real socket; yields the server (with .base_url)."""
    from flows.site_server import serve_site

    with serve_site("127.0.0.1", 0) as base_url:
        yield base_url
