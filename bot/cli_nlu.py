"""`teduh parse` and `teduh eval`: how the NLU understands messages, and how well."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bot.config import Settings
from bot.library.problems import ContentError
from bot.nlu import evaluate


def parse_command(settings: Settings, args: argparse.Namespace) -> int:
    from bot.nlu.pipeline import load_nlu

    nlu = load_nlu(settings.intents_dir, settings.confidence_threshold, settings.cache_dir)
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


def _eval_risk(settings: Settings, args: argparse.Namespace) -> int:
    from bot.engine import build_dialogue
    from bot.library.problems import Collector
    from bot.nlu import evaluate_risk
    from bot.nlu.risk_data import read_corpus

    out = Collector(Path.cwd())
    examples = read_corpus(args.risk, out, require_all=False)
    if not examples:
        out.error(args.risk, 1, "no test messages: expected <category>.yml files with a risk: header")
    if out.errors:
        raise ContentError(out.errors)
    result = evaluate_risk.report(evaluate_risk.run(build_dialogue(settings), examples))
    failed = evaluate_risk.gates(result, args.min_recall, args.min_category_recall, args.max_false_alarm,
                                 args.max_ordinary_false_alarm)
    print(json.dumps({**result, "failed_gates": failed}, ensure_ascii=False, indent=2) if args.json
          else evaluate_risk.render_text(result))
    for reason in failed:
        print(f"GATE FAILED: {reason}", file=sys.stderr)
    return 1 if failed else 0


def eval_command(settings: Settings, args: argparse.Namespace) -> int:
    if args.risk:
        return _eval_risk(settings, args)
    from bot.library.problems import Collector
    from bot.nlu.data import read_nlu_data
    from bot.nlu.pipeline import Nlu

    out = Collector(settings.content_dir)
    data = read_nlu_data(settings.intents_dir, out)
    if out.errors:
        raise ContentError(out.errors)
    results: dict[str, dict] = {}
    if args.test:
        started = time.perf_counter()
        nlu = Nlu(data, settings.confidence_threshold, settings.cache_dir)
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
