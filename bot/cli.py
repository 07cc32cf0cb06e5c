"""The `teduh` command: run, chat, parse, eval, validate, review, new-topic, stats, erase, actions, rasa-project,
bench."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path

from bot.channels import terminal as console
from bot.cli_nlu import eval_command, parse_command
from bot.cli_review import add_parser as add_review_parser
from bot.cli_review import review_command
from bot.cli_stats import stats_command
from bot.config import ConfigError, Settings
from bot.core.dialogue import Dialogue
from bot.library.catalogs import CatalogError
from bot.library.problems import ContentError, Severity


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="teduh", description="Teduh: vetted mental-health information for teens.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (a terminal chat when TELEGRAM_BOT_TOKEN is unset)")
    run.add_argument("--webhook-url", metavar="URL", help="receive updates on this public URL instead of polling")
    run.add_argument("--listen", default="127.0.0.1", help="address the webhook server listens on")
    run.add_argument("--port", type=int, default=8443, help="port the webhook server listens on")
    chat = sub.add_parser("chat", help="chat in the terminal; reads one message per line when piped")
    chat.add_argument("--lang", choices=["id", "en"], help="reply in this language (default: detect)")
    chat.add_argument("--json", action="store_true", help="one JSON object per reply")
    parse = sub.add_parser("parse", help="show how each input line is understood")
    parse.add_argument("--json", action="store_true", help="one JSON object per line")
    ev = sub.add_parser("eval", help="measure on the held-out files and compare with their baseline; exit 1 on a drop")
    ev.add_argument("--test", type=Path, action="append", default=[], metavar="FILE",
                    help="held-out examples in Rasa NLU format (repeatable)")
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")
    ev.add_argument("--risk", type=Path, metavar="DIR",
                    help="evaluate the risk check on a categorised test set (e.g. tests/data/risk_eval); a sealed "
                         "set (a SEALED file in DIR) shows its figures, never its messages")
    ev.add_argument("--conversations", type=Path, metavar="DIR",
                    help="play whole conversations turn by turn (e.g. tests/data/conversations); exit 1 when a turn "
                         "that needs a crisis route gets none")
    ev.add_argument("--perturb", action="store_true",
                    help="with --risk: also read every message changed as real posts differ (a link, a handle, a "
                         "greeting, no punctuation, typos…) and count what that changes")
    ev.add_argument("--min-recall", type=float, help="with --risk, or for every risk set of the baseline check: exit 1 if risk recall is below this")
    ev.add_argument("--min-category-recall", type=float, help="with --risk: … if any category's recall is below this")
    ev.add_argument("--max-false-alarm", type=float, help="with --risk: … if false alarms on hard negatives exceed this")
    ev.add_argument("--max-ordinary-false-alarm", type=float,
                    help="with --risk: … if false alarms on ordinary messages exceed this")
    ev.add_argument("--update-baseline", action="store_true",
                    help="record today's figures as the baseline (refused when a gate fails)")
    ev.add_argument("--accept-drops", action="store_true", help="with --update-baseline: record it even so")
    ev.add_argument("--cross-validate", action="store_true", help="5-fold cross-validation on intents/ instead")
    ev.add_argument("--network-seed", type=int, default=0, metavar="N",
                    help="measure with the risk model's network trained from seed N, not the bot's 0: run 1 and 2 "
                         "too to see how far chance alone moves a figure (README, \"Telling a change from chance\")")
    topic = sub.add_parser("new-topic", help="write the files of a new topic, with TODO where you must write")
    topic.add_argument("name", help="the topic's name: lowercase letters, digits and '_' (e.g. exam_results)")
    val = sub.add_parser("validate", help="check intents/ and responses/; exit 1 on any error")
    val.add_argument("--strict", action="store_true", help="also treat unreviewed (draft) responses as errors")
    add_review_parser(sub)
    stats = sub.add_parser("stats", help="anonymous statistics from the database (TEDUH_DB)")
    stats.add_argument("--days", type=int, default=30,
                       help="the last N whole days (UTC) up to yesterday (default 30; at most TEDUH_RETENTION_DAYS)")
    stats.add_argument("--lang", choices=["id", "en"], default="id", help="language of the report (default id)")
    stats.add_argument("--channel", choices=["telegram", "terminal"], help="only this channel (default: all)")
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")
    stats.add_argument("--csv", type=Path, metavar="DIR", help="write one CSV file per table into DIR")
    stats.add_argument("--html", type=Path, metavar="FILE", help="write a self-contained HTML report with charts")
    stats.add_argument("--check", action="store_true",
                       help="for cron or monitoring: one line per finding when the latest day or week departs "
                            "sharply from the weeks before (README, Alerts); exit 0 calm, 1 findings, 2 on a usage "
                            "or database error. Ignores --days")
    actions = sub.add_parser("actions", help="serve the rasa-sdk actions (action_teduh_reply) for a Rasa assistant")
    actions.add_argument("--port", type=int, default=5055, help="port (default 5055, as Rasa expects)")
    actions.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 for another host)")
    rasa = sub.add_parser("rasa-project", help="write a ready-to-train Rasa 3 project that answers with Teduh")
    rasa.add_argument("directory", type=Path, help="where to write it (created if needed)")
    bench = sub.add_parser("bench", help="measure throughput, latency, memory and start-up on this machine")
    bench.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    erase = sub.add_parser("erase", help="delete one user's data, for a request that reached you another way")
    erase.add_argument("--telegram-id", required=True, help="the user's numeric Telegram id")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
        if args.command == "validate":
            return _validate(settings, args.strict)
        return _COMMANDS[args.command](settings, args)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except ContentError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.problems)} error(s): fix them, then run `teduh validate`.", file=sys.stderr)
        return 1
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`teduh eval --risk DIR | head`): no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that the flush at exit stays quiet
        return 1


def _validate(settings: Settings, strict: bool) -> int:
    from bot.library.validate import validate

    problems, library, data = validate(settings.content_dir, date.today(), strict)
    for problem in problems:
        print(problem)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    drafts = sum(r.review.status == "draft" for r in library.responses.values())
    print(f"{len(library.responses)} responses ({drafts} draft), {len(library.hotlines)} hotlines, "
          f"{len(data.examples)} examples in {len(data.intents)} intents: "
          f"{errors} error(s), {len(problems) - errors} warning(s)")
    return 1 if errors else 0


def _run(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.telegram_token:
        return _chat(settings, argparse.Namespace(lang=None, json=False))
    from bot.channels.logsafe import mask, protect
    from bot.engine import build_dialogue

    logging.getLogger("bot").setLevel(logging.INFO)
    protect(settings.telegram_token)
    dialogue = build_dialogue(settings)
    # Telegram's modules load only now: training's transient memory is already returned to
    # the OS, so the two never add up (peak RSS about 15 MB lower; README, Performance).
    from bot.channels import run

    try:
        if args.webhook_url:
            run.run_webhook(settings, dialogue, args.webhook_url, args.listen, args.port)
        else:
            asyncio.run(run.run_polling(settings, dialogue))
    except run.Refused as refused:
        print(mask(str(refused), settings.telegram_token), file=sys.stderr)
        return 1
    return 0


def _chat(settings: Settings, args: argparse.Namespace) -> int:
    """The terminal chat; Ctrl-C leaves at once with exit status 130."""
    from bot.engine import build_dialogue

    dialogue = build_dialogue(settings)
    interactive = sys.stdin.isatty() and not args.json
    try:
        asyncio.run(_terminal(settings, dialogue, args.lang, args.json, interactive))
    except KeyboardInterrupt:
        if interactive:
            print()  # the shell's prompt on a line of its own
        return 130
    return 0


async def _terminal(settings: Settings, dialogue: Dialogue, lang: str | None, as_json: bool,
                    interactive: bool) -> None:
    from bot.channels.reload import reload
    from bot.channels.service import Conversations
    from bot.engine import open_store, pseudonyms_for, stats_summary

    user_id = getpass.getuser()
    store = await open_store(settings)
    conversations = Conversations(dialogue, store, pseudonyms_for(settings), "terminal",
                                  operators=frozenset({user_id}), summary=stats_summary(settings, dialogue.catalogs))
    try:
        await console.chat(conversations, user_id, console.read_lines(sys.stdin), sys.stdout, lang=lang,
                           as_json=as_json, interactive=interactive, reload=partial(reload, settings, conversations))
    finally:
        await store.close()


def _actions(settings: Settings, args: argparse.Namespace) -> int:
    """The same as `python -m rasa_sdk --actions bot.channels.rasa_action`, after checking the content."""
    import os

    from rasa_sdk.endpoint import run as serve
    from rasa_sdk.executor import ActionExecutor

    from bot.library.validate import validate

    errors = [p for p in validate(settings.content_dir, date.today())[0] if p.severity is Severity.ERROR]
    if errors:
        raise ContentError(errors)
    executor = ActionExecutor()
    executor.register_package("bot.channels.rasa_action")
    os.environ["SANIC_HOST"] = args.host  # rasa-sdk reads the address from here
    serve(executor, port=args.port)  # its worker trains the model on the first request
    return 0


def _rasa_project(settings: Settings, args: argparse.Namespace) -> int:
    from bot.channels.rasa_project import write_project
    from bot.library.validate import validate

    problems, library, data = validate(settings.content_dir, date.today())
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ContentError(errors)
    written = write_project(args.directory, settings.content_dir, library, data)
    print(f"wrote a Rasa 3 project ({len(written)} files, {len(data.intents)} intents) to {args.directory}")
    print(f"next: cd {args.directory} && rasa train && rasa run   (and `teduh actions` beside it)")
    return 0


def _new_topic(settings: Settings, args: argparse.Namespace) -> int:
    from bot.library import new_topic

    try:
        planned = new_topic.plan(settings.content_dir, args.name)
        written = new_topic.write(planned)
    except (new_topic.TopicError, OSError) as exc:
        print(f"new-topic: {exc}", file=sys.stderr)
        return 1
    print(new_topic.next_steps(planned, settings.content_dir, written))
    return 0


def _bench(settings: Settings, args: argparse.Namespace) -> int:
    from bot.devtools import bench
    from bot.engine import build_dialogue

    figures = asyncio.run(bench.run(settings, build_dialogue(settings)))
    print(json.dumps(figures) if args.json else bench.render(figures))
    return 0


def _erase(settings: Settings, args: argparse.Namespace) -> int:
    from bot.channels.service import erase_user
    from bot.engine import open_store
    from bot.store.pseudonym import Pseudonyms

    if not args.telegram_id.isdigit():
        print(f"--telegram-id: {args.telegram_id!r} is not a numeric Telegram id", file=sys.stderr)
        return 2
    if not settings.secret:
        print("TEDUH_SECRET: required, and must be the secret the Telegram bot runs with", file=sys.stderr)
        return 2
    if not settings.db_path.is_file():
        print(f"{settings.db_path}: no database here (set TEDUH_DB to the bot's database file)", file=sys.stderr)
        return 1

    async def erase() -> int:
        store = await open_store(settings)
        try:
            erased = await erase_user(store, Pseudonyms(settings.secret or ""), "telegram", args.telegram_id,
                                      datetime.now(timezone.utc).date())
        except sqlite3.Error as exc:
            print(f"{settings.db_path}: could not erase: {exc}", file=sys.stderr)
            return 1
        finally:
            await store.close()
        print(f"deleted {erased.preferences} preference row(s) and {erased.events} event(s) "
              f"for that user (retention: {settings.retention_days} days)")
        return 0

    return asyncio.run(erase())


_COMMANDS = {"run": _run, "chat": _chat, "parse": parse_command, "eval": eval_command, "stats": stats_command, "erase": _erase,
             "actions": _actions, "bench": _bench, "rasa-project": _rasa_project, "review": review_command,
             "new-topic": _new_topic}
