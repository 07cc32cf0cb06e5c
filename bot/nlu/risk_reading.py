"""How much risk a message shows, and whose: the risk model's judgement, with what the maintainers' lists add
(risk phrases, means patterns, the method check, whose-risk words). Called by `Nlu.parse`."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from bot.core.policy import FRIEND_INTENT, RISK_INTENTS
from bot.nlu.classifier import Ranking
from bot.nlu.means import Means, Pattern
from bot.nlu.method_check import MethodCheck
from bot.nlu.risk import NO_RISK, Risk, RiskDetector, RiskLevel
from bot.nlu.risk_model import FAINT, NO_JUDGEMENT, POSSIBLE, Judgement, RiskModel
from bot.nlu.whose import Whose

AGREE_RISK, AGREE_TOPIC = 0.3, 0.4  # both together: ask (see RiskReading.read); 0.25 -> 0.3 with the network (risk_dev)
# A message the topic classifier reads this surely as an ordinary topic keeps its answer whatever the method check
# says: "gpp ga kalo obat tidur diminum pas siang" (medication 0.87) read 0.998 as a method question; of the
# method questions the check catches on tests/data/risk_dev3, none has an ordinary topic above 0.7.
ORDINARY_TOPIC = 0.8
# The topic classifier hears "help a friend" in a teen's own plea for help ("HELP the cut on my wrist is gushing, i
# pressed a towel on it but it's soaked": help_a_friend 0.41), so that topic makes risk someone else's only where the
# message names someone else and the risk model leans that way too (RiskModel.leans_other; that message 0.01). On the
# eight read risk sets, 88 of the writers' own risk messages got the helper's answer through the topic, and 6 friends'
# messages; with a lean from 0.2, 22 and 6; with a person named as well, 19 and 6.
FRIEND_TOPIC_OTHER = 0.2


class RiskReading:
    def __init__(self, model: RiskModel, phrases: RiskDetector, means: Means | None, method_check: MethodCheck | None,
                 whose: Whose, known: Collection[str], laughter: Collection[str]) -> None:
        """`known`: the words the models were trained on; `laughter`: lexicon `laughter`, as tokens."""
        self.risk_model, self.phrases, self.means, self.method_check = model, phrases, means, method_check
        self.whose = whose
        self._known, self._laughter = known, laughter

    def read(self, text: str, tokens: Sequence[str], ranking: Ranking, about_other: bool = False,
             in_risk_talk: bool = False,
             denied: tuple[str | None, Sequence[str]] = (None, ())) -> tuple[Risk, Judgement]:
        """The risk model's judgement, with two additions.

        When in doubt, ask: two weaker signals that agree (the risk model near its threshold,
        a risk topic on top of the topic classifier) make the bot ask directly. And the
        maintainers' phrase list raises the level of a message the model already finds risky
        (not ideation the model reads as past), and makes the bot ask where one sentence reads at the
        ask threshold though the whole does not; in a message the model reads as harmless (a
        joke, a game, the news) a phrase alone sets nothing off. The means patterns (a pill count
        swallowed, a rope bought) raise the level of a message the model finds at least faintly
        risky (`FAINT`), as a whole or in one sentence, or any message when the pattern says `alone`:
        means predict imminent risk better than the word "suicide". A pattern for one person's risk
        (`who`) only raises a message the model already reads at least high as that person's: it says how soon,
        not whether ("temenku udah ga butuh lagi buku paket kelas 10", read as possible, stays a question); in a
        talk about someone else at risk, a pattern for their risk counts on its own. `denied`: the message without
        its denial and its words, when it has one (lexicon `denial`)."""
        if not any(c.isalpha() for token in tokens for c in token):  # a number alone: "0" read 0.6 to the model
            return NO_RISK, NO_JUDGEMENT
        means = self.means.match(tokens) if self.means else None
        if denied[0] is not None:  # the message without its denial (see parse); the means patterns and whose risk
            text, read = denied  # still read every word
        else:
            read = tuple(tokens)
        judged = self.risk_model.judge(text, " ".join(read), peak=means is not None, about_other=about_other)
        if judged.level != "emergency" and (bare := self._without_laughter(read)):  # "…30 pills lol": the act
            plain = self.risk_model.judge(bare, bare, peak=means is not None, about_other=about_other)  # is read
            judged = plain if plain.level == "emergency" else judged  # without the laughter too (see lexicon)
        if (judged.level != "none" and self.means and self.means.says_dose(tokens)  # "yes mom i took my meds":
                and (means is None or means.level != "emergency")):  # a dose, not an overdose (no act pattern), so
            judged = self.risk_model.judge(text, " ".join(read), peak=means is not None,  # read without the act
                                           about_other=about_other, acts=False)  # classes; the rest still counts
        judged = replace(judged, who=self.whose.of(judged, tokens, text, about_other, self.risk_model.judge))
        risk = _as_risk(judged)
        top, top_confidence = ranking[0] if ranking else ("", 0.0)
        if (risk.level is RiskLevel.NONE and judged.score >= AGREE_RISK and not judged.lookalike and top in RISK_INTENTS
                and top_confidence >= AGREE_TOPIC):  # (not where the model's reading was a look-alike's)
            risk = Risk(RiskLevel.POSSIBLE, top)
        by_phrase = self.phrases.match(read)
        if by_phrase.level > risk.level and risk.any and judged.stage != "past":
            risk = replace(by_phrase, who=risk.who)
        elif by_phrase.any and not risk.any and judged.peak >= POSSIBLE and judged.stage not in ("past", "topic"):
            risk = replace(by_phrase, level=RiskLevel.POSSIBLE, who=judged.who)  # a phrase and a sentence read at the
            # ask threshold agree ("i want to die so bad it physically hurts. my chest is heavy all day": 0.23 whole,
            # 0.50 its first sentence, at network seed 1): ask, whatever the draw
        sure = risk.level >= RiskLevel.HIGH

        # In a talk already about someone else at risk, a message that reads as theirs, or as nobody's ("she's not
        # answering", "dia blokir aku"), is about them: their patterns count on it (not on the helper's own risk)
        theirs = about_other and (judged.who == "other" or judged.score < FAINT)

        def counts(p: Pattern) -> bool:  # a pattern for one person's risk: where the model is sure of theirs
            return p.who is None or (p.who == judged.who and sure) or (p.who == "other" and theirs)

        if self.means and means is not None and not counts(means):
            means = self.means.match(tokens, counts)
        in_talk = means is not None and means.who == "other" and theirs
        if (means is not None and LEVELS[means.level] > risk.level and (judged.peak >= FAINT or means.alone or in_talk)
                and (judged.stage != "past" or means.alone)):  # an `alone` pattern says itself when it is over
            risk = Risk(LEVELS[means.level], KIND_INTENTS[means.kind], f"means:{means.id}",
                        "other" if judged.who == "other" or in_talk else "self")
        ordinary = top not in RISK_INTENTS and top_confidence >= ORDINARY_TOPIC
        if (risk.level < RiskLevel.HIGH and self.method_check and self.means and judged.stage != "past"
                and not ordinary and self.means.names_means(tokens) and self.method_check.asks(" ".join(tokens))):
            # a method asked about (C-SSRS: method), in words the risk model and the patterns did not know
            risk = Risk(RiskLevel.HIGH, "suicidal_thoughts", "method_check",
                        "other" if judged.who == "other" else "self")
        if (risk.level is RiskLevel.EMERGENCY and risk.who == "self" and self.means
                and self.means.says_stopped(tokens)):  # "ga jadi aku telen, aku buang ke wc": in crisis, nothing
            risk = replace(risk, level=RiskLevel.HIGH)  # taken: the crisis reply, not "this is a medical emergency"
        if about_other and risk.level is RiskLevel.POSSIBLE and risk.who == "self" and self.whose.about_them(tokens):
            risk = replace(risk, who="other")  # "skrg" after "my friend is on the rooftop": not a question to the writer
        alone = len(tokens) == 1 and not in_risk_talk and not by_phrase.any  # not after a risk reply, not "suicidal"
        if risk.phrase is None and risk.level >= RiskLevel.HIGH and (alone or not self._known.intersection(tokens)):
            # One word alone, or not one word the models were trained on: the models' guess rests on too little
            risk = replace(risk, level=RiskLevel.POSSIBLE)  # ("udah", "dia" read 0.9 risk), so ask directly
        return risk, judged

    def _without_laughter(self, tokens: Sequence[str]) -> str:
        """The message without the laughter it starts or ends with ("wkwk", "lol"), normalized; "" when it has none
        there, or is nothing else."""
        start, end = 0, len(tokens)
        while start < end and tokens[start] in self._laughter:
            start += 1
        while end > start and tokens[end - 1] in self._laughter:
            end -= 1
        return " ".join(tokens[start:end]) if start < end and (start, end) != (0, len(tokens)) else ""

    def friend_topic(self, risk: Risk, intent: str | None, tokens: Sequence[str], about_other: bool) -> Risk:
        """Risk in a message on the help-a-friend topic is someone else's when the message names someone else
        (lexicon `other_people`) and the risk model leans that way too (`FRIEND_TOPIC_OTHER`), or when the
        conversation is about someone else at risk. Not for abuse, whose telling always names another person."""
        if (intent != FRIEND_INTENT or not risk.any or risk.who == "other" or risk.intent == "abuse_violence"
                or self.whose.told_to_die(tokens)):  # "temen2 sekelas bilang aku mending mati aja": the writer's
            return risk
        if about_other or (self.whose.names_someone(tokens)
                           and self.risk_model.leans_other(" ".join(tokens)) >= FRIEND_TOPIC_OTHER):
            return replace(risk, who="other")
        return risk


KIND_INTENTS = {"suicide": "suicidal_thoughts", "self_harm": "self_harm", "abuse": "abuse_violence"}
LEVELS = {"none": RiskLevel.NONE, "possible": RiskLevel.POSSIBLE, "high": RiskLevel.HIGH,
          "emergency": RiskLevel.EMERGENCY}


def _as_risk(judged: Judgement) -> Risk:
    """The risk model's judgement in the dialogue's terms (kind -> risk intent)."""
    if judged.level == "none":
        return Risk(RiskLevel.NONE)
    return Risk(LEVELS[judged.level], KIND_INTENTS.get(judged.kind, "suicidal_thoughts"), None, judged.who,
                judged.stage == "past")
