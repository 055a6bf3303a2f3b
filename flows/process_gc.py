"""The nightly flow's process: Python's garbage collector, set once start-up is over.

Run by `flows.report.import_charts_ahead`'s thread, right after the start-up
imports (Prefect's, matplotlib's), in the processes that call it: the CLI and
the pipeline benchmark. A deployment's run keeps Python's defaults.
"""

from __future__ import annotations

import gc

# Python's default is 700: a young collection for every 700 container objects allocated
# net. A batch of 400 tagged articles comes back from the workers as roughly a hundred
# thousand objects (terms, deals, parties), so the flow collected about a hundred times a
# batch and promoted the batch (alive while it loads) into the older generations, whose
# collections walk every object alive.
YOUNG_THRESHOLD = 10_000


def settle_after_startup() -> None:
    """Freeze what start-up built and collect the young generation less often.

    Start-up's objects (Prefect's and matplotlib's, some 180,000) live as long as the
    process. Frozen, the night's full collections no longer walk them: without this,
    the charting's import cost the flow 0.8 s more CPU a night than it saved (session
    15, A/B, 2 pairs).

    The higher young threshold halved the flow process's collection CPU (1.05 -> 0.51 s
    a 2,000-page night, session 15). It is safe for memory only because the flow empties
    the boxes its batches travel in once it has taken them (`flows.nightly._night`):
    Prefect's futures and task runs may sit in reference cycles, which wait for a
    collection, and with the boxes still full a 10,000-page night peaked at 1,004 MiB
    summed RSS against 891. Emptied, it peaked at 850-885 (session 16).
    """
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
