"""Whose risk on a sealed set (tests/data/whose_sealed): the writer's own risk must not get the helper's answer,
a friend's must. Figures only: a failure names counts, never a message (see the set's README)."""

from __future__ import annotations

from conftest import DATA

from bot.core.dialogue import Dialogue, Text, UserState
from bot.nlu import evaluate_risk

WHOSE = DATA / "whose_sealed"
# Measured when added (2026-12-05): own risk given the helper's answer 4 of 160, friends given it 151 of 160;
# about three messages of room each.
MAX_OWN_AS_FRIEND = 7
MIN_FRIENDS_HELPER = 148


def _helper_answers(dialogue: Dialogue, kind: str) -> tuple[int, int]:
    """How many of the `kind` (own / friend) messages get the helper's answer, and how many there are."""
    hits = total = 0
    for path in sorted(WHOSE.glob(f"{kind}_*.txt")):
        lang = path.stem.rsplit("_", 1)[1]
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                reply, _ = dialogue.handle(Text(line.strip()), UserState(last_language=lang))
                total += 1
                hits += bool(reply.response_ids) and reply.response_ids[0].startswith(evaluate_risk.HELPER)
    return hits, total


def test_the_set_is_sealed_and_whole() -> None:
    assert evaluate_risk.is_sealed(WHOSE) and len(list(WHOSE.glob("*.txt"))) == 4


def test_the_writers_own_risk_seldom_gets_the_helpers_answer(dialogue: Dialogue) -> None:
    hits, total = _helper_answers(dialogue, "own")
    assert total == 160 and hits <= MAX_OWN_AS_FRIEND, f"{hits} of {total} own-risk messages got the helper's answer"


def test_a_friends_risk_gets_the_helpers_answer(dialogue: Dialogue) -> None:
    hits, total = _helper_answers(dialogue, "friend")
    assert total == 160 and hits >= MIN_FRIENDS_HELPER, f"{hits} of {total} friends' messages got the helper's answer"
