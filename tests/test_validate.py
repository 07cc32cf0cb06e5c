"""Every validation rule: one bad fixture each, the message and its `path:line` asserted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, TODAY

from bot.library.validate import validate

BAD = FIXTURES / "bad"

# fixture file, where it goes in the content folder, expected line, expected text
CASES = [
    ("yaml_syntax.yml", "responses", 4, ("error: YAML syntax: this line has an odd number of quote marks (\"): close "
                                        "the text's quotes")),
    ("unknown_key.yml", "responses", 6, "error: extra.colour: unknown key 'colour'"),
    ("missing_key.yml", "responses", 3, "error: extra.no_sources: missing key 'sources'"),
    ("duplicate_id.yml", "responses", 3, "error: duplicate response id 'menu.topics' (first defined at responses/core.yml:"),
    ("duplicate_key.yml", "responses", 6, "error: duplicate key 'text'"),
    ("missing_locale.yml", "responses", 5, "error: extra.only_id: text.en: locale 'en' is missing or empty"),
    ("empty_locale.yml", "responses", 4, "error: extra_line: name.en: locale 'en' is missing or empty"),
    ("placeholder_mismatch.yml", "responses", 5,
     "error: extra.mismatch: placeholders differ between locales (id: hotline:emergency_112; en: none)"),
    ("unknown_hotline.yml", "responses", 6, "error: extra.nowhere: text.id: unknown hotline 'no_such_line'"),
    ("unknown_button.yml", "responses", 6, "error: extra.dangling: button to unknown response 'no.such.response'"),
    ("intent_without_examples.yml", "responses", 4,
     ("error: astrology: intent 'astrology' has no training examples in intents/: add '- intent: astrology' with "
     "examples to intents/id/ and intents/en/")),
    ("intent_without_response.yml", "intents/id", 5, "error: intent 'weather_talk' has no response"),
    ("example_two_intents.yml", "intents/en", 8, ("error: example 'a line that also appears under greet in the "
                                                 "same fixture' is under intent greet and also under hotlines "
                                                 "(intents/en/example_two_intents.yml:5): keep it under one intent")),
    ("thanks_normalised_duplicate.yml", "intents/en", 5, ("error: example 'Thank  you!!' is under intent greet, and "
                                                         "'thank you' (the same words, case, spacing and punctuation "
                                                         "aside) under thanks (intents/en/thanks.yml:6): keep them "
                                                         "under one intent only")),
    ("button_typo.yml", "responses", 6, ("error: extra.button_typo: button to unknown response "
                                         "'find_profesional_help': did you mean 'find_professional_help'?")),
    ("hotline_typo.yml", "responses", 11, ("error: extra.hotline_typo: text.en: unknown hotline 'sapa_129': did you "
                                          "mean 'sapa129'?")),
    ("unknown_key_typo.yml", "responses", 6, "error: extra.buton: unknown key 'buton': did you mean 'buttons'?"),
    ("too_long.yml", "responses", 3, ("error: extra.too_long: text.id is 4419 characters once rendered "
                                     "(Telegram allows 4096)")),
    ("future_date.yml", "responses", 3, "error: hotline future_line: verified_on 2099-01-01 is in the future"),
    ("stale_hotline.yml", "responses", 3,
     "warning: hotline stale_line: verified_on 2020-01-01 is older than 180 days"),
    ("old_review.yml", "responses", 3, "warning: extra.old_review: review.on 2020-01-01 is older than 365 days"),
    ("lint_method_id.yml", "responses", 3, "error: extra.lint_id: text.id: safe messaging: 'tali'"),
    ("lint_diagnosis_id.yml", "responses", 3,
     "error: extra.diagnosis_id: text.id: safe messaging: 'kamu menderita' — diagnostic phrasing"),
    ("lint_diagnosis_en.yml", "responses", 3,
     "error: extra.diagnosis_en: text.en: safe messaging: 'you have depression' — diagnostic phrasing"),
    ("lint_commit_suicide.yml", "responses", 3, "error: extra.commit: text.en: safe messaging: 'commit suicide'"),
    ("risk_one_hotline.yml", "responses", 3,
     "error: self_harm.extra: a risk response must name at least 2 different hotlines"),
    ("risk_bad_level.yml", "intents/risk", 2,
     "error: risk.level: 'severe' is not one of none, possible, high, emergency"),
    ("risk_line_without_dash.yml", "intents/risk", 6, "error: examples.en: each line must start with '- '"),
    ("asks_without_answers.yml", "responses", 8, ("error: extra.question: asks a safety question but has no "
                                                 "answers: add 'answers: {yes: <response id>, no: <response id>}'")),
    ("answers_without_asks.yml", "responses", 8,
     "error: extra.undeclared: has answers but does not say what it asks: add 'asks: <safety, risk, offer, late, late_safety>'"),
    ("self_alias.yml", "responses", 2, ("error: YAML anchors and aliases (&name, *name) are not allowed in content "
                                       "files; write the value out")),
    ("invalid_date.yml", "responses", 7, "error: invalid value: day is out of range for month"),
]
# Fixtures that replace (or add) one file: the only problem found is the one expected, with no knock-on
# errors ("intent has no response" for a response that failed to load, "placeholders differ" for an unclosed one).
ALONE = [
    ("intent_typo.yml", "responses/thanks.yml", 4, ("error: thanks: intent 'thnaks' has no training examples: did "
     "you mean 'thanks' (the intent at intents/id/thanks.yml:5)? Rename it to 'thanks'")),
    ("intent_typo_in_examples.yml", "intents/en/thanks.yml", 5, ("error: intent 'thank' has English examples only, "
     "and 'thanks' Indonesian ones only (intents/id/thanks.yml:5): did you mean 'thanks'? Rename it to 'thanks'")),
    ("locale_missing_once.yml", "responses/thanks.yml", 6, "error: thanks: text.en: locale 'en' is missing or empty"),
    ("misplaced_key.yml", "responses/thanks.yml", 15, ("error: thanks: text: 'buttons' is indented as if it were a "
     "language of 'text': move it left so it lines up with 'text:'")),
    ("yaml_tab.yml", "responses/thanks.yml", 15, ("error: YAML syntax: a tab character: indent with spaces (YAML does "
     "not allow tabs at the start of a line)")),
    ("yaml_indent.yml", "responses/thanks.yml", 16, ("error: YAML syntax: this line is indented less than the one "
     "above it (3 spaces here, 4 on line 15): line it up with the keys it belongs with, using spaces")),
    ("placeholder_unclosed.yml", "responses/placeholder_unclosed.yml", 9, ("error: extra.unclosed: text.id: "
     "'{hotline:emergency_112' is not closed: a placeholder is written {hotline:ID} with both braces")),
]
# Catalog fixtures: each replaces the Indonesian catalog; expected line and text.
ID_PO = "locales/id/LC_MESSAGES/teduh.po"
CATALOG_CASES = [
    ("catalog_placeholder.po", 21, ("error: msgid 'Done. I deleted your saved settings and %(records)s.': unknown "
                                   "named placeholder 'record': keep every %(name)s exactly as in the msgid")),
    ("catalog_percent.po", 21, ("error: msgid 'Done. I deleted %(records)s.': the translation cannot be filled in "
                               "(unsupported format character ',' (0x2c) at index 10): write a percent sign as %%")),
    ("catalog_fuzzy.po", 19, ("error: msgid '(nothing yet)' is marked '#, fuzzy', so the bot shows the English text: "
                             "check the translation, then delete 'fuzzy' from that line")),
    ("catalog_untranslated.po", 20, ("error: msgid '(nothing yet)' has no translation, so the bot shows the English "
                                    "text: write it in msgstr")),
    ("catalog_not_updated.po", 1, ("error: msgid 'Which language should I use?' (in locales/teduh.pot) is not in this "
                                  "catalog, so the bot shows the English text: run `pybabel update -i "
                                  "locales/teduh.pot -d locales -D teduh`, then translate it")),
]
# Fixtures that hang or crash a loader without its protection: tested in subprocesses with a
# time limit (test_hostile_content.py), so a regression fails instead of taking the session down.
IN_A_SUBPROCESS = ["alias_bomb.yml"]


def test_shipped_content_is_valid(content_dir: Path) -> None:
    problems, library, data = validate(content_dir, TODAY)
    assert [str(p) for p in problems] == []
    assert library.responses and library.hotlines and data.examples


def test_every_fixture_has_a_case() -> None:
    assert sorted(p.name for p in BAD.glob("*.yml")) == sorted([c[0] for c in CASES + ALONE] + IN_A_SUBPROCESS)
    assert sorted(p.name for p in BAD.glob("*.po")) == sorted(c[0] for c in CATALOG_CASES)


@pytest.mark.parametrize(("fixture", "where", "line", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule(content_copy: Path, fixture: str, where: str, line: int, expected: str) -> None:
    shutil.copy(BAD / fixture, content_copy / where / fixture)
    problems, _, _ = validate(content_copy, TODAY)
    prefix = f"{where.split('/')[0]}/{where.split('/')[1] + '/' if '/' in where else ''}{fixture}:{line}: "
    shown = [str(p) for p in problems]
    assert any(s.startswith(prefix + expected) for s in shown), "\n".join(shown)


@pytest.mark.parametrize(("fixture", "target", "line", "expected"), ALONE, ids=[c[0] for c in ALONE])
def test_rule_alone(content_copy: Path, fixture: str, target: str, line: int, expected: str) -> None:
    shutil.copy(BAD / fixture, content_copy / target)
    shown = [str(p) for p in validate(content_copy, TODAY)[0]]
    assert len(shown) == 1 and shown[0].startswith(f"{target}:{line}: {expected}"), "\n".join(shown)


def test_an_intent_with_examples_in_one_language_is_reported(content_copy: Path) -> None:
    (content_copy / "intents" / "en" / "sleep.yml").unlink()
    shown = [str(p) for p in validate(content_copy, TODAY)[0]]
    assert shown == [("intents/id/sleep.yml:5: error: intent 'sleep' has Indonesian examples but no English ones: "
                     "add '- intent: sleep' with examples to intents/en/sleep.yml")]


@pytest.mark.parametrize(("fixture", "line", "expected"), CATALOG_CASES, ids=[c[0] for c in CATALOG_CASES])
def test_catalog_check(content_copy: Path, fixture: str, line: int, expected: str) -> None:
    shutil.copy(BAD / fixture, content_copy / ID_PO)
    shown = [str(p) for p in validate(content_copy, TODAY)[0]]
    assert any(s.startswith(f"{ID_PO}:{line}: {expected}") for s in shown), "\n".join(shown)


def test_strict_turns_every_draft_into_an_error(content_dir: Path) -> None:
    problems, library, _ = validate(content_dir, TODAY, strict=True)
    drafts = {r.id for r in library.responses.values() if r.review.status == "draft"}
    flagged = {str(p).split(": ")[2] for p in problems if "review.status is draft" in str(p)}
    assert drafts and flagged == drafts


def test_nothing_claims_review(content_dir: Path) -> None:
    _, library, _ = validate(content_dir, TODAY)
    assert {(r.review.status, r.review.by, r.review.on) for r in library.responses.values()} == {("draft", None, None)}


def test_missing_hotline_directory_is_an_error(content_copy: Path) -> None:
    (content_copy / "responses" / "hotlines.yml").unlink()
    shown = [str(p) for p in validate(content_copy, TODAY)[0]]
    assert any("hotline directory is missing" in s for s in shown)
    assert any("unknown hotline" in s for s in shown)


def test_a_topic_answer_needs_a_route_to_help(content_copy: Path) -> None:
    path = content_copy / "responses" / "medication.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("buttons: [find_professional_help]", "buttons: []"), encoding="utf-8")
    shown = [str(p) for p in validate(content_copy, TODAY)[0]]
    assert any("medication: a topic answer needs a route to professional help" in s for s in shown), shown
