"""`teduh review`: what needs a qualified person's review, what changed since an approval, and
recording an approval that a reviewer gave. The tool records decisions; it never makes one."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from bot.config import PACKAGE_DIR, Settings
from bot.library import approvals
from bot.library.approvals import Approval
from bot.library.content import Response
from bot.library.problems import Collector
from bot.library.review_edit import EditError, set_review
from bot.library.validate import Content, load_content

BY_EXAMPLE = '"dr. Sari Dewi, Sp.KJ"'
INSTALLED_CONTENT = PACKAGE_DIR / "_content"  # the copy a wheel carries: approvals written there would be lost


def add_parser(sub: Any) -> None:
    """The `review` subcommand and its actions, for bot/cli.py."""
    review = sub.add_parser("review", help="what needs review by a qualified person; record their approval")
    actions = review.add_subparsers(dest="review_action")
    show = actions.add_parser("show", help="one response in full, and what changed since it was approved")
    show.add_argument("id", help="the response id")
    approve = actions.add_parser("approve", help="record that a qualified person approved one response")
    approve.add_argument("id", help="the response id")
    approve.add_argument("--by", required=True, help=f"the reviewer: \"Name, credential\", e.g. {BY_EXAMPLE}")
    approve.add_argument("--on", type=date.fromisoformat, metavar="YYYY-MM-DD",
                         help="the day they approved it (default: today)")


def review_command(settings: Settings, args: argparse.Namespace) -> int:
    today = date.today()
    content = load_content(settings.content_dir, today)
    records = approvals.read_approvals(settings.responses_dir, Collector(settings.content_dir))  # validate reports
    if args.review_action == "approve":
        return _approve(settings, content, args.id, args.by, args.on or today, today)
    if args.review_action == "show":
        return _show(settings, content, records, args.id)
    return _list(settings, content, records)


NEVER, CHANGED, NO_RECORD, WITHDRAWN, APPROVED = (
    "never reviewed", "changed since approval", "marked approved without an approval record",
    "approved, then set back to draft", "approved and unchanged")


def _status(r: Response, record: Approval | None) -> tuple[str, str]:
    """The response's review state, and who approved it when there is a record."""
    if record is None:
        return (NEVER if r.review.status == "draft" else NO_RECORD), ""
    who = f"approved by {record.by} on {record.on.isoformat()}"
    if approvals.fingerprint(approvals.snapshot(r)) != record.hash:
        return CHANGED, who
    return (APPROVED if r.review.status == "approved" else WITHDRAWN), who


def _list(settings: Settings, content: Content, records: Mapping[str, Approval | None]) -> int:
    groups: dict[str, list[Response]] = {state: [] for state in (CHANGED, NO_RECORD, WITHDRAWN, NEVER, APPROVED)}
    for r in sorted(content.library.responses.values(), key=lambda r: (str(r.where.path), r.where.line)):
        groups[_status(r, records.get(r.id))[0]].append(r)
    approved = groups.pop(APPROVED)
    waiting = sum(len(v) for v in groups.values())
    print(f"{waiting} of {len(content.library.responses)} responses need review by a qualified person; "
          f"{len(approved)} approved and unchanged.")
    for state, rs in groups.items():
        if rs:
            print(f"\n{state} ({len(rs)}):")
        for r in rs:
            record = records.get(r.id)
            who = _status(r, record)[1]
            print(f"  {_where(settings, r)}  {r.id}" + (f"  ({who})" if who else ""))
            if record is not None:
                for line in _diff(record, r):
                    print(f"      {line}")
    if content.errors:
        print(f"\nThe content has {len(content.errors)} error(s): run `teduh validate`.")
    print(f"\nRead one with `teduh review show ID`. When a qualified person has approved it:\n"
          f"  teduh review approve ID --by {BY_EXAMPLE}")
    return 0


def _where(settings: Settings, r: Response) -> str:
    try:
        return f"{r.where.path.relative_to(settings.content_dir)}:{r.where.line}"
    except ValueError:
        return f"{r.where.path}:{r.where.line}"


def _diff(record: Approval, r: Response) -> Iterator[str]:
    """What changed since the approval, field by field and language by language, as unified diffs."""
    now = approvals.snapshot(r)
    for key in approvals.SNAPSHOT_KEYS:
        before, after = record.approved.get(key), now[key]
        parts = [(f"{key}.{lang}", before.get(lang) if isinstance(before, dict) else None, after.get(lang))
                 for lang in after] if key in ("title", "text") else [(key, before, after)]
        for label, old, new in parts:
            if old == new:
                continue
            yield from difflib.unified_diff(_lines(old), _lines(new), f"{label} (approved {record.on})",
                                            f"{label} (now)", lineterm="", n=1)


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [f"{k}: {v}" for k, v in value.items()]
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value).splitlines()


def _show(settings: Settings, content: Content, records: Mapping[str, Approval | None], rid: str) -> int:
    r = _find(content, rid)
    if r is None:
        return 1
    record = records.get(rid)
    state, who = _status(r, record)
    label = who if state == APPROVED else state + (f"; {who}" if who else "")
    print(f"{rid}  {_where(settings, r)}  ({label})")
    for lang in r.text:
        print(f"\ntitle.{lang}: {r.title[lang]}\ntext.{lang}:")
        print("\n".join(f"  {line}" for line in r.text[lang].splitlines()))
    print(f"\nbuttons: {', '.join(r.shown) or 'none'}")
    print("sources:\n" + "\n".join(f"  - {s}" for s in r.sources))
    if record is not None and record.hash != approvals.fingerprint(approvals.snapshot(r)):
        print("\nchanged since the approval:")
        print("\n".join(f"  {line}" for line in _diff(record, r)))
    return 0


def _find(content: Content, rid: str) -> Response | None:
    r = content.library.responses.get(rid)
    if r is None:
        near = difflib.get_close_matches(rid, list(content.library.responses), n=3)
        hint = f"; did you mean {' or '.join(near)}?" if near else " (`teduh review` lists them)"
        print(f"unknown response '{rid}'{hint}", file=sys.stderr)
    return r


def _approve(settings: Settings, content: Content, rid: str, by: str, on: date, today: date) -> int:
    name, _, credential = by.strip().partition(",")
    if not name.strip() or not credential.strip() or "\n" in by or len(by) > 200:
        print(f"--by: give the reviewer's name and credential, separated by a comma, e.g. --by {BY_EXAMPLE}",
              file=sys.stderr)
        return 2
    if on > today:
        print(f"--on {on.isoformat()} is in the future", file=sys.stderr)
        return 2
    if settings.content_dir.resolve().is_relative_to(INSTALLED_CONTENT.resolve()):
        print(f"{settings.content_dir} is the content installed with the package: record approvals in your working "
              "copy, e.g. TEDUH_CONTENT_DIR=. in the repository", file=sys.stderr)
        return 2
    r = _find(content, rid)
    if r is None:
        return 1
    # Errors in the response's file block the approval, except those about its review state (or its
    # record), which recording the approval fixes.
    rel = Collector(settings.content_dir).rel
    errors = [p for p in content.errors if p.path == rel(r.where.path) and not p.message.startswith(f"{rid}: review.")]
    if errors:
        print("\n".join(str(p) for p in errors), file=sys.stderr)
        print(f"{len(errors)} error(s) in {rel(r.where.path)}: fix them (`teduh validate`), then record the approval.",
              file=sys.stderr)
        return 1
    by = " ".join(by.split())
    record_file = approvals.record_path(settings.responses_dir, rid)
    previous = record_file.read_text(encoding="utf-8") if record_file.exists() else None
    approvals.write_record(settings.responses_dir, r, by, on)
    try:
        set_review(r.where.path, rid, "approved", by, on)
    except (EditError, OSError) as exc:
        if previous is None:
            record_file.unlink(missing_ok=True)
        else:
            approvals.write_atomically(record_file, previous)
        print(f"{exc}\nThe approval was not recorded.", file=sys.stderr)
        return 1
    print(f"recorded: {rid} approved by {by} on {on.isoformat()}")
    print(f"  {rel(record_file)}  (who, when, a copy of what was approved and its hash)")
    print(f"  {rel(r.where.path)}  (review: status approved)")
    print("Commit both files. Any later edit to this response shows in `teduh validate` as changed since review.")
    return 0
