"""A spoken word cut into the syllables the score sings: onset consonants, vowel, coda consonants."""

from __future__ import annotations

from dataclasses import dataclass

from engine.render.voice_phones import Phone


@dataclass(frozen=True)
class SpokenSyllable:
    """Spans in samples of the word's audio: consonants before the vowel, the vowel, consonants
    after."""

    onset: tuple[int, int]
    vowel: tuple[int, int]
    coda: tuple[int, int]


def split_syllables(phones: tuple[Phone, ...], count: int) -> list[SpokenSyllable]:
    """`count` syllables out of a word's phonemes, however many vowels the synthesiser said.

    Surplus vowels merge with their neighbours ("fire" spoken f-aI-@, sung as one syllable); too
    few vowels are shared out by halving the longest ("every" spoken in two, sung in three).
    """
    if count <= 0 or not phones:
        return []
    nuclei = [[i, i] for i, phone in enumerate(phones) if phone.is_vowel]
    if not nuclei:  # "hmm", "shh": the longest voiced stretch (or the whole word) is the vowel
        voiced = [i for i, p in enumerate(phones) if p.is_voiced] or list(range(len(phones)))
        longest = max(voiced, key=lambda i: phones[i].end - phones[i].start)
        nuclei = [[longest, longest]]
    while len(nuclei) > count:
        gap, k = min((nuclei[k + 1][0] - nuclei[k][1], k) for k in range(len(nuclei) - 1))
        nuclei[k : k + 2] = [[nuclei[k][0], nuclei[k + 1][1]]]
    spans = [(phones[a].start, phones[b].end) for a, b in nuclei]
    while len(spans) < count:
        k = max(range(len(spans)), key=lambda i: spans[i][1] - spans[i][0])
        start, end = spans[k]
        middle = (start + end) // 2
        spans[k : k + 1] = [(start, middle), (middle, end)]
        nuclei[k : k + 1] = [nuclei[k], nuclei[k]]
    cuts = [phones[0].start]
    for k in range(len(nuclei) - 1):
        left, right = nuclei[k][1], nuclei[k + 1][0]
        between = list(range(left + 1, right))
        if not between:
            cuts.append(spans[k][1])
        elif len(between) == 1:  # one consonant starts the next syllable: "ci-ty"
            cuts.append(phones[between[0]].start)
        else:  # the first closes this syllable, the rest open the next: "win-dow", "mon-ster"
            cuts.append(phones[between[1]].start)
    cuts.append(phones[-1].end)
    return [
        SpokenSyllable(
            onset=(cuts[k], spans[k][0]),
            vowel=spans[k],
            coda=(spans[k][1], cuts[k + 1]),
        )
        for k in range(count)
    ]
