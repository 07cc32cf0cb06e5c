"""The SQLite file and the files SQLite keeps beside it: readable by their owner only (0600).

SQLite creates a new database with the umask's mode (0644 under the usual 022) and gives its
-wal, -shm and -journal files the database file's own mode. So the database is created 0600
before SQLite opens it, and every later file follows; one left readable by an older Teduh is
made owner-only, with one warning.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

SIDECARS = ("-wal", "-shm", "-journal")


def prepare_database(path: Path) -> None:
    """Create `path` empty and owner-only if missing; make it and its sidecars owner-only if they are not.

    OSError if `path` cannot be created (e.g. no such folder); a file that cannot be made
    owner-only (not ours, a read-only disk) is only warned about.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    exposed: list[str] = []
    for file in (path, *(path.with_name(path.name + suffix) for suffix in SIDECARS)):
        try:
            mode = file.stat().st_mode & 0o777
            if mode & 0o077:
                os.chmod(file, 0o600)
                exposed.append(f"{file} ({mode:04o})")
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("%s is readable or writable by group or others and could not be made owner-only (%s); "
                        "run `chmod 600 %s`", file, exc.strerror or exc, file)
    if exposed:
        log.warning("made owner-only (0600), as group or others could read or write them: %s", ", ".join(exposed))
