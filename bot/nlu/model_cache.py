"""A trained model's arrays on disk, keyed by what it was trained from, so start-up need not train again.

Plain NumPy arrays in an `.npz` file (never pickle): loading runs no code from the file.
The key hashes the training texts and labels, the model's parameters and the library
versions, so any change to the content or the code trains afresh. Files are written
atomically and owner-only; one that is unreadable or does not match is ignored.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import tempfile
import time
import zipfile
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

Arrays = dict[str, np.ndarray]
FORMAT = "3"  # the layout of the arrays: change it whenever what is stored changes
KEEP_DAYS = 30  # a cached model unused this long (the content has moved on) is deleted
trainings = 0  # models trained in this process (not loaded): start-up then has memory to give back


SKLEARN = version("scikit-learn")  # read from the installed package's metadata: no import of scikit-learn


def key(texts: Sequence[str], labels: Sequence[str], params: str) -> str:
    """`params`: the model's settings as text (every setting that shapes the trained arrays)."""
    digest = hashlib.sha256()
    for part in (FORMAT, params, SKLEARN, np.__version__, "\x00".join(texts), "\x00".join(labels)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x01")
    return digest.hexdigest()[:32]


def load(folder: Path, name: str) -> Arrays | None:
    path = folder / f"{name}.npz"
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {k: stored[k] for k in stored.files}
        os.utime(path)  # in use: keep it
        return arrays
    except (OSError, ValueError, zipfile.BadZipFile) as exc:  # e.g. cut short by a full disk
        log.warning("ignoring the model cache %s (%s); training instead", path, exc)
        return None


def save(folder: Path, name: str, arrays: Arrays) -> None:
    """Write atomically; a cache that can't be written only costs the next start its time."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".npz")  # created 0600
        try:
            with os.fdopen(fd, "wb") as out:
                np.savez(out, **arrays)
            os.replace(tmp, folder / f"{name}.npz")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in [*folder.glob("*.npz"), *folder.glob(".*.lock")]:
            if time.time() - old.stat().st_mtime > KEEP_DAYS * 86400:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("cannot write the model cache in %s (%s); the next start trains again", folder, exc)


def load_or_train(folder: Path | None, name: str, needed: Collection[str], train: Callable[[], Arrays]) -> Arrays:
    """The arrays stored under `name`; when absent, unreadable or missing one of `needed`, `train()`'s, then stored.

    Processes sharing `folder` (the bot and `teduh eval`, two test workers) train a model once:
    one trains while the others wait for it, then load what it stored."""
    arrays = _usable(load(folder, name) if folder else None, needed)
    if arrays is not None:
        return arrays
    with _training_lock(folder, name):
        arrays = _usable(load(folder, name), needed) if folder else None  # stored while this one waited
        if arrays is None:
            global trainings
            trainings += 1
            arrays = train()
            if folder:
                save(folder, name, arrays)
    return arrays


def _usable(arrays: Arrays | None, needed: Collection[str]) -> Arrays | None:
    return arrays if arrays is not None and set(needed) <= set(arrays) else None


@contextmanager
def _training_lock(folder: Path | None, name: str) -> Iterator[None]:
    """Held while `name` is trained; no lock at all when the folder can't hold one (the cache is optional)."""
    try:
        if folder is None:
            raise OSError("no cache folder")
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle = open(folder / f".{name}.lock", "a")  # noqa: SIM115 - closed below, after the lock is released
    except OSError:
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # releases the lock
