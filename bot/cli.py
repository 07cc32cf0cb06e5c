"""The `teduh` command: run, chat, parse, eval, validate."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot import console, evaluate
from bot.config import ConfigError, Settings
from bot.i18n import CatalogError
from bot.problems import ContentError, Severity


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="teduh", description="Teduh: vetted mental-health information for teens.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot (a terminal chat when TELEGRAM_BOT_TOKEN is unset)")
    chat = sub.add_parser("chat", help="chat in the terminal; reads one message per line when piped")
    chat.add_argument("--lang", choices=["id", "en"], help="reply in this language (default: detect)")
    chat.add_argument("--json", action="store_true", help="one JSON object per reply")
    parse = sub.add_parser("parse", help="show how each input line is understood")
    parse.add_argument("--json", action="store_true", help="one JSON object per line")
    ev = sub.add_parser("eval", help="evaluate the NLU on held-out files (or by cross-validation)")
    ev.add_argument("--test", type=Path, action="append", default=[], metavar="FILE",
                    help="held-out examples in Rasa NLU format (repeatable)")
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")
    val = sub.add_parser("validate", help="check intents/ and responses/; exit 1 on any error")
    val.add_argument("--strict", action="store_true", help="also treat unreviewed (draft) responses as errors")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
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


def _validate(settings: Settings, strict: bool) -> int:
    from bot.validate import validate

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
    if settings.telegram_token:
        print("The Telegram channel is not built yet; unset TELEGRAM_BOT_TOKEN to chat here.", file=sys.stderr)
        return 2
    return _chat(settings, argparse.Namespace(lang=None, json=False))


def _chat(settings: Settings, args: argparse.Namespace) -> int:
    from bot.engine import build_dialogue

    dialogue = build_dialogue(settings)
    interactive = sys.stdin.isatty() and not args.json
    console.chat(dialogue, sys.stdin, sys.stdout, lang=args.lang, as_json=args.json, interactive=interactive)
    return 0


def _parse(settings: Settings, args: argparse.Namespace) -> int:
    from bot.nlu.pipeline import load_nlu

    nlu = load_nlu(settings.intents_dir, settings.confidence_threshold)
    for line in sys.stdin:
        text = line.rstrip("\n")
        if not text.strip():
            continue
        p = nlu.parse(text)
        row = {"text": text, "language": p.language, "intent": p.intent,
               "confidence": round(p.confidence, 4), "risk": p.risk.level.label}
        if args.json:
            print(json.dumps(row, ensure_ascii=False), flush=True)
        else:
            print(f"{row['risk']:<8} {str(row['intent']):<24} {row['confidence']:.2f} "
                  f"{row['language'] or '?':<3} {text}", flush=True)
    return 0


def _eval(settings: Settings, args: argparse.Namespace) -> int:
    from bot.nlu.data import read_nlu_data
    from bot.nlu.pipeline import Nlu
    from bot.problems import Collector

    out = Collector(settings.content_dir)
    data = read_nlu_data(settings.intents_dir, out)
    if out.errors:
        raise ContentError(out.errors)
    results: dict[str, dict] = {}
    if args.test:
        started = time.perf_counter()
        nlu = Nlu(data, settings.confidence_threshold)
        train_s = time.perf_counter() - started
        everything = []
        for path in args.test:
            outcomes = evaluate.run(nlu, evaluate.read_test_file(path))
            everything += outcomes
            results[str(path)] = evaluate.report(outcomes)
        if len(args.test) > 1:
            results["all"] = evaluate.report(everything)
        meta = {"training_examples": len(data.examples), "train_seconds": round(train_s, 2)}
    else:
        results["cross-validation (5 folds)"] = evaluate.report(
            evaluate.cross_validate(data, settings.confidence_threshold))
        meta = {"training_examples": len(data.examples)}
    if args.json:
        print(json.dumps({"results": results, **meta}, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(evaluate.render_text(r, title) for title, r in results.items()))
    return 0


_COMMANDS = {"run": _run, "chat": _chat, "parse": _parse, "eval": _eval}
