"""Memory after building the dialogue: what training used goes back to the OS, and what the bot
will keep stays out of the garbage collector's way."""

from __future__ import annotations

import ctypes
import gc


def settle(*, trained: bool) -> None:
    """Call after building a dialogue. `trained`: a model was trained rather than loaded.

    Collecting garbage and trimming the heap (glibc otherwise keeps freed memory) costs about 70 ms,
    so a start from the model cache skips it; after training, or when a dialogue was built before
    (/reload: the frozen objects of the last one are thawed and collected), it is worth it. Then
    everything alive is frozen (gc.freeze): the models and content live as long as the dialogue,
    and the collections that run while the bot answers need not walk them again.
    """
    if trained or gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc: nothing to do
            pass
    gc.freeze()
