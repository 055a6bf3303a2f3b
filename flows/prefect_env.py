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
from collections.abc import Iterator
from contextlib import contextmanager

OFFLINE_DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "240",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",  # Prefect's client telemetry: nothing to send offline
}


def apply_offline_defaults() -> None:
    for key, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)


# The setting a user sets to choose heartbeats themselves; left alone when set.
HEARTBEAT_ENV = "PREFECT_FLOWS_HEARTBEAT_FREQUENCY"


@contextmanager
def local_run_settings() -> Iterator[bool]:
    """No flow-run heartbeats for a run against Prefect's temporary API; whether they were turned off.

    A heartbeat lets a Prefect server mark a run crashed when its process dies
    without a word. The temporary API dies with this process, so nothing ever
    reads them. And each costs a second: the engine joins the heartbeat thread
    at the end of every flow run, and the thread sleeps in one-second steps
    (an empty flow: 1.09 s a run with them, 0.10 s without, measured here).
    With a Prefect server configured (PREFECT_API_URL, in the environment or
    the profile), or the setting chosen by the user (in the environment or the
    profile), nothing changes: a deployment's runs keep their heartbeats.
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    if PREFECT_API_URL.value() or _heartbeats_chosen():
        yield False
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield True


def _heartbeats_chosen() -> bool:
    """Whether the user set the heartbeat frequency: in the environment, or in the active
    Prefect profile (`prefect config set PREFECT_FLOWS_HEARTBEAT_FREQUENCY=...`)."""
    if os.environ.get(HEARTBEAT_ENV):
        return True
    from prefect.settings.profiles import load_current_profile

    try:
        profile = load_current_profile()
    except (OSError, RuntimeError, ValueError):  # no readable profiles file: nothing chosen there
        return False
    return any(getattr(setting, "name", setting) == HEARTBEAT_ENV for setting in profile.settings)
