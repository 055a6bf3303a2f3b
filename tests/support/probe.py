"""Runs inside a worker process: which modules that process has imported."""

from __future__ import annotations

import sys


def imported(*names: str) -> dict[str, bool]:
    return {name: name in sys.modules for name in names}
