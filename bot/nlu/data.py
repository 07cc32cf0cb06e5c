"""Reads everything under `intents/`: Rasa NLU training files, the slang lexicon and risk phrases."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.library import yamlsrc
from bot.library.content import LANGS
from bot.library.problems import Collector
from bot.nlu.denial import DenialWords
from bot.nlu.means import MeansData
from bot.nlu.means_file import MEANS_FILE, read_means
from bot.nlu.risk_data import RiskExample, read_category, read_corpus

LEXICON_FILE = "lexicon.yml"
RISK_FILE = "risk_phrases.yml"
RISK_CORPUS = "risk"  # intents/risk/<category>.yml: the risk model's corpus
METHOD_CORPUS = "risk_methods"  # intents/risk_methods/<category>.yml: the method check's corpus (method_check.py)
LOOKALIKES = "risk_lookalikes"  # intents/risk_lookalikes/<risk category>.yml: harmless look-alikes (lookalike.py)
RISK_LEVELS = ("high", "possible")
RASA_IGNORED = {"synonym", "regex", "lookup"}  # valid Rasa items Teduh does not use


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    lang: str
    path: Path
    line: int


@dataclass(frozen=True)
class RiskPhrase:
    text: str
    intent: str
    level: str  # "high" or "possible"


@dataclass(frozen=True)
class Lexicon:
    slang: dict[str, str] = field(default_factory=dict)
    emoji: dict[str, dict[str, str]] = field(default_factory=dict)  # "💊": {id: obat, en: pills}: a means emoji
    denial: DenialWords = DenialWords()  # "ga kepikiran bunuh diri": a wish to die denied (see denial.py)
    yes: frozenset[str] = frozenset()
    no: frozenset[str] = frozenset()
    safe: frozenset[str] = frozenset()  # "I'm safe" words, for the safety question
    unsure: tuple[str, ...] = ()  # "I don't know" phrases
    degree: tuple[str, ...] = ()  # "sometimes", "often", "a bit": a yes to a risk question (policy.ASKS)
    agree: tuple[str, ...] = ()  # "ok", "boleh": a yes to an offer (policy.ASKS)
    decline: tuple[str, ...] = ()  # "nanti aja", "skip": a no to an offer, no answer to a risk question
    unsafe: tuple[str, ...] = ()  # "ga aman", "not safe": the not-safe reply, asked or not
    admit: tuple[str, ...] = ()  # "kepikiran sih", "thought about it": a yes to a risk question, unless negated
    contrast: tuple[str, ...] = ()  # "tapi", "but": where an answer to a risk question ends and its comment begins
    deflect: tuple[str, ...] = ()  # "just curious", "bercanda doang": a risk or safety question brushed off
    serious: tuple[str, ...] = ()  # "ga bercanda", "serius": to a risk or safety question, the risk confirmed
    retract: tuple[str, ...] = ()  # "lebay doang", "just kidding": to "are you safe?", a "no" that takes a joke back
    question_words: tuple[str, ...] = ()  # "gimana", "how": a message opening with one asks, it does not answer
    fillers: tuple[str, ...] = ()  # words that add nothing to a short answer ("deh", "thanks")
    language_switch: dict[str, tuple[str, ...]] = field(default_factory=dict)
    first_person: frozenset[str] = frozenset()
    other_people: tuple[str, ...] = ()  # "temen", "my sister": risk on the help-a-friend topic may be theirs
    reported: tuple[str, ...] = ()  # "ngechat", "texted": someone else's quoted words (see quoted.py)
    told_to_die: tuple[str, ...] = ()  # "nyuruh aku mati", "told me to kill myself": the writer is the one at risk
    someone_else: tuple[str, ...] = ()  # "anak", "orang", "you": someone else maybe (see Whose.only_writer)
    own_abuse: tuple[str, ...] = ()  # "aku dipukulin", "hits me": abuse read as someone else's is the writer's
    silenced: tuple[str, ...] = ()  # "kalo aku cerita", "if i tell": a threat that silences the writer, theirs too
    silenced_threat: tuple[str, ...] = ()  # "bakal", "will": the threat, which must be in the message too
    silenced_unless: tuple[str, ...] = ()  # "temenku": not that, a friend's abuse
    self_labels: tuple[str, ...] = ()
    not_me: tuple[str, ...] = ()  # "bukan aku, temenku": the risk just read as the writer's is someone else's
    not_me_unless: tuple[str, ...] = ()  # "bukan aku yang salah": not that
    its_me: tuple[str, ...] = ()  # "the friend is me": in a talk about a friend, the writer's own
    me_too: tuple[str, ...] = ()  # "i kinda do it too": in a talk about a friend, the writer's own risk, asked about
    greetings: tuple[str, ...] = ()  # "halo", "hi": at a message's start, each with one `address` word after it,
    address: tuple[str, ...] = ()  # "kak", "everyone": not read for risk ("halo kak, …")
    reach_tags: tuple[str, ...] = ()  # hashtags that only ask for reach (#fyp): not read at all
    laughter: tuple[str, ...] = ()  # "wkwk", "lol": at a message's start or end, a joke's sign that may hide an act


@dataclass(frozen=True)
class NluData:
    examples: tuple[Example, ...]
    lexicon: Lexicon
    risk_phrases: tuple[RiskPhrase, ...]
    risk_corpus: tuple[RiskExample, ...] = ()
    means: MeansData | None = None  # intents/risk_means.yml
    method_corpus: tuple[RiskExample, ...] = ()  # intents/risk_methods/
    lookalikes: tuple[RiskExample, ...] = ()  # intents/risk_lookalikes/

    @property
    def intents(self) -> frozenset[str]:
        return frozenset(e.intent for e in self.examples)


def read_examples(path: Path, lang: str, out: Collector) -> list[Example]:
    """Examples of one Rasa NLU YAML file (`version`, `nlu: [{intent, examples}]`)."""
    src = yamlsrc.load(path, out)
    if src is None or src.data is None:
        return []
    data = src.data
    if not isinstance(data, dict) or not isinstance(data.get("nlu"), list):
        out.error(path, src.line(), "expected a Rasa NLU file with a top-level 'nlu' list")
        return []
    for extra in sorted(set(data) - {"version", "nlu"}):
        out.error(path, src.line(extra), f"unknown key '{extra}'")
    found: list[Example] = []
    for i, item in enumerate(data["nlu"]):
        if isinstance(item, dict) and RASA_IGNORED & set(item):
            continue
        if not isinstance(item, dict) or set(item) - {"intent", "examples"} or "intent" not in item:
            out.error(path, src.line("nlu", i), "each nlu item needs 'intent' and 'examples' and nothing else")
            continue
        block = item.get("examples")
        if not isinstance(block, str):
            out.error(path, src.line("nlu", i), f"intent {item['intent']}: 'examples' must be a '|' block of '- ' lines")
            continue
        label = f"intent {item['intent']}"
        for text, line in yamlsrc.dash_lines(block, src.line("nlu", i, "examples") + 1, path, out, label):
            found.append(Example(text, str(item["intent"]), lang, path, line))
    return found


def _read_lexicon(path: Path, out: Collector) -> Lexicon:
    src = yamlsrc.load(path, out)
    if src is None:
        return Lexicon()
    data: Any = src.data if isinstance(src.data, dict) else {}
    allowed = {"version", "slang", "emoji", "yes", "no", "safe", "unsure", "degree", "agree", "decline", "unsafe",
               "fillers", "admit", "contrast", "deflect", "serious", "retract", "question_words", "language_switch",
               "denial", "first_person", "other_people", "someone_else", "reported", "told_to_die", "own_abuse",
               "silenced", "silenced_threat", "silenced_unless",
               "self_labels", "not_me", "not_me_unless", "its_me", "me_too", "greetings", "address", "reach_tags",
               "laughter"}
    for extra in sorted(set(data) - allowed):
        out.error(path, src.line(extra), f"unknown key '{extra}'")
    slang = data.get("slang") or {}
    if not isinstance(slang, dict) or not all(isinstance(v, str) for v in slang.values()):
        out.error(path, src.line("slang"), "slang must map a word (or a phrase) to its replacement")
        slang = {}
    emoji = data.get("emoji") or {}
    if not isinstance(emoji, dict) or not all(
            isinstance(k, str) and len(k) == 1 and not k.isalnum() and isinstance(v, dict) and set(v) == set(LANGS)
            and all(isinstance(w, str) and w.strip() for w in v.values()) for k, v in emoji.items()):
        out.error(path, src.line("emoji"), 'emoji must map one emoji character to a word in each language, '
                  'e.g. "💊": {id: obat, en: pills}')
        emoji = {}
    denial = data.get("denial") or {}
    parts = set(DenialWords.__dataclass_fields__)
    if not isinstance(denial, dict) or set(denial) - parts or not all(
            isinstance(v, list) and all(isinstance(w, str) and w.strip() for w in v) for v in denial.values()):
        out.error(path, src.line("denial"), f"denial must map {', '.join(sorted(parts))} to lists of words, "
                  "e.g. death: [bunuh diri, kill myself]")
        denial = {}
    switch = data.get("language_switch") or {}
    if not isinstance(switch, dict) or set(switch) - set(LANGS):
        out.error(path, src.line("language_switch"), "language_switch must map id/en to phrase lists")
        switch = {}

    def words(name: str) -> list[str]:
        value = data.get(name) or []
        if not isinstance(value, list):
            out.error(path, src.line(name), f"{name} must be a list")
            return []
        return [str(v).lower() for v in value]

    return Lexicon(
        slang={str(k).lower(): v.lower() for k, v in slang.items()},
        emoji={k: {lang: w.lower() for lang, w in v.items()} for k, v in emoji.items()},
        denial=DenialWords(**{k: tuple(w.lower() for w in v) for k, v in denial.items()}),
        yes=frozenset(words("yes")), no=frozenset(words("no")),
        safe=frozenset(words("safe")), unsure=tuple(words("unsure")), degree=tuple(words("degree")),
        agree=tuple(words("agree")), decline=tuple(words("decline")), unsafe=tuple(words("unsafe")),
        fillers=tuple(words("fillers")), admit=tuple(words("admit")), contrast=tuple(words("contrast")),
        deflect=tuple(words("deflect")), serious=tuple(words("serious")), retract=tuple(words("retract")),
        question_words=tuple(words("question_words")),
        language_switch={lang: tuple(str(p).lower() for p in switch.get(lang) or []) for lang in LANGS},
        first_person=frozenset(words("first_person")), other_people=tuple(words("other_people")),
        someone_else=tuple(words("someone_else")), reported=tuple(words("reported")),
        told_to_die=tuple(words("told_to_die")),
        own_abuse=tuple(words("own_abuse")), silenced=tuple(words("silenced")),
        silenced_threat=tuple(words("silenced_threat")), silenced_unless=tuple(words("silenced_unless")),
        self_labels=tuple(words("self_labels")),
        not_me=tuple(words("not_me")), not_me_unless=tuple(words("not_me_unless")), its_me=tuple(words("its_me")),
        me_too=tuple(words("me_too")), greetings=tuple(words("greetings")), address=tuple(words("address")),
        reach_tags=tuple(words("reach_tags")), laughter=tuple(words("laughter")),
    )


def _read_risk(path: Path, out: Collector) -> list[RiskPhrase]:
    """`{risk_intent: {high: [...], possible: [...]}}` from the maintainer-edited list."""
    src = yamlsrc.load(path, out)
    if src is None or not isinstance(src.data, dict):
        if src is not None:
            out.error(path, 1, "expected a mapping of risk intent to phrase lists")
        return []
    phrases: list[RiskPhrase] = []
    for intent, levels in src.data.items():
        if intent == "version":
            continue
        if not isinstance(levels, dict) or set(levels) - set(RISK_LEVELS):
            out.error(path, src.line(intent), f"{intent}: expected 'high' and/or 'possible' phrase lists")
            continue
        for level, items in levels.items():
            if not isinstance(items, list | None):
                out.error(path, src.line(intent, level), f"{intent}.{level}: expected a list of phrases ('- ' lines)")
                continue
            for j, text in enumerate(items or []):
                if not isinstance(text, str) or not text.strip():
                    out.error(path, src.line(intent, level, j), f"{intent}.{level}: phrases must be text")
                    continue
                phrases.append(RiskPhrase(text.strip().lower(), str(intent), level))
    return phrases


def read_nlu_data(intents_dir: Path, out: Collector) -> NluData:
    """All NLU data; problems (syntax, shape) go to `out` (the same example under two intents: validate)."""
    examples: list[Example] = []
    for lang in LANGS:
        files = sorted((intents_dir / lang).glob("*.yml"))
        if not files:
            out.error(intents_dir / lang, 1, f"no training files for language '{lang}'")
        for path in files:
            examples.extend(read_examples(path, lang, out))
    lexicon = _read_lexicon(intents_dir / LEXICON_FILE, out) if (intents_dir / LEXICON_FILE).is_file() else Lexicon()
    risk = _read_risk(intents_dir / RISK_FILE, out) if (intents_dir / RISK_FILE).is_file() else []
    if not risk:
        out.error(intents_dir / RISK_FILE, 1, "the risk phrase list is missing or empty")
    corpus = read_corpus(intents_dir / RISK_CORPUS, out)
    if not corpus:
        out.error(intents_dir / RISK_CORPUS, 1, "the risk corpus is missing or empty (one <category>.yml per category)")
    means = None
    if (intents_dir / MEANS_FILE).is_file():
        means = read_means(intents_dir / MEANS_FILE, out)
    else:
        out.error(intents_dir / MEANS_FILE, 1, "the means and acts file is missing (word lists and patterns)")
    methods = read_corpus(intents_dir / METHOD_CORPUS, out) if (intents_dir / METHOD_CORPUS).is_dir() else []
    if {ex.label.level == "none" for ex in methods} != {True, False}:
        out.error(intents_dir / METHOD_CORPUS, 1, "the method check's corpus needs method questions (a risk level) "
                  "and harmless questions in the same words (level none), one <category>.yml each")
    lookalikes = _read_lookalikes(intents_dir / LOOKALIKES, corpus, out)
    return NluData(tuple(examples), lexicon, tuple(risk), tuple(corpus), means, tuple(methods), lookalikes)


def _read_lookalikes(folder: Path, corpus: list[RiskExample], out: Collector) -> tuple[RiskExample, ...]:
    """Each file is named after a risk category of the corpus and holds harmless messages (level none) only, none of
    them a risk message of the corpus."""
    if not folder.is_dir():
        return ()
    risky = {ex.category for ex in corpus if ex.label.level != "none"}
    texts = {ex.text.lower(): ex for ex in corpus if ex.label.level != "none"}
    kept: list[RiskExample] = []
    for path in sorted(folder.glob("*.yml")):
        found = read_category(path, out)
        if path.stem not in risky:
            out.error(path, 1, f"'{path.stem}' is not a risk category of intents/{RISK_CORPUS}/: name the file after "
                      f"the category its messages look like ({', '.join(sorted(risky))})")
        elif found and found[0].label.level != "none":
            out.error(path, _line_of(path, "risk:"), "a look-alike file holds harmless messages only: "
                      "'risk: {level: none, kind: none, who: none, stage: none}'")
        else:
            for ex in found:
                if (same := texts.get(ex.text.lower())) is not None:
                    out.error(ex.path, ex.line, f"'{ex.text}' is also a risk message of {same.category} "
                              f"({out.rel(same.path)}:{same.line}): keep it in one of the two")
                else:
                    kept.append(ex)
    return tuple(kept)


def _line_of(path: Path, start: str) -> int:
    """The first line of `path` that starts with `start` (1 when none does)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((i for i, line in enumerate(lines, 1) if line.startswith(start)), 1)
