"""No input string makes the dialogue raise or answer with nothing."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.dialogue import Dialogue, Text, UserState

CRISIS_NUMBER = re.compile(r"\b(112|119|110|129)\b|healing119\.id")

messages = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs"]), max_size=50),  # control and zero-width
    st.text(alphabet="😭🙏💔🔥✨👍", max_size=30),  # emoji only
    st.text(alphabet=st.sampled_from("abcdeghiklmnrstuyz *1340@$.!?'\n"), max_size=200),  # chat-like noise
    st.builds(lambda a, b: a + b, st.sampled_from(["aku ", "i ", "gue ", "pengen ", "bundir ", "kill "]),
              st.text(alphabet="абвгдاللهअआ中文ไทย", max_size=40)),  # mixed scripts
    st.integers(min_value=0, max_value=4096).map(lambda n: ("capek banget 😭 " * 300)[:n]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=messages, chosen=st.sampled_from([None, "id", "en"]))
def test_any_text_gets_a_real_reply(dialogue: Dialogue, text: str, chosen: str | None) -> None:
    reply, state = dialogue.handle(Text(text), UserState(language=chosen))
    assert reply.text.strip()
    assert reply.language in ("id", "en")
    assert "{" not in reply.text, "no unfilled placeholder"
    if reply.risk.label != "none":
        assert CRISIS_NUMBER.search(reply.text), "every reply to a risky message names a crisis route"


def test_the_longest_telegram_message(dialogue: Dialogue) -> None:
    text = ("aku pengen bunuh diri " * 200)[:4096]
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "high" and CRISIS_NUMBER.search(reply.text)
