"""`teduh parse` and `teduh eval`: how the NLU understands messages, and how well."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from bot.config import Settings
from bot.library.problems import ContentError
from bot.nlu import evaluate


def parse_command(settings: Settings, args: argparse.Namespace) -> int:
    from bot.library.problems import Collector
    from bot.nlu.data import read_nlu_data
    from bot.nlu.pipeline import Nlu

    out = Collector(settings.intents_dir.parent)
    data = read_nlu_data(settings.intents_dir, out)
    if out.errors:
        raise ContentError(out.errors)
    nlu = Nlu(data, settings.confidence_threshold, settings.cache_dir)
    for line in sys.stdin:
        text = line.rstrip("\n")
        if not text.strip():
            continue
        p = nlu.parse(text)
        row = {"text": text, "language": p.language, "intent": p.intent,
               "confidence": round(p.confidence, 4), "risk": p.risk.level.label, "raised_by": p.risk.phrase}
        if args.json:
            print(json.dumps(row, ensure_ascii=False), flush=True)
        else:
            print(f"{row['risk']:<8} {str(row['intent']):<24} {row['confidence']:.2f} "
                  f"{row['language'] or '?':<3} {text}", flush=True)
    return 0


def _eval_risk(settings: Settings, args: argparse.Namespace) -> int:
    from bot.engine import build_dialogue
    from bot.library.problems import Collector
    from bot.nlu import evaluate_risk, perturb
    from bot.nlu.risk_data import read_corpus

    out = Collector(Path.cwd())
    examples = read_corpus(args.risk, out, require_all=False)
    if not examples:
        out.error(args.risk, 1, "no test messages: expected <category>.yml files with a risk: header")
    if out.errors:
        raise ContentError(out.errors)
    dialogue = build_dialogue(settings)
    written = evaluate_risk.run(dialogue, examples)
    result = evaluate_risk.report(written)
    sealed = evaluate_risk.is_sealed(args.risk)
    if sealed:
        result = evaluate_risk.sealed(result)
    if args.perturb:
        result["perturbed"] = {
            name: perturb.compare(written, evaluate_risk.run(dialogue, perturb.perturbed(examples, name)),
                                  texts=not sealed)
            for name in perturb.PERTURBATIONS}
    failed = evaluate_risk.gates(result, args.min_recall, args.min_category_recall, args.max_false_alarm,
                                 args.max_ordinary_false_alarm)
    text = evaluate_risk.render_text(result) + (f"\n{perturb.render(result['perturbed'])}" if args.perturb else "")
    print(json.dumps({**result, "failed_gates": failed}, ensure_ascii=False, indent=2) if args.json else text)
    for reason in failed:
        print(f"GATE FAILED: {reason}", file=sys.stderr)
    return 1 if failed else 0


def _eval_conversations(settings: Settings, args: argparse.Namespace) -> int:
    from bot.engine import build_dialogue
    from bot.library.problems import Collector
    from bot.nlu import evaluate_conversations, evaluate_risk

    out = Collector(Path.cwd())
    conversations = evaluate_conversations.read(args.conversations, out)
    if not conversations and not out.errors:
        out.error(args.conversations, 1, "no conversations: expected *.yml files, each a list of {id, turns}")
    if out.errors:
        raise ContentError(out.errors)
    result = evaluate_conversations.run(build_dialogue(settings), conversations)
    if evaluate_risk.is_sealed(args.conversations):
        result = evaluate_conversations.sealed(result)  # its figures, never its turns
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else evaluate_conversations.render_text(result))
    if missing := result["counts"]["no_route"]:
        print(f"GATE FAILED: {missing} turn(s) needed a crisis route and got a reply without one", file=sys.stderr)
        return 1
    return 0


def eval_command(settings: Settings, args: argparse.Namespace) -> int:
    if args.network_seed != 0:
        if args.update_baseline:
            print("teduh eval: --update-baseline records the bot's own model (network seed 0); drop --network-seed",
                  file=sys.stderr)
            return 2
        settings = replace(settings, network_seed=args.network_seed)
    if args.risk:
        return _eval_risk(settings, args)
    if args.conversations:
        return _eval_conversations(settings, args)
    if not args.test and not args.cross_validate:
        return _eval_gate(settings, args)
    from bot.library.problems import Collector
    from bot.nlu.data import read_nlu_data
    from bot.nlu.pipeline import Nlu

    out = Collector(settings.content_dir)
    data = read_nlu_data(settings.intents_dir, out)
    if out.errors:
        raise ContentError(out.errors)
    results: dict[str, dict] = {}
    if args.test and not args.cross_validate:
        started = time.perf_counter()
        nlu = Nlu(data, settings.confidence_threshold, settings.cache_dir, settings.network_seed)
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


def _eval_gate(settings: Settings, args: argparse.Namespace) -> int:
    """Measure on the held-out files beside the content and compare with their baseline (exit 1 on a drop)."""
    from bot.engine import build_dialogue
    from bot.library.heldout import BASELINE_FILE, heldout_dir
    from bot.nlu import baseline

    folder = heldout_dir(settings.content_dir)
    if folder is None:
        print(f"{settings.content_dir}: no held-out files beside the content (tests/data/nlu_test_<lang>.yml), so "
              "there is nothing to measure; give files with --test FILE", file=sys.stderr)
        return 2
    path = folder / BASELINE_FILE
    shown = _relative(path, settings.content_dir)
    try:
        base = baseline.read(path)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    now = baseline.measure(build_dialogue(settings), folder, settings.content_dir)
    limits = baseline.Limits(min_recall=args.min_recall, min_category_recall=args.min_category_recall,
                             max_false_alarm=args.max_false_alarm, max_ordinary_false_alarm=args.max_ordinary_false_alarm)
    changes = baseline.compare(base, now, limits) if base is not None else []
    failed = [c for c in changes if c.failed]
    if args.json:
        print(json.dumps({"baseline": shown, "figures": now, "changes": [vars(c) for c in changes],
                          "failed_gates": [c.summary() for c in failed]}, ensure_ascii=False, indent=2))
    else:
        print(_render_gate(now, changes, shown if base is not None else None))
    if args.update_baseline:
        if failed and not args.accept_drops:
            _explain(failed, "the baseline was NOT updated: fix the content first. (To record a drop the team has "
                     "agreed to, add --accept-drops; the baseline's diff then shows it for review.)")
            return 1
        baseline.write(path, now)
        print(f"wrote {shown}: commit it with your edit", file=sys.stderr)
        return 0
    if base is None:
        print(f"no baseline at {shown}: record today's figures with `teduh eval --update-baseline`", file=sys.stderr)
        return 1
    if failed:
        _explain(failed, "fix the content and run `teduh eval` again (the figures above say what changed). "
                 "An edit that adds examples to a topic can teach the risk check that risk-like messages are "
                 "harmless: keep risk-like messages out of other topics.")
        return 1
    return 0


def _relative(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def _explain(failed: list, advice: str) -> None:
    for change in failed:
        print(f"GATE FAILED: {change.summary()}", file=sys.stderr)
    print(advice, file=sys.stderr)


def _share(value: float | None) -> str:
    """A figure to three places; "-" when the set has no such messages (risk_dev4 has no ordinary ones)."""
    return "-" if value is None else f"{value:.3f}"


def _render_gate(now: dict, changes: list, baseline_path: str | None) -> str:
    lines = []
    for lang, f in now["intents"].items():
        lines.append(f"topics, held-out messages ({lang}): macro-F1 {f['macro_f1']:.3f}, risk recall "
                     f"{f['risk_recall']:.3f}, false alarms {f['false_alarm_rate']:.3f} ({f['examples']} messages)")
    for name, f in now["risk"].items():
        lines.append(f"risk set {name}: recall {_share(f['recall'])}, false alarms {_share(f['false_alarm_hard'])} "
                     f"(hard negatives) and {_share(f['false_alarm_ordinary'])} (ordinary) ({f['messages']} messages)")
    if baseline_path is None:
        return "\n".join(lines)
    if not changes:
        return "\n".join([*lines, f"no figure changed since the baseline ({baseline_path})"])
    lines.append(f"changed since the baseline ({baseline_path}):")
    section = None
    for change in changes:
        if change.section != section:
            section = change.section
            lines.append(f"  {section}")
        lines.append(f"    {change}")
        lines += [f"      {message}" for message in change.messages]
    return "\n".join(lines)
