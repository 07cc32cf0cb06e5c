"""`teduh stats`: the operators' report (text, JSON, CSV, HTML) and `--check`, its alerts."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from datetime import datetime, timezone

from bot.config import Settings
from bot.library.catalogs import CatalogError


def stats_command(settings: Settings, args: argparse.Namespace) -> int:
    """`teduh stats`: the operators' report in the format asked for, or `--check`'s findings."""
    if args.check:
        return _check(settings, args)
    from bot.library.catalogs import Catalogs
    from bot.report import figures as report
    from bot.report import formats as report_format
    from bot.report.names import Names

    if not settings.db_path.is_file():
        print(f"{settings.db_path}: no database here yet (set TEDUH_DB to the bot's database file)", file=sys.stderr)
        return 1
    if args.days < 1:
        print("--days must be 1 or more", file=sys.stderr)
        return 2
    tr = Catalogs(settings.locales_dir).for_lang(args.lang)
    days = min(args.days, settings.retention_days)  # older days are deleted, or about to be
    if days < args.days:
        print(tr.gettext("--days %(asked)d is more than the %(kept)d days the database keeps "
                         "(TEDUH_RETENTION_DAYS): showing %(kept)d.") % {"asked": args.days, "kept": days},
              file=sys.stderr)
    try:
        rep = report.build(settings.db_path, datetime.now(timezone.utc).date(), days, args.channel,
                           kept_days=settings.retention_days)
    except sqlite3.Error as exc:
        print(f"{settings.db_path}: cannot read the database: {exc}", file=sys.stderr)
        return 1
    names = Names.load(settings.responses_dir)  # titles people read; JSON and CSV keep the ids
    if args.csv:
        for path in report_format.write_csv(rep, args.csv):
            print(path, file=sys.stderr)
    if args.html:
        from bot.report.html import write_html

        write_html(rep, args.html, tr, args.lang, names)
        print(args.html, file=sys.stderr)
    if args.json:
        print(report_format.to_json(rep))
    elif not (args.csv or args.html):
        print(report_format.to_text(rep, tr, args.lang, names), end="")
    return 0


def _check(settings: Settings, args: argparse.Namespace) -> int:
    """`teduh stats --check`: one line per finding and exit 1, 0 when calm, 2 (one line) on an error."""
    from bot.library.catalogs import Catalogs
    from bot.report import alerts

    if args.json or args.csv or args.html:
        print("--check prints only its findings: leave out --json, --csv and --html", file=sys.stderr)
        return 2
    if not settings.db_path.is_file():
        print(f"{settings.db_path}: no database here yet (set TEDUH_DB to the bot's database file)", file=sys.stderr)
        return 2
    try:
        tr = Catalogs(settings.locales_dir).for_lang(args.lang)
        found = alerts.check(settings.db_path, datetime.now(timezone.utc).date(), settings.alerts, args.channel)
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        return 2
    except sqlite3.Error as exc:
        print(f"{settings.db_path}: cannot read the database: {exc}", file=sys.stderr)
        return 2
    names = alerts.hotline_names(settings.responses_dir, args.lang)
    for finding in found:
        print(alerts.line(finding, tr, args.lang, names))
    return 1 if found else 0
