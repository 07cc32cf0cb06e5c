"""Means, methods and acts (intents/risk_means.yml): patterns raise the judgement; the file is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.dialogue import Dialogue, Text, UserState
from bot.library.problems import Collector
from bot.nlu.means_file import read_means

ACTS = [
    "2 strip panadol udah aku telen",
    "barusan nelen paracetamol 25 butir",
    "aku udah minum semua obat tidurku sekaligus",  # all at once, no count
    "i took like 30 tylenol like 10 min ago",
    "darahnya ga berhenti dari tadi",
    "the cut on my wrist wont stop bleeding",
    # a hanging and its injury a clause apart: with no punctuation the risk model alone read such a message 0.18-0.26
    "i tried to hang myself an hour ago and my neck is purple",
    "aku nyoba gantung diri sejam yang lalu dan sekarang leherku biru",
    "standing at the bridge edge now",
    "pills kicking in. goodnight",
    "talinya udah kepasang di kamar",
    "tali udah kuikat di kipas angin",
    "tied the rope to the beam",
    "the bandage is soaked through already",
    "udah ditekan pake handuk tapi darahnya masih keluar terus",
    "i've lost so much blood from the cut, feeling dizzy",
    "obat tidurnya udah mulai bereaksi",  # "obat batuk" in the pattern's unless list cancels as a phrase only
    "maaf ya ma, aku lompat sekarang",
    "pistol papa udah di tangan aku",
    "barusan minum pestisida punya bapak",
    # an attempt said as done, with a farewell; a fall that leaves the writer unable to move
    "i did it. goodbye everyone",
    "udah ngelakuin. kalian ga usah nyari",
    "i jumped from my balcony and i can't feel my legs",
    "lompat dari atap tadi, kakiku ga bisa digerakin",
    # a word of the lists with a possessive ending ("nadi" + "nya", "ku")
    "udh gw iris nadinya",
    "aku sayat nadiku barusan",
]
PLANS = [
    "udah beli tali, tinggal nunggu rumah sepi",
    "been saving up my sleeping pills for weeks",
    "nemu pistol papa di lemari",
    "udah nyiapin tali di lemari",
    # a method's deadliness, speed or pain asked about
    "kalo loncat dari jembatan langsung mati ga?",
    "mana yang lebih cepet, obat atau lompat",
    "how many sleeping pills is enough to die",
    "baygon kalo diminum langsung mati ga",
    "gantung diri itu sakitnya lama ga",
    "is drowning peaceful",
    "whats the most painless way to go",
    "hanging vs pills, which is less painful",
    "can u od on xanax",
    "thinking of stepping in front of a bus tonight",
    "is it true stepping in front of a train is over quick",
    "good night forever",
    # self-harm by method
    "i burn myself with a lighter when it gets bad",
    "nyundut tangan pake rokok lagi semalem",
    "garuk tangan sampe berdarah tiap kali panik",
    "keep a blade in my pencil case for later",
    "aku nyimpen silet di kotak pensil",
]
HARMLESS = [
    "mama beli racun tikus buat di gudang",
    "minum paracetamol 500 mg 3 kali sehari ya kalau demam",
    "beli tali pramuka buat kemah sabtu",
    "my nose wont stop bleeding after practice",
    "foto di pinggir rooftop cafe bagus banget",
    "we went swimming, walked into the sea at sunset",
    "bantu adek ngiket tali sepatu",
    "tali sepatunya kuikat kenceng biar ga lepas",  # an unless word with a possessive ending
    "tied the rope to the tent pole",
    "abis cabut gigi darahnya masih keluar, wajar ga?",
    "donor darah pertama kali, kehilangan banyak darah ga sih?",
    "obat batuknya mulai bereaksi, ngantuk banget",
    "giliran kelas kita lompat tali sekarang",
    "the nerf gun is in my hand, come at me",
    "my gun is loaded and im ready for ranked",
    "nonton drakor semalem, endingnya tokoh utamanya minum racun, aku nangis parah",
    "kakek nemu senapan angin tua di gudang, mau dijual",
    "kata dokter antibiotiknya diminum 2 tablet sekaligus ya?",
    "boleh ga minum paracetamol barengan sama sirup obat batuk?",  # two medicines together: a dosing question
    "aku minum 2 tablet paracetamol sekaligus tadi buat sakit gigi, aman ga?",  # a usual dose
    "kucingku kemakan obat nyamuk, bisa mati ga?",
    "racun tikus yang paling cepet buat tikus di gudang apa",
    "teknik lompat jauh biar paling cepet larinya gimana",
    "bakar sampah pake korek di belakang rumah",
    "garuk gigitan nyamuk sampe berdarah",
    "simpen cutter buat prakarya besok",
    "aku disundut rokok sama bapak",  # done to the writer: abuse, which the model reads; no self-harm pattern
    "i did it guys, goodbye braces",
    "i did it!! passed my driving test, goodbye bus rides",
    "udah kulakuin, bye rambut panjang",
    "does bleach kill mold in the bathroom",
    "presentasi biologi tentang overdosis paracetamol",
    "in gta i keep walking into traffic lol",
    "we ran into traffic on the way to the beach",
    "beli pestisida buat hama di sawah",
    "how much chocolate is lethal for a dog",
    "berapa banyak orang yang bisa mati karena banjir tahun ini",
]


def matched(dialogue: Dialogue, text: str) -> str | None:
    """The level the patterns for anyone give (not those with `who`, which count only for a risk already read)."""
    assert dialogue.nlu.means is not None
    pattern = dialogue.nlu.means.match(dialogue.nlu.normalize.tokens(text), lambda p: p.who is None)
    return pattern.level if pattern else None


@pytest.mark.parametrize("text", ACTS)
def test_means_patterns_name_acts_under_way(dialogue: Dialogue, text: str) -> None:
    assert matched(dialogue, text) == "emergency"


@pytest.mark.parametrize("text", PLANS)
def test_means_patterns_name_preparation(dialogue: Dialogue, text: str) -> None:
    assert matched(dialogue, text) == "high"


@pytest.mark.parametrize("text", HARMLESS)
def test_unless_words_keep_everyday_uses_out(dialogue: Dialogue, text: str) -> None:
    assert matched(dialogue, text) is None


@pytest.mark.parametrize("text", ["minum 30 obat", "took 40 pills",
                                  # an attempt already made; the model alone: the crisis reply, the question
                                  "i did it. goodbye everyone", "i jumped from my balcony and i can't feel my legs",
                                  "udh gw iris nadinya"])  # the model alone: the crisis reply
def test_a_pill_count_swallowed_or_an_attempt_made_gets_the_emergency_reply(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "emergency" and reply.response_ids[0] == "emergency" and "119" in reply.text


def test_a_question_about_how_deadly_a_method_is_gets_the_crisis_reply(dialogue: Dialogue) -> None:
    # the risk model alone only asks; the method question (C-SSRS: method) raises it
    reply, _ = dialogue.handle(Text("pilihan aku antara obat atau lompat. mana yang lebih cepet?"), UserState())
    assert reply.risk.label == "high" and reply.response_ids[0] == "suicidal_thoughts"


def test_a_friends_act_gets_the_urgent_helpers_answer(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Text("my best friend just told me she swallowed 20 pills"), UserState())
    assert reply.response_ids[0] == "help_a_friend.urgent" and "112" in reply.text


@pytest.mark.parametrize("text", ["my friend says he's going to kill himself tonight", "temenku mau bunuh diri malam ini",
                                  "my friend said she's gonna end it tonight"])
def test_a_friend_who_means_to_die_tonight_gets_the_urgent_helpers_answer(dialogue: Dialogue, text: str) -> None:
    # the model alone: the everyday helper's answer; a pattern with `who: other` makes it urgent
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "help_a_friend.urgent" and "112" in reply.text


@pytest.mark.parametrize("text", [
    "sahabatku bilang ini malam terakhir dia, terus hpnya mati",  # a last time, then unreachable
    "my friend gave me her guitar and said she won't need it anymore, she's been talking about dying a lot",
    "temenku ngasih semua komiknya ke aku, katanya udah ga butuh lagi. dia lagi sedih banget akhir2 ini dan pernah "
    "bilang capek hidup",
    "adik kelas aku bilang mau gantung diri nanti malem",  # "kelas" named the friend, and cancelled the pattern
    # a farewell from a friend at risk
    "temenku yang sering bilang pengen mati barusan ngechat aku 'selamat tinggal ya'",
    "my friend who's been talking about dying just texted me 'thanks for everything'",
    # blocked, gone from the group, no answer; cutting right now while the writer listens
    "my bestie said she wants to die and now she blocked me everywhere",
    "adekku bilang capek hidup terus keluar dari grup keluarga, ditelpon ga ada jawaban",
    "temen sebangkuku lagi nyilet di toilet, aku denger dia nangis dari luar",
    "pacarku lagi nyayat lengannya sambil vc sama aku",
    "my gf is cutting right now and says she can't stop",
    # a blade or a knife in hand, pills saved up (the everyday helper's answer before)
    "my best friend is holding a razor and says she cant do this anymore",
    "sahabatku megang silet dan bilang dia mau ngakhirin semuanya malam ini",
    "temen aku udah ngumpulin obat tidur ibunya, katanya buat nanti",
    "my friend told me she's been saving up her pills to take them all"])
def test_a_friend_in_danger_now_gets_the_urgent_answer(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "help_a_friend.urgent" and "112" in reply.text


@pytest.mark.parametrize(("text", "expected"), [
    ("temenku udah ga butuh lagi buku paket kelas 10, jadi dikasih ke aku", "help_a_friend.suicide"),  # read possible
    ("my friend said last year that she wanted to die, how do i check on her now", "help_a_friend.suicide"),
    ("aku udah ga butuh lagi barang2 ini, ambil aja semua", "suicidal_thoughts"),  # the writer's own: no helper
    ("my friend has been cutting herself for months, how do i help her", "help_a_friend.self_harm"),  # not right now
    ("temenku sering nyilet, aku harus gimana", "help_a_friend.self_harm"),
    ("temen aku suka ngumpulin obat herbal, katanya sehat", "help_a_friend.suicide"),  # misread, not made urgent
    ("my sister used to hold a razor when she was sad years ago, shes fine now", "help_a_friend.suicide")])
def test_a_friend_pattern_sharpens_only_a_sure_reading_of_someone_elses_risk(dialogue: Dialogue, text: str,
                                                                             expected: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == expected


def test_the_writer_who_means_to_die_tonight_still_gets_the_crisis_reply(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Text("i'm going to kill myself tonight"), UserState())
    assert reply.risk.label == "high" and reply.response_ids[0] == "suicidal_thoughts"


@pytest.mark.parametrize("text", ["my friend joked that she'd kill herself today if the test is hard lol",
                                  "hari ini temenku presentasi tentang bunuh diri"])
def test_a_pattern_for_someone_elses_risk_adds_no_alarm(dialogue: Dialogue, text: str) -> None:
    # the model reads no risk here, so a `who` pattern, like a phrase, sets nothing off
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "none"


@pytest.mark.parametrize("text", ["deleting all my socials before i go", "udah hapus semua akun sosmed sebelum aku pergi"])
def test_a_pattern_marked_alone_counts_where_the_model_reads_no_risk(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "high" and reply.response_ids[0] == "suicidal_thoughts"


@pytest.mark.parametrize("text", ["can u od on xanax", "hanging vs pills, which is less painful",
                                  "would i survive jumping off the 5th floor", "step in front of a truck tbh",
                                  "is it true stepping in front of a train is over quick",
                                  "whats the amount that would actually kill u"])
def test_a_method_asked_about_gets_the_crisis_reply_where_the_model_reads_no_risk(dialogue: Dialogue,
                                                                                  text: str) -> None:
    # C-SSRS: a method researched; the model alone reads each of these as harmless (0.03-0.17)
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "high" and reply.response_ids[0] == "suicidal_thoughts" and "119" in reply.text


def test_a_gun_in_hand_gets_the_emergency_reply_however_calm_the_words(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Text("gun is in my hand. safety off"), UserState())  # the model alone: no risk
    assert reply.risk.label == "emergency" and reply.response_ids[0] == "emergency"


def test_its_unless_words_still_keep_everyday_uses_out(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Text("deleting all my socials before i go to exams, see u in june"), UserState())
    assert reply.risk.label == "none"


BROKEN = """\
version: 1
count: 10
words:
  pills: [obat, pills]
  swallowed: [minum, took]
  empty: []
patterns:
  - id: pills_swallowed
    when: "{swalowed} {count} {pills}"
    level: emergency
    kind: suicide
    stage: act
  - id: typo_level
    when: "{swallowed} {pills}"
    level: urgent
    kind: suicide
    stage: act
  - id: alone_as_text
    when: "{swallowed} {pills}"
    level: high
    kind: suicide
    stage: act
    alone: yes please
  - id: cancels_itself
    when: "{swallowed} {pills}"
    level: emergency
    kind: suicide
    stage: act
    unless: [obat batuk, Pills]
  - id: whose
    when: "{swallowed} {pills}"
    who: friend
    level: emergency
    kind: suicide
    stage: act
  - id: whose_alone
    when: "{swallowed} {pills}"
    who: other
    level: emergency
    kind: suicide
    stage: act
    alone: true
  - id: one_slot
    when: "{pills}"
    level: high
    kind: suicide
    stage: plan
  - id: one_slot_for_a_friend
    when: "{pills}"
    who: other
    level: emergency
    kind: suicide
    stage: act
  - id: too_far
    when: "{swallowed} {pills}"
    level: emergency
    kind: suicide
    stage: act
    within: 100
method_words: [pills, pils]
"""


def test_a_broken_means_file_is_reported_with_line_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "risk_means.yml"
    path.write_text(BROKEN)
    out = Collector(tmp_path)
    read_means(path, out)
    shown = [str(p) for p in out.problems]
    assert "risk_means.yml:6: error: words.empty: expected a list of words or phrases" in shown
    assert ("risk_means.yml:9: error: pattern pills_swallowed: no word list 'swalowed' under `words:`; "
            "did you mean {swallowed}?") in shown
    assert any(s.startswith("risk_means.yml:15: error: pattern typo_level: level must be one of high, emergency")
               for s in shown)
    assert any(s.startswith("risk_means.yml:23: error: pattern alone_as_text: alone: expected true or false")
               for s in shown)
    assert ("risk_means.yml:29: error: pattern cancels_itself: unless 'pills' is also a word of {pills}, so every "
            "message using it is cancelled; remove it, or write the harmless phrase it belongs to (e.g. 'obat "
            "batuk', which cancels only as a whole)") in shown  # a phrase holding a list's word is fine
    assert ("risk_means.yml:32: error: pattern whose: who must be one of self, other (it is 'friend'), or left out "
            "to count for anyone") in shown
    assert any(s.startswith("risk_means.yml:42: error: pattern whose_alone: `who` and `alone: true` cannot go together")
               for s in shown)
    assert ("risk_means.yml:44: error: pattern one_slot: needs at least two slots, or a `who` (one word alone belongs "
            "in risk_phrases.yml)") in shown
    assert not any("one_slot_for_a_friend" in s for s in shown)  # with `who`, one slot only sharpens
    assert ("risk_means.yml:59: error: pattern too_far: within: expected a whole number from 0 to 40, the most other "
            "words allowed between two slots (it is 100; leave it out for 3)") in shown
    assert "risk_means.yml:60: error: method_words: no word list 'pils' under `words:`; did you mean 'pills'?" in shown


def test_a_friend_ending_a_relationship_today_is_not_urgent(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Text("my friend wants to end it with her boyfriend today"), UserState())
    assert reply.response_ids[0] != "help_a_friend.urgent"


@pytest.mark.parametrize("text", [
    # a hanging: the first got the grief answer, the second the risk topic's, no route at all
    "ada bekas tali di leherku, barusan sempet kegantung bentar terus jatuh. pusing",
    "i tried hanging myself earlier and the rope snapped, now my neck has red marks",
    # a fall, a vehicle, water: most got the direct question or not even that
    "tadi aku sengaja biar ketabrak motor di jalan raya, aku kelempar, lutut sama siku berdarah, sekarang duduk sendirian",
    "i jumped from the bridge this afternoon and hit the rocks, i think my ankle is broken, nobody is here",
    "i tried to drown myself at the beach tonight, the waves threw me back, now im shivering and cant stop coughing",
    "lompat dari lantai 3 kos barusan, ternyata aku masih idup. tangan kanan bengkok",
    "coughing up water everywhere after i tried to drown myself in the river, im alone on the bank",
    # a floor by its number: "lt" for lantai, "the 3rd floor" (both got the direct question, stop 48)
    "loncat dr lt 5 kos barusan, kaki kananku patah, ga bisa jalan",
    "jumped off the 4th floor of the car park, landed on my back, cant stand, nobody around"])
def test_an_attempt_just_survived_told_by_the_injury_gets_the_emergency_reply(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "emergency"


@pytest.mark.parametrize("text", [
    "cliff jumping di bali kemarin seru bgt, tapi temenku lompat dari tebing terus kakinya bengkak",
    "my cat jumped off the balcony this morning, she's limping and her paw is swollen",
    "pernah lompat dari jembatan waktu smp, kakiku patah. sekarang udah sembuh dan baik2 aja",
    "the mark on my neck from when i tried to hang myself years ago has faded",
    "stabbed the dragon a hundred times and i'm still alive somehow, my sword is broken lol",
    "adek jatuh dari pohon jambu, tangannya bengkak, lagi dibawa ke tukang urut",
    "my cat jumped off the 2nd floor balcony and now her leg is swollen, the vet is closed",
    "pas gempa kemarin aku loncat dr lt 2 ke halaman, kaki bengkak dikit",  # an escape from a quake or a fire
    # pain that is not the body's: a crisis, not "go to the IGD"
    "aku masih hidup tapi sakit banget rasanya, capek", "im still alive but it hurts so bad inside",
    # a wish to jump, said with a tight chest: the crisis reply (a thought, not an act under way)
    "pengen loncat dari atap sekolah, dada sesek terus"])
def test_a_fall_a_pet_a_game_or_an_attempt_long_ago_gets_no_emergency_reply(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] != "emergency"


def test_the_helpers_urgent_answer_also_tells_a_writer_who_is_hurt_to_call_now(dialogue: Dialogue) -> None:
    # a writer's own act is sometimes read as a friend's; the urgent answer must not leave them waiting for a friend
    reply, _ = dialogue.handle(Text("my best friend just jumped off the overpass, she's bleeding and can't get up"),
                               UserState())
    assert reply.response_ids[0] == "help_a_friend.urgent"
    assert any("119" in line and "friend" not in line for line in reply.text.splitlines())


# A wound made on purpose that needs a doctor now (risk_means.yml `wound_deep`, `deep_wound_made`, `wound_infected`):
# the first two and the last got the crisis reply before (stop 47). "my cuts from the weekend are oozing pus and i've
# got a fever now" does too at seed 0, where the model reads it faintly risky, but not at seeds 1 and 2.
@pytest.mark.parametrize("text", [
    "abis sh tadi, ternyata dalem banget sampe keliatan lemaknya, aku harus gimana",
    "nyilet lagi tadi malem, sekarang lukanya menganga dan ga bisa nutup",
    "used a new blade tonight and it went way too deep, i can see the fat",
    "luka sayatan di lenganku bernanah dan aku demam dari kemarin"])
def test_a_deep_or_infected_self_made_wound_gets_the_emergency_reply(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "emergency" and "119" in reply.text


# Their `unless` words: the first got the emergency reply through `wound_deep` before they were added.
@pytest.mark.parametrize("text", [
    "aku dulu sering sh, sekarang bekasnya masih keliatan dalem banget",
    "kena pisau pas masak tadi, lukanya dalem banget, perlu dijahit ga ya",
    "adekku jatuh dari sepeda, lututnya sobek lebar, perlu dijahit ga ya",
    "abis nyukur kumis pake silet, kena dikit tapi dalem banget",
    "luka operasi usus buntu aku bernanah, demam juga",
    "the cat scratched me and the cut got infected, now i have a fever"])
def test_an_accident_an_operation_or_an_old_scar_gets_no_emergency_reply(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] not in ("emergency", "help_a_friend.urgent")


def test_bleeding_that_cannot_be_stopped_gets_the_emergency_reply_and_a_nosebleed_does_not(dialogue: Dialogue) -> None:
    # "ga bisa berhenti" in `not_stopping` (stop 47): the first got the self-harm crisis reply before
    reply, _ = dialogue.handle(Text("s/h lagi tadi, ga bisa berhenti berdarah"), UserState())
    assert reply.response_ids[0] == "emergency"
    reply, _ = dialogue.handle(Text("hidungku mimisan ga bisa berhenti berdarah dari tadi"), UserState())
    assert reply.response_ids[0] != "emergency"
