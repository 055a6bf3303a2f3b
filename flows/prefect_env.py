"""Prefect settings for a machine with no Prefect server and no internet, applied before
Prefect is imported; a user's own settings (environment variables) win.

Without them a fresh machine's first run can fail or shout: a fresh PREFECT_HOME
migrates its database while Prefect's temporary API server starts, which can take
far longer than the 20 s Prefect waits for it, and the server's telemetry heartbeat,
writing to that database while the run does, logged a 'database is locked'
traceback in the middle of the pipeline benchmark's output.
"""

from __future__ import annotations

import os

OFFLINE_DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "240",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",  # Prefect's client telemetry: nothing to send offline
}


def apply_offline_defaults() -> None:
    for key, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)
