"""Start-up with the garbage collector off.

Importing aiogram and the rest builds a few hundred thousand objects that live as long as the
process, and the collections they set off cost ~0.7 s of start-up while finding next to nothing
to free (~2,000 objects). So the bot and the terminal chat start with the collector off; once
everything is loaded, `settle` moves it all out of the collector's sight (every full collection
would walk it again) and turns collection back on. (No collection first: it would cost a fifth
of a second.)
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_off_during_start_up() -> Iterator[None]:
    """Off until `settle`; back on however start-up ends (a caller in the same process keeps its collector)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def settle() -> None:
    """Only after `collector_off_during_start_up`: a caller that kept its collector on (tests
    driving the chat in-process) keeps its heap as it was."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
