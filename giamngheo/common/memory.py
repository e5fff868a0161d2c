"""The cyclic garbage collector paused around work that makes a great many objects and no cycles.

Laying out a long PDF (hundreds of thousands of boxes and styles) and checking an import (an object for every row,
cell and message) both make the collector walk a growing heap again and again, for nothing to free: half the time of
a province's list, a third of a large import's checks (docs/performance.md). Memory is still freed as usual by
reference counting; only cycles wait for the next collection once the block ends.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_collector_lock = threading.Lock()
_collector_holders = 0
_collector_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, and put it back as it was when the last such block of any
    thread ends (two documents rendered at once in two threads must not turn it back on under each other)."""
    global _collector_holders, _collector_was_enabled
    with _collector_lock:
        if _collector_holders == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _collector_holders += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_holders -= 1
            if _collector_holders == 0 and _collector_was_enabled:
                gc.enable()
