"""Runs inside a worker process: which modules that process has imported."""

from __future__ import annotations

import sys


def imported(*names: str) -> dict[str, bool]:
    return {name: name in sys.modules for name in names}


class _Finalised:
    """Writes to its marker file when finalised: at the latest in the interpreter's teardown.
    The file is opened, and os.write kept, up front: in the teardown, builtins may be gone."""

    def __init__(self, marker: str) -> None:
        import os

        self.fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        self.write = os.write

    def __del__(self) -> None:
        self.write(self.fd, b"torn down")


_kept: list[_Finalised] = []


def leave_at_exit(teardown_marker: str, hook_marker: str) -> int:
    """Keep an object whose finaliser marks a teardown, and register an exit hook that marks its run."""
    import atexit
    import os

    _kept.append(_Finalised(teardown_marker))
    atexit.register(lambda: open(hook_marker, "w", encoding="utf-8").write("hook ran"))
    return os.getpid()


def die_on_poison(fetched: list) -> object:
    """extract_and_tag, except that a batch holding a URL with "poison" in it kills its worker
    process outright, as a crash in a C library would."""
    import os

    from flows.work import extract_and_tag

    if any("poison" in f.link.url for f in fetched):
        os._exit(70)
    return extract_and_tag(fetched)
