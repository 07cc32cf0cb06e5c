"""Text normalization shared by training, risk phrases and incoming messages.

Lowercase and NFKC; control characters removed; zero-width characters split words where
they stand between words (aku\u200bmau -> aku mau) and are dropped inside one (bu\u200bnuh ->
bunuh, told apart by the known vocabulary); leetspeak in
mixed tokens (d1r1 -> diri); Indonesian reduplication (marah2 -> marah marah);
letter elongation collapsed against the known vocabulary (sedihhh -> sedih);
slang replaced from `intents/lexicon.yml` (gw -> aku, bundir -> bunuh diri, sewer slide -> suicide).
A `*` inside a word is kept, so censored words (b*nuh) can be matched fuzzily; an unknown word disguised with `*`
or v for u (l*mpat, cvt) becomes the one known word it fits, if exactly one does. Training texts, whose words are all
known, are never changed by that step.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

# A word with the */@/$ before, inside or after it (b*nuh, $ad, @ku). A match starts only where no */@/$ precedes
# (the lookbehind), so a long run of them costs linear time, not quadratic (4096 "$" took 0.2 s).
_TOKEN_RE = re.compile(r"(?<![*@$])[*@$]*[^\W_]+(?:[*@$][^\W_]*)*")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "9": "g", "@": "a", "$": "s"})
_REDUP_RE = re.compile(r"^([^\W\d_]{3,})2$")
_RUN3_RE = re.compile(r"([^\W\d_])\1{2,}")
_RUN2_RE = re.compile(r"([^\W\d_])\1+")
_DIGITS2_RE = re.compile(r"\d\d")
_APOSTROPHES = str.maketrans("", "", "'’`´")
# Platform furniture, what a post carries that its writer did not say: links, @handles, a retweet's "RT @x:", and
# the placeholders data sets put where those stood. "RT" alone stays (it is also the neighbourhood, Rukun Tetangga).
# (a domain's labels bounded, so that a long run of "a-a-a-…/" costs linear time, not quadratic)
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]{1,63}(?:\.[\w-]{1,63}){0,6}\.[a-z]{2,24}/\S*", re.IGNORECASE)
_PLACEHOLDER_RE = re.compile(r"[\[<](?:username|user|url|link)[\]>]", re.IGNORECASE)
_BARE_PLACEHOLDER_RE = re.compile(r"\b(?:HTTPURL|USER|URL)\b")  # in capitals only: "kirim url nya" keeps its word
_RETWEET_RE = re.compile(r"\bRT\s+(?=@|USER\b)")
_MENTION_RE = re.compile(r"(?<![\w@*$])@([\w.]*\w)")
_HASHTAG_RE = re.compile(r"(?<!\w)#(\w+)")
RESPELL_MIN, RESPELL_MAX = 4, 20  # letters of a word in which a slip is looked for; past 20 a word is no common word
# misspelt, and its slips would cost memory as its length squared (a 600-letter word took 23 MB, 4,000 about 1 GB)
MAX_PIECES = 24  # the most zero-width-split pieces one word is rebuilt from
SPELLED_MIN, SPELLED_GAP = 3, 2  # this many single letters, at most this far apart, may spell a word out
_ASCII_CONTROLS = {c: " " for c in [*range(32), 127]}
_MARK = "\ue000"  # where a zero-width (format) character stood: not a word character


def _clean(text: str) -> str:
    """NFKC, casefold, format characters (zero-width) marked, control characters turned into spaces."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    if text.isascii():  # the usual case, and ASCII has no format characters: only controls to replace
        return text.translate(_ASCII_CONTROLS)
    out: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cf":
            out.append(_MARK)
            continue
        out.append(" " if cat in ("Cc", "Zl", "Zp") else ch)
    return "".join(out)


def without_furniture(text: str, known: frozenset[str], reach_tags: frozenset[str] = frozenset()) -> str:
    """`text` without links, @handles, a retweet's "RT", placeholders such as [USERNAME] or HTTPURL and hashtags
    that only ask for reach (`reach_tags`: #fyp, #viral): on the sets, a link or an "RT @x:" added to a risk message
    lowered its reading (1.7-2.9 % of them fell to no risk). An @ that stands for a letter stays (@ku, @nj1ng:
    leetspeak for a `known` word), and so do hashtags that say something (#vent, #capek)."""
    if not any(mark in text for mark in ("@", "/", "www.", "[", "<", "#", "USER", "URL")):
        return text  # the usual message: nothing to take out
    text = _HASHTAG_RE.sub(lambda m: " " if m.group(1).casefold() in reach_tags else m.group(), text)
    text = _URL_RE.sub(" ", text)
    text = _RETWEET_RE.sub(" ", text)
    text = _BARE_PLACEHOLDER_RE.sub(" ", _PLACEHOLDER_RE.sub(" ", text))
    text = _MENTION_RE.sub(lambda m: m.group() if ("a" + m.group(1)).translate(_LEET) in known else " ", text)
    return text.lstrip(" :|>-")  # what a handle or "RT @x:" leaves in front ("@dinda: …")


def _deleet(token: str) -> str:
    """Leetspeak only in words that mix letters with single digits or @/$ (not '123abc')."""
    if token.isalpha():
        return token
    has_alpha = any(c.isalpha() for c in token)
    has_leet = any(c.isdigit() or c in "@$" for c in token)
    return token.translate(_LEET) if has_alpha and has_leet and not _DIGITS2_RE.search(token) else token


def _pieces(text: str, spelled: bool = False) -> list[tuple[str, bool]]:
    """Cleaned tokens, each with whether a zero-width character joined it to the one before, or
    (with `spelled`) whether it continues a word spelled out letter by letter (k m s, s.e.l.f)."""
    cleaned = _clean(text)
    matches = list(_TOKEN_RE.finditer(cleaned))
    pieces = [(m.group(), m.start() > 0 and cleaned[m.start() - 1] == _MARK) for m in matches]
    if spelled:
        start = 0
        for end in range(1, len(matches) + 1):
            if end < len(matches) and _letter(matches[end - 1].group()) and _letter(matches[end].group()) and \
                    matches[end].start() - matches[end - 1].end() <= SPELLED_GAP:
                continue
            if end - start >= SPELLED_MIN:
                pieces[start + 1:end] = [(piece, True) for piece, _ in pieces[start + 1:end]]
            start = end
    return pieces


def _letter(piece: str) -> bool:
    return len(piece) == 1 and piece.isalpha()


def _one_slip(word: str) -> set[str]:
    """Every string one slip from `word`: a letter left out, added or wrong, or two letters swapped."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    left_out = {a + b[1:] for a, b in splits if b}
    swapped = _swapped(word)
    wrong = {a + c + b[1:] for a, b in splits if b for c in letters}
    added = {a + c + b for a, b in splits for c in letters}
    return left_out | swapped | wrong | added


def _swapped(word: str) -> set[str]:
    """Every string with two neighbouring letters of `word` swapped."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}


def _finish(token: str, tokens: list[str]) -> None:
    """Reduplication split and leetspeak undone, appended to `tokens`."""
    token = token.strip("*")
    if not token:
        return
    if m := _REDUP_RE.match(token):
        tokens.extend((m.group(1), m.group(1)))
    else:
        tokens.append(_deleet(token))


def raw_tokens(text: str, known: frozenset[str] | None = None) -> list[str]:
    """Tokens before the slang and elongation steps. Pieces that zero-width characters join, and
    runs of single letters (s e l f h a r m), are regrouped into as many `known` words as possible
    (aku|mau -> aku mau, b|u|n|u|h -> bunuh, s e l f h a r m -> self harm); without `known`
    (reading training data) zero-width pieces are joined."""
    tokens: list[str] = []
    run: list[str] = []
    for piece, glued in _pieces(text, spelled=known is not None) + [("", False)]:
        if glued and run:
            run.append(piece)
            continue
        for word in ["".join(run)] if known is None else _regroup(run, known):
            _finish(word, tokens)
        run = [piece]
    return tokens


def _regroup(pieces: list[str], known: frozenset[str]) -> list[str]:
    """Consecutive pieces grouped into words: fewest unknown words first, then fewest words."""
    if len(pieces) < 2:
        return pieces
    best: list[tuple[int, int, int]] = [(0, 0, 0)]  # per prefix: (unknown, words, start of last word)
    for end in range(1, len(pieces) + 1):
        best.append(min((best[start][0] + ("".join(pieces[start:end]) not in known), best[start][1] + 1, start)
                        for start in range(max(0, end - MAX_PIECES), end)))
    words, end = [], len(pieces)
    while end:
        start = best[end][2]
        words.append("".join(pieces[start:end]))
        end = start
    return words[::-1]


class Normalizer:
    """Turns any text into a list of canonical tokens; built once from the NLU data."""

    def __init__(self, slang: Mapping[str, str], vocabulary: Iterable[str], common: Iterable[str] = ()) -> None:
        """`common`: the words a misspelt unknown word may be read as (see `_respell`)."""
        self._slang = {k: tuple(raw_tokens(v)) for k, v in slang.items() if len(raw_tokens(k)) == 1}
        words = {w for w in vocabulary if not _RUN3_RE.search(w)}
        words |= {w for k in slang for w in raw_tokens(k)}
        self._vocab = frozenset(words | set(self._slang) | {t for v in self._slang.values() for t in v})
        self._common = frozenset(w for w in common if len(w) >= RESPELL_MIN)
        self._word = lru_cache(maxsize=50_000)(self._canonical)
        self._said = lru_cache(maxsize=50_000)(self._as_said)
        self._as_written: frozenset[str] = frozenset()
        # slang of several words ("sewer slide"): matched on the tokens their words become
        self._phrases = {tuple(t for w in raw_tokens(k) for t in self._word(w)): tuple(raw_tokens(v))
                         for k, v in slang.items() if len(raw_tokens(k)) > 1}
        self._phrase_starts = frozenset(key[0] for key in self._phrases)
        self._by_length: dict[int, list[str]] = {}  # for censored words (see _uncensor)

    def _collapse(self, token: str) -> str:
        """Undo elongation: prefer the known word among the double- and single-letter forms."""
        if token in self._vocab or not _RUN2_RE.search(token):
            return token
        double = _RUN3_RE.sub(r"\1\1", token)
        single = _RUN2_RE.sub(r"\1", token)
        for candidate in (double, single):
            if candidate in self._vocab or candidate in self._slang:
                return candidate
        return double if double != token else token

    def _canonical(self, token: str) -> tuple[str, ...]:
        token = self._collapse(token)
        if token not in self._vocab and token not in self._slang:
            token = self._uncensor(token)
        return self._slang.get(token, (token,))

    def _as_said(self, token: str) -> tuple[str, ...]:
        """`_canonical`, and an unknown word one slip from a common one read as that word (`_respell`)."""
        words = self._word(token)
        if len(words) != 1 or words[0] in self._vocab or words[0] in self._slang or words[0] in self._as_written:
            return words
        fixed = self._respell(words[0])
        return self._word(fixed) if fixed != words[0] else words

    def _respell(self, token: str) -> str:
        """An unknown word one slip from exactly one common word (two letters swapped, one left out, doubled, added or
        wrong: "bunh", "pengne", "sucide"), read as that word; one slip from several, the one of them two letters
        swapped, if only one is ("teeln" is "telen", not "teen"; "darnk" "drank", not "dark"); otherwise as it is."""
        if not RESPELL_MIN <= len(token) <= RESPELL_MAX or not token.isalpha() or not token.isascii():
            return token
        found = {w for w in _one_slip(token) if w in self._common}
        if len(found) > 1:
            found &= _swapped(token)
        return found.pop() if len(found) == 1 else token

    def _uncensor(self, token: str) -> str:
        """An unknown word disguised against filters, when exactly one known word fits: v for u (bvnvh -> bunuh),
        one `*` per letter (s*icide -> suicide; d*ri, which fits diri and dari, stays as it is)."""
        if "v" in token and ((swapped := token.replace("v", "u")) in self._vocab or swapped in self._slang):
            return swapped
        if "*" in token:
            pattern = re.compile(re.escape(token).replace(r"\*", r"[^\W\d_]"))
            found = [w for w in self._of_length(len(token)) if pattern.fullmatch(w)]
            return found[0] if len(found) == 1 else token
        return token

    def _of_length(self, length: int) -> tuple[str, ...]:
        """Known words (and slang) of `length` letters, gathered on first use."""
        if not self._by_length:
            for word in self._vocab | set(self._slang):
                if word.isalpha():
                    self._by_length.setdefault(len(word), []).append(word)
        return tuple(self._by_length.get(length, ()))

    def tokens(self, text: str, *, respell: bool = False) -> list[str]:
        """`respell`: a message's unknown words one slip from a common word are read as it ("pengne" -> pengen); never
        for training texts, whose words are all known, nor for the maintainers' lists, which must match as written."""
        word = self._said if respell else self._word
        out: list[str] = []
        for token in raw_tokens(text, self._vocab):
            out.extend(word(token))
        return self._join_phrases(out) if not self._phrase_starts.isdisjoint(out) else out

    def _join_phrases(self, tokens: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for key, value in self._phrases.items():
                if tokens[i] == key[0] and tuple(tokens[i:i + len(key)]) == key:
                    out.extend(value)
                    i += len(key)
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def __call__(self, text: str) -> str:
        return " ".join(self.tokens(text))

    def keep_as_written(self, texts: Iterable[str]) -> None:
        """The words of the maintainers' lists, which a message must match as written: never respelt ("stalks" is not
        "talks", "mancis" not "manis")."""
        self._as_written = frozenset(t for text in texts for t in self.tokens(text))
        self._said.cache_clear()

    def reading(self, text: str) -> str:
        """An incoming message's words, slips respelt: what the models read of it."""
        return " ".join(self.tokens(text, respell=True))

    def without_furniture(self, text: str, reach_tags: frozenset[str] = frozenset()) -> str:
        """An incoming message without links, @handles and the like (see `without_furniture`)."""
        return without_furniture(text, self._vocab, reach_tags)
