"""A medicine taken as a usual dose is not an act under way (`dose:` in risk_means.yml); an overdose still is."""

from __future__ import annotations

import pytest

from bot.core.dialogue import Dialogue, Text, UserState


@pytest.mark.parametrize("text", [
    "yes mom i took my meds",  # all three got "this is an emergency"
    "udh minum panadol 1 tablet tadi pagi, sakit kepalanya mulai ilang",
    "iya bu udah minum obatnya",
    # an age is not a pill count (risk_means.yml `units`): the emergency reply before stop 48
    "Dok, saya laki-laki 17 tahun. Sudah 3 hari sakit kepala di bagian belakang, terutama kalau habis main game lama. "
    "Apakah ini karena mata lelah atau harus periksa? Saya sudah minum paracetamol tapi cuma reda sebentar.",
])
def test_a_usual_dose_does_not_get_the_emergency_reply(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "none", (reply.risk.label, reply.response_ids)


@pytest.mark.parametrize("text", [
    "udah minum sertraline dari dokter 3 bulan, boleh berhentiin sendiri ga?",  # both got "are you thinking of
    "took one tylenol for my period cramps and lying down now",  # ending your life?"
])
def test_a_usual_dose_is_not_asked_about_suicide_either(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "none", (reply.risk.label, reply.response_ids)


@pytest.mark.parametrize("text", [
    "udah minum 20 panadol buat pusing",  # a pill count: an act pattern
    "aku 16 tahun, tadi minum 30 tablet panadol buat sakit kepala",  # an age beside a pill count
    "took all my meds for the headache",  # too much
    "minum sebotol obat batuk tiap malem",  # bulk
    "iya bu udah minum obatnya semua. maaf ya",  # too much, and a goodbye
    "took my mom's sleeping pills as prescribed lol",  # someone else's
])
def test_an_overdose_told_with_a_dose_word_keeps_the_emergency_reply(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "emergency", (reply.risk.label, reply.response_ids)


def test_a_dose_told_with_a_wish_to_die_still_gets_a_risk_reply(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Text("udah minum obat dari dokter tiap malem tapi tetep pengen mati"), UserState())
    assert reply.risk.label in ("possible", "high"), (reply.risk.label, reply.response_ids)


@pytest.mark.parametrize(("text", "dose"), [
    ("took my meds x15 today", False),  # a count as a multiplier: at network seed 2 this overdose lost every reply
    ("took my meds every morning, 2 today bc i forgot yesterday", True),  # a small number is not too much
    ("i take my adhd meds every morning before school", True),  # "every" of "every morning" is the dose's
    ("took every pill i had, my meds for the month", False),
])
def test_what_reads_as_a_usual_dose(dialogue: Dialogue, text: str, dose: bool) -> None:
    nlu = dialogue.nlu
    assert nlu.means is not None and nlu.means.says_dose(nlu.parse(text).tokens) is dose
