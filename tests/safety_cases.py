"""The safety question's test matrix, shared by the terminal, Telegram and Rasa tests."""

from __future__ import annotations

CRISES = {  # (risk intent, language): a message that gets that intent's crisis reply
    ("suicidal_thoughts", "id"): "aku pengen bunuh diri",
    ("suicidal_thoughts", "en"): "i want to kill myself",
    ("self_harm", "id"): "aku nyakitin diri sendiri lagi",
    ("self_harm", "en"): "i cut myself again",
    ("abuse_violence", "id"): "ayahku suka mukulin aku",
    ("abuse_violence", "en"): "my dad hits me",
}
NOT_SAFE = ["nggak", "ga aman", "engga", "no", "i'm not safe", "not really", "gak tau"]
SAFE = ["iya aman", "yes I'm safe"]
TURNS = [(key, answer) for key in CRISES for answer in NOT_SAFE + SAFE]


def expected_answer(intent: str, answer: str) -> str:
    """The response an answer to the safety question after `intent`'s crisis reply leads to."""
    return ("safety.abuse_" if intent == "abuse_violence" else "safety.") + (
        "safe" if answer in SAFE else "not_safe")
