"""Words as Kokoro's tokens: eSpeak NG's IPA mapped to the symbols Kokoro was trained on, and a
word's tokens cut into the syllables the score sings.

Kokoro's English front end (misaki) writes diphthongs and affricates as one letter ("I" for aɪ,
"ʤ" for dʒ) and r-coloured vowels as two (ɚ -> əɹ); eSpeak ties the letters of one phoneme with
"^" (a^ɪ), so the mapping below is misaki's own table for its eSpeak fallback, longest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from engine.render import voice_espeak
from engine.render.kokoro_model import vocabulary

VOWELS = frozenset("AIOWYQaeiouæɑɐɒɔəɚɛɜɪʊʌᵊᵻɨɯ")
VOICED_CONSONANTS = frozenset("bdvðzʒmnŋlɹwjɡʤɾɟ")
STRESS = frozenset("ˈˌ")
# eSpeak's American IPA -> Kokoro's, applied longest first (misaki's E2M, American).
_IPA_TO_KOKORO = {
    "ʔˌn̩": "tᵊn",
    "ʔn̩": "tᵊn",
    "ʔn": "tᵊn",
    "ʔ": "t",
    "a^ɪ": "I",
    "a^ʊ": "W",
    "d^ʒ": "ʤ",
    "e^ɪ": "A",
    "e": "A",
    "t^ʃ": "ʧ",
    "ɔ^ɪ": "Y",
    "ə^l": "ᵊl",
    "o^ʊ": "O",
    "ɚɹ": "əɹ",
    "ɚ": "əɹ",
    "ɜːɹ": "ɜɹ",
    "ɜː": "ɜɹ",
    "ɪə": "iə",
    "r": "ɹ",
    "x": "k",
    "ç": "k",
    "ɐ": "ə",
    "ɬ": "l",
    "ʲ": "",
    "\u0303": "",  # nasalised
    "\u0329": "",  # syllabic
    "ː": "",
    "o": "ɔ",
    "^": "",
}
_MAPPING = re.compile("|".join(re.escape(k) for k in sorted(_IPA_TO_KOKORO, key=len, reverse=True)))
# What a word keeps for eSpeak: letters, digits and the apostrophes inside it ("don't", "'cause").
_SPEAKABLE = re.compile(r"[^\w']+")


@dataclass(frozen=True)
class Token:
    """One of Kokoro's input symbols."""

    symbol: str
    SPACE: ClassVar[Token]

    @property
    def is_vowel(self) -> bool:
        return self.symbol in VOWELS

    @property
    def is_stress(self) -> bool:
        return self.symbol in STRESS

    @property
    def is_voiced(self) -> bool:
        return self.symbol in VOWELS or self.symbol in VOICED_CONSONANTS


Token.SPACE = Token(" ")


def kokoro_ipa(espeak_ipa: str) -> str:
    """eSpeak's IPA (phonemes tied with "^") in Kokoro's symbols."""
    return _MAPPING.sub(lambda m: _IPA_TO_KOKORO[m.group(0)], espeak_ipa)


@lru_cache(maxsize=8192)
def word_tokens(word: str) -> tuple[Token, ...]:
    """`word`'s tokens as Kokoro says it; empty when there is nothing to say (punctuation, or a
    word eSpeak has no phonemes for), which is sung as silence."""
    text = _SPEAKABLE.sub(" ", word).strip(" '")
    if not text:
        return ()
    symbols = kokoro_ipa(voice_espeak.ipa(text)).replace(" ", "")
    known = vocabulary()
    tokens = tuple(Token(s) for s in symbols if s in known)
    return tokens if any(t.is_vowel or t.is_voiced for t in tokens) else ()


def syllable_parts(
    tokens: tuple[Token, ...], count: int
) -> list[tuple[list[int], list[int], list[int]]]:
    """`count` syllables of a word's tokens, as (onset, nucleus, coda) lists of token indices,
    however many vowels the word has.

    Surplus vowels merge with their nearest neighbour ("fire", I-ə-ɹ, sung as one syllable). Too
    few vowels: a syllable sung on no vowel of its own holds the one before ("every", ɛ-v-ɹ-i,
    sung ev-e-ry), taking the coda. Between two vowels one consonant opens the next syllable
    ("ci-ty"); of two or more, the first closes this one ("win-dow"). A stress mark goes with the
    syllable it stresses."""
    if count <= 0 or not tokens:
        return []
    nuclei: list[list[int]] = []
    for i, token in enumerate(tokens):
        if token.is_vowel:
            if nuclei and nuclei[-1][-1] == i - 1:
                nuclei[-1].append(i)
            else:
                nuclei.append([i])
    if not nuclei:  # "hmm", "shh": a voiced consonant (or the middle) carries the note
        voiced = [i for i, t in enumerate(tokens) if t.is_voiced]
        nuclei = [[voiced[len(voiced) // 2] if voiced else len(tokens) // 2]]
    while len(nuclei) > count:
        _gap, k = min((nuclei[k + 1][0] - nuclei[k][-1], k) for k in range(len(nuclei) - 1))
        nuclei[k : k + 2] = [list(range(nuclei[k][0], nuclei[k + 1][-1] + 1))]
    cuts = [0]
    for left, right in zip(nuclei, nuclei[1:], strict=False):
        gap = range(left[-1] + 1, right[0])
        consonants = [i for i in gap if not tokens[i].is_stress]
        stresses = [i for i in gap if tokens[i].is_stress]
        cut = right[0] if not consonants else consonants[min(1, len(consonants) - 1)]
        cuts.append(min(cut, stresses[0]) if stresses else cut)
    cuts.append(len(tokens))
    parts = []
    for k, nucleus in enumerate(nuclei):
        onset = list(range(cuts[k], nucleus[0]))
        coda = list(range(nucleus[-1] + 1, cuts[k + 1]))
        parts.append((onset, nucleus, coda))
    # Too few vowels: the longest-held nucleus (a diphthong, else the first) is sung again.
    while len(parts) < count:
        k = next((k for k, p in enumerate(parts) if tokens[p[1][0]].symbol in "AIOWY"), 0)
        onset, nucleus, coda = parts[k]
        parts[k : k + 1] = [(onset, nucleus, []), ([], nucleus[-1:], coda)]
    return parts
