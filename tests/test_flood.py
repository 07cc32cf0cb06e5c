"""Per-user flood control: a note once, then quiet, then answers again; memory stays bounded."""

from __future__ import annotations

from bot.channels.flood import Flood, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_gets_one_note_then_quiet_then_answers_after_the_window() -> None:
    clock = Clock()
    flood = Flood(limit=8, window_s=10.0, clock=clock)
    verdicts = [flood.check("a") for _ in range(11)]
    assert verdicts == [Verdict.ANSWER] * 8 + [Verdict.NOTE, Verdict.QUIET, Verdict.QUIET]
    assert flood.check("b") is Verdict.ANSWER  # another user is not affected
    clock.now = 10.5
    assert flood.check("a") is Verdict.ANSWER
    verdicts = [flood.check("a") for _ in range(8)]  # 9 in the window again
    assert verdicts[-1] is Verdict.NOTE  # a new burst gets its note again


def test_users_who_went_quiet_are_forgotten() -> None:
    clock = Clock()
    flood = Flood(limit=1, window_s=1.0, clock=clock, max_users=10)
    for n in range(1000):
        clock.now = n * 2.0
        flood.check(f"user{n}")
        assert flood.check(f"user{n}") is Verdict.NOTE  # each one flooded once
    assert len(flood._times) <= 11
    assert len(flood._noted) <= 11
