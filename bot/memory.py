"""Returning freed memory to the OS after training (glibc otherwise keeps it in the heap)."""

from __future__ import annotations

import ctypes
import gc


def release() -> None:
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass
