"""Reading `intents/risk_means.yml`: every problem reported as `path:line` with how to fix it (see means.py for
what the file means and how it is matched)."""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path

from bot.library import yamlsrc
from bot.library.problems import Collector
from bot.nlu.means import COUNT, GAP, KINDS, LEVELS, MAX_WITHIN, PILLS, STAGES, WHOS, MeansData, slots_of

MEANS_FILE = "risk_means.yml"


def read_means(path: Path, out: Collector) -> MeansData | None:
    """The means file, every problem reported as `path:line` with how to fix it."""
    src = yamlsrc.load(path, out)
    if src is None:
        return None
    data = src.data if isinstance(src.data, dict) else {}
    words: dict[str, tuple[str, ...]] = {}
    for name, items in (data.get("words") or {}).items():
        if not isinstance(items, list) or not items or not all(isinstance(w, str) and w.strip() for w in items):
            out.error(path, src.line("words", name), f"words.{name}: expected a list of words or phrases")
            continue
        words[str(name)] = tuple(w.strip().lower() for w in items)
    count = data.get("count")
    if not isinstance(count, int) or count < 2:
        out.error(path, src.line("count"), "count: expected a whole number of at least 2 (the smallest pill "
                  "count that reads as an overdose)")
        count = 10
    patterns: list[dict[str, object]] = []
    known = sorted(words) + [COUNT]
    for j, p in enumerate(data.get("patterns") or []):
        line = src.line("patterns", j)
        if not isinstance(p, dict) or not isinstance(p.get("when"), str) or not p.get("id"):
            out.error(path, line, "patterns: each pattern needs an id and a `when: \"{list} {list}\"`")
            continue
        ok = True
        for key, allowed in (("level", LEVELS), ("kind", KINDS), ("stage", STAGES)):
            if p.get(key) not in allowed:
                out.error(path, src.line("patterns", j, key), f"pattern {p['id']}: {key} must be one of "
                          f"{', '.join(allowed)} (it is {p.get(key)!r})")
                ok = False
        slots = slots_of(p["when"])
        for name, _ in slots:
            if name and name not in known:
                close = get_close_matches(name, known, n=1)
                hint = f"; did you mean {{{close[0]}}}?" if close else f"; the lists are: {', '.join(known)}"
                out.error(path, src.line("patterns", j, "when"), f"pattern {p['id']}: no word list "
                          f"'{name}' under `words:`{hint}")
                ok = False
        if len(slots) < 2 and p.get("who") is None:  # with `who`, one slot only sharpens a sure reading
            out.error(path, src.line("patterns", j, "when"), f"pattern {p['id']}: needs at least two slots, or a "
                      "`who` (one word alone belongs in risk_phrases.yml)")
            ok = False
        unless = p.get("unless", [])
        if not isinstance(unless, list) or not all(isinstance(w, str) for w in unless):
            out.error(path, src.line("patterns", j, "unless"), f"pattern {p['id']}: unless: expected a list of words")
            ok = False
        else:
            for name, _ in slots:
                clash = sorted({w.strip().lower() for w in unless} & set(words.get(name, ())))
                if clash:
                    out.error(path, src.line("patterns", j, "unless"), f"pattern {p['id']}: unless '{clash[0]}' is "
                              f"also a word of {{{name}}}, so every message using it is cancelled; remove it, or write "
                              f"the harmless phrase it belongs to (e.g. 'obat batuk', which cancels only as a whole)")
                    ok = False
        if p.get("who") is not None and p.get("who") not in WHOS:
            out.error(path, src.line("patterns", j, "who"), f"pattern {p['id']}: who must be one of "
                      f"{', '.join(WHOS)} (it is {p.get('who')!r}), or left out to count for anyone")
            ok = False
        elif p.get("who") is not None and p.get("alone") is True:
            out.error(path, src.line("patterns", j, "alone"), f"pattern {p['id']}: `who` and `alone: true` cannot go "
                      "together (a pattern for one person's risk counts only where the message is already flagged); "
                      "drop one of them")
            ok = False
        if not isinstance(p.get("alone", False), bool):
            out.error(path, src.line("patterns", j, "alone"), f"pattern {p['id']}: alone: expected true or false "
                      "(true: the pattern counts even where the risk model reads the message as harmless)")
            ok = False
        within = p.get("within", GAP)
        if isinstance(within, bool) or not isinstance(within, int) or not 0 <= within <= MAX_WITHIN:
            out.error(path, src.line("patterns", j, "within"), f"pattern {p['id']}: within: expected a whole number "
                      f"from 0 to {MAX_WITHIN}, the most other words allowed between two slots (it is {within!r}; "
                      f"leave it out for {GAP})")
            ok = False
        if ok:
            patterns.append(p)
    if not patterns:
        out.error(path, 1, "no usable patterns: the file needs `words:` and `patterns:` (see its header)")
    method_words = data.get("method_words") or []
    if not isinstance(method_words, list) or not all(isinstance(n, str) for n in method_words):
        out.error(path, src.line("method_words"), "method_words: expected a list of word-list names ([pills, poison])")
        method_words = []
    for n, name in enumerate(method_words):
        if name not in words:
            close = get_close_matches(name, sorted(words), n=1)
            out.error(path, src.line("method_words", n), f"method_words: no word list '{name}' under `words:`"
                      + (f"; did you mean '{close[0]}'?" if close else ""))
    stopped, done = _block("stopped", data, path, src, out)
    dose, excess = _block("dose", data, path, src, out)
    if dose and PILLS not in words:
        out.error(path, src.line("dose"), f"dose: needs a word list '{PILLS}' under `words:` (the medicines it is "
                  "about)")
    return MeansData(count, words, tuple(patterns), tuple(n for n in method_words if n in words), stopped, done,
                     dose, excess)


BLOCKS = {"stopped": ('what says an act did not happen, "ga jadi"', 'what says it did after all, "terlanjur"'),
          "dose": ('what says a medicine was taken as a usual dose, "1 tablet", "sakit kepala"',
                   'what says too much or on purpose, "semua", "biar mati"')}


def _block(name: str, data: dict[str, object], path: Path, src: yamlsrc.Source,
           out: Collector) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A `stopped:` or `dose:` block ({words: [...], unless: [...]}); optional, so an empty pair when it is left out."""
    block = data.get(name)
    if block is None:
        return (), ()
    found: list[tuple[str, ...]] = []
    for key, meaning in zip(("words", "unless"), BLOCKS[name], strict=True):
        items = block.get(key) if isinstance(block, dict) else None
        if not isinstance(items, list) or not items or not all(isinstance(w, str) and w.strip() for w in items):
            out.error(path, src.line(name, key) if isinstance(block, dict) and key in block else src.line(name),
                      f"{name}.{key}: expected a list of words or phrases ({key}: {meaning})")
            return (), ()
        found.append(tuple(w.strip().lower() for w in items))
    return found[0], found[1]
