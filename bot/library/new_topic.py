"""`teduh new-topic NAME`: the files of a new topic, with a TODO placeholder wherever a person must write.

Every placeholder is an error for `teduh validate` (and so for the bot's start) until it is
replaced, so a half-written topic can never reach a teen; see `bot/library/todo.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.config import PACKAGE_DIR
from bot.library.content import LANGS
from bot.library.heldout import heldout_dir, test_file
from bot.library.load import read_library
from bot.library.problems import Collector
from bot.nlu.data import read_nlu_data

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
LANGUAGE = {"id": "Indonesian", "en": "English"}
MIN_EXAMPLES, MIN_HELDOUT = 40, 10  # per language: what a topic needs to be learned, and to be measured

INTENT_FILE = """\
# Topic {name}, in {language}: messages a teen might send about it (written by `teduh new-topic`).
# Replace the TODO lines with at least {min_examples} examples, one per line, the way teens write
# ({style}). An example may be under one intent only.
version: "3.1"
nlu:
- intent: {name}
  examples: |
    - TODO: at least {min_examples} messages a teen might send about {name}, in {language}, one per line
    - TODO: another message (keep going; vary the words, short and long, with typos and slang)
"""
STYLE = {"id": "informal: aku/gue, gak/ga, singkatan, typos, slang", "en": "informal, typos, slang, some mixed in Indonesian"}

RESPONSE_FILE = """\
# Topic {name}: the answer the bot gives (written by `teduh new-topic`). Replace every TODO line.
# Say the same in both languages; never diagnose ("kamu depresi", "you have ..."), never advise
# medication or doses; keep the button to professional help. It stays a draft until a qualified
# person reviews it.
version: 1
responses:
  - id: {name}
    intent: {name}
    title:
      id: "TODO: the topic's button label in Indonesian (2-4 words)"
      en: "TODO: the topic's button label in English (2-4 words)"
    text:
      id: |-
        TODO: the answer in Indonesian: what this is, that many teens go through it, what helps, when and where to get help
      en: |-
        TODO: the answer in English, saying what the Indonesian says
    buttons: [find_professional_help, hotlines]
    sources:
      - "TODO: a source for what the answer says (title, publisher, year, URL); one line per source"
    review: {{status: draft, by: null, "on": null}}
"""

HELDOUT_STUB = """\
- intent: {name}
  examples: |
    - TODO: at least {min_heldout} held-out messages about {name} in {language}, written apart from intents/{lang}/{name}.yml
    - TODO: another held-out message (never copy one into the training examples)
"""
HELDOUT_HEADER = 'version: "3.1"\nnlu:\n'


class TopicError(Exception):
    """The topic cannot be created; the message says why and what to do."""


@dataclass(frozen=True)
class Plan:
    name: str
    new_files: dict[Path, str]  # path -> whole text
    appended: dict[Path, str]  # held-out file -> text added at its end


def plan(content_dir: Path, name: str) -> Plan:
    """What `new-topic` writes; TopicError when the name is not a valid id or is already taken."""
    if content_dir.resolve() == (PACKAGE_DIR / "_content").resolve():
        raise TopicError("this is the content installed with the package: set TEDUH_CONTENT_DIR to your "
                         "copy of the content (a folder with intents/, responses/ and locales/)")
    if not NAME_RE.match(name):
        raise TopicError(f"'{name}' is not a valid topic name: use lowercase letters, digits and '_', "
                         "starting with a letter (e.g. exam_results)")
    taken = _where_taken(content_dir, name)
    if taken:
        raise TopicError(f"the topic '{name}' already exists ({'; '.join(taken)}): choose another name, "
                         "or edit those files")
    new_files = {content_dir / "intents" / lang / f"{name}.yml": INTENT_FILE.format(
        name=name, language=LANGUAGE[lang], min_examples=MIN_EXAMPLES, style=STYLE[lang]) for lang in LANGS}
    new_files[content_dir / "responses" / f"{name}.yml"] = RESPONSE_FILE.format(name=name)
    folder = heldout_dir(content_dir) or content_dir / "tests" / "data"
    appended = {}
    for lang in LANGS:
        path = test_file(folder, lang)
        stub = HELDOUT_STUB.format(name=name, lang=lang, language=LANGUAGE[lang], min_heldout=MIN_HELDOUT)
        if path.is_file():
            appended[path] = stub
        else:
            new_files[path] = HELDOUT_HEADER + stub
    return Plan(name, new_files, appended)


def _where_taken(content_dir: Path, name: str) -> list[str]:
    out = Collector(content_dir)  # problems elsewhere in the content are validate's business
    found = [f"{p.relative_to(content_dir)} exists" for p in
             [content_dir / "intents" / lang / f"{name}.yml" for lang in LANGS] + [content_dir / "responses" / f"{name}.yml"]
             if p.exists()]
    for ex in read_nlu_data(content_dir / "intents", out).examples:
        if ex.intent == name:
            found.append(f"intent '{name}' has examples in {out.rel(ex.path)}:{ex.line}")
            break
    for r in read_library(content_dir / "responses", out).responses.values():
        if name in (r.id, r.intent):
            found.append(f"response '{r.id}' in {out.rel(r.where.path)}:{r.where.line}")
            break
    folder = heldout_dir(content_dir)
    if folder is not None:
        pattern = re.compile(rf"^- intent: {re.escape(name)}\s*$", re.MULTILINE)
        found += [f"{out.rel(p)} holds it" for p in (test_file(folder, lang) for lang in LANGS)
                  if p.is_file() and pattern.search(p.read_text(encoding="utf-8"))]
    return found


def write(p: Plan) -> list[Path]:
    """Create the new files (never overwriting one) and append the held-out stubs; the paths written."""
    for path, text in p.new_files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as f:  # "x": fails rather than overwrite
            f.write(text)
    for path, stub in p.appended.items():
        before = path.read_text(encoding="utf-8")
        with path.open("a", encoding="utf-8") as f:
            f.write(("" if before.endswith("\n") or not before else "\n") + stub)
    return [*p.new_files, *p.appended]


def next_steps(p: Plan, content_dir: Path, written: list[Path]) -> str:
    env = f"TEDUH_CONTENT_DIR={content_dir}"
    files = "\n".join(f"  {path.relative_to(content_dir)}" for path in written)
    return f"""created the topic '{p.name}':
{files}
next steps:
  1. replace every TODO line: {MIN_EXAMPLES}+ examples per language in intents/id/ and intents/en/, the answer
     in both languages with its sources in responses/{p.name}.yml, and {MIN_HELDOUT}+ held-out messages per
     language at the end of the nlu_test files (written apart, never copied from the examples)
  2. {env} teduh validate       lists every TODO left and any other problem, as path:line
  3. {env} teduh chat           try it as a teen would (the first start with new content trains, about a minute)
  4. {env} teduh eval           compares the quality with the baseline; exits 1 naming any drop
  5. when it passes: {env} teduh eval --update-baseline, and commit the baseline with your edit
  (to list it in the /topik menu, add {p.name} to the buttons of menu.topics in responses/core.yml)"""
