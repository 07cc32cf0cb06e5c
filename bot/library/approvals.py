"""Approval records: a qualified person's sign-off on one response, which goes stale when the response changes.

`teduh review approve ID --by "Name, credential"` writes `responses/approvals/<ID>.yml`: who
approved, on which day, a copy of what they approved (titles, both texts, buttons, answers,
sources) and a SHA-256 hash of that copy. The response's own `review:` block then says
`status: approved` with the same `by` and `on`. `teduh validate` checks the pair: a response
marked approved without a valid record is an error (nobody can approve by editing the YAML),
and one whose content no longer hashes to the record's hash has changed since review (a
warning; an error under --strict). The copy lets `teduh review` show what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.library import yamlsrc
from bot.library.content import ID_RE, Library, Response, Where
from bot.library.problems import Collector

APPROVALS_DIR = "approvals"  # under responses/: one record per approved response, <id>.yml
RECORD_KEYS = {"version", "id", "by", "on", "hash", "approved"}
SNAPSHOT_KEYS = ("title", "text", "buttons", "answers", "asks", "sources")
HEADER = ("# The approval of one response, written by `teduh review approve`; commit it with the response.\n"
          "# Do not edit it: a record whose copy no longer matches its hash is refused.\n")


@dataclass(frozen=True)
class Approval:
    id: str
    by: str
    on: date
    hash: str
    approved: Mapping[str, Any]  # the copy that was approved: SNAPSHOT_KEYS
    where: Where


def snapshot(r: Response) -> dict[str, Any]:
    """What a reviewer approves: everything in a response that a user sees, and what backs it."""
    return {"title": dict(r.title), "text": dict(r.text), "buttons": list(r.buttons), "answers": dict(r.answers),
            "asks": r.asks, "sources": list(r.sources)}


def fingerprint(copy: Mapping[str, Any]) -> str:
    """SHA-256 of a snapshot in a canonical form (key order and YAML layout do not count)."""
    canonical = json.dumps(copy, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record_path(responses_dir: Path, response_id: str) -> Path:
    return responses_dir / APPROVALS_DIR / f"{response_id}.yml"


def read_approvals(responses_dir: Path, out: Collector) -> dict[str, Approval | None]:
    """Every record under responses/approvals/, by response id; None for a record that is present
    but invalid (its error is already in `out`)."""
    found: dict[str, Approval | None] = {}
    for path in sorted((responses_dir / APPROVALS_DIR).glob("*.yml")):
        src = yamlsrc.load(path, out)
        found[path.stem] = _approval(src, out) if src is not None else None
    return found


def _approval(src: yamlsrc.Source, out: Collector) -> Approval | None:
    data, path = src.data, src.path
    redo = f"record it again with `teduh review approve {path.stem} --by \"Name, credential\"`"
    if not isinstance(data, dict) or set(data) != RECORD_KEYS:
        out.error(path, src.line(), f"approval record: expected exactly the keys {', '.join(sorted(RECORD_KEYS))}; "
                  f"{redo}")
        return None
    problems = []
    if data["id"] != path.stem or not ID_RE.match(str(data["id"])):
        problems.append(("id", f"id '{data['id']}' does not match the file name {path.name}"))
    if not isinstance(data["by"], str) or not data["by"].strip():
        problems.append(("by", "by must name the reviewer"))
    if not isinstance(data["on"], date):
        problems.append(("on", "on must be a date (YYYY-MM-DD)"))
    copy = data["approved"]
    if not isinstance(copy, dict) or set(copy) != set(SNAPSHOT_KEYS):
        problems.append(("approved", f"approved must hold {', '.join(SNAPSHOT_KEYS)}"))
    elif fingerprint(copy) != data["hash"]:
        problems.append(("hash", "the approved copy no longer matches its hash (the record was edited by hand)"))
    for key, message in problems:
        out.error(path, src.line(key), f"approval record: {message}; {redo}")
    if problems:
        return None
    return Approval(data["id"], data["by"].strip(), data["on"], data["hash"], copy, Where(path, src.line()))


def check(lib: Library, approvals: Mapping[str, Approval | None], responses_dir: Path, out: Collector,
          strict: bool) -> None:
    """The review status of every response agrees with its approval record, and is not stale."""
    for r in lib.responses.values():
        record = approvals.get(r.id)
        if r.review.status != "approved":
            continue
        if r.id not in approvals:
            out.error(r.where.path, r.where.line, f"{r.id}: review.status is approved but there is no approval "
                      f"record ({out.rel(record_path(responses_dir, r.id))}); an approval is recorded by the "
                      f"reviewer with `teduh review approve {r.id} --by \"Name, credential\"`; until then write "
                      "'review: {status: draft, by: null, \"on\": null}'")
        elif record is None:
            continue  # the record's own error says what is wrong
        elif (r.review.by, r.review.on) != (record.by, record.on):
            out.error(r.where.path, r.where.line, f"{r.id}: review.by and review.on ({r.review.by}, {r.review.on}) "
                      f"differ from the approval record ({record.by}, {record.on}, "
                      f"{out.rel(record.where.path)}): the review block is written by `teduh review approve`")
        elif fingerprint(snapshot(r)) != record.hash:
            report = out.error if strict else out.warning
            report(r.where.path, r.where.line, f"{r.id}: changed since review by {record.by} on "
                   f"{record.on.isoformat()}: `teduh review` shows what changed; have it approved again")
    for rid, record in approvals.items():
        if record is not None and rid not in lib.responses:
            out.warning(record.where.path, record.where.line, f"approval record for unknown response '{rid}': "
                        "delete the file if the response was removed or renamed")


class _Dumper(yaml.SafeDumper):
    """Multi-line texts as `|` blocks, so a record reads like a response file."""


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


def write_record(responses_dir: Path, r: Response, by: str, on: date) -> Path:
    """Write (or replace) the approval record of `r`, whole or not at all."""
    copy = snapshot(r)
    record = {"version": 1, "id": r.id, "by": by, "on": on, "hash": fingerprint(copy), "approved": copy}
    body = HEADER + yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path = record_path(responses_dir, r.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, body)
    return path


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step (a crash leaves the old file or the new one, never half)."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
