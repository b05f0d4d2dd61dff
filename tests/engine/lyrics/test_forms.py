import pytest

from engine.compose import compose
from engine.compose.length import MAX_LINE_SYLLABLES, MAX_SONG_S
from engine.lyrics import count_syllables, parse_sections, write_full_song
from engine.lyrics.vocabulary import lexicon
from engine.lyrics.writer import post_chorus_lines
from tests.engine.lyrics.helpers import cmu_rhyme, follows_a_scheme, sung


def songs(prompt: str, seeds: range = range(3)) -> list:
    return [parse_sections(write_full_song(prompt, seed=seed).lyrics) for seed in seeds]


def of_kind(sections: list, kind: str) -> list[list[str]]:
    return [sung(s) for s in sections if s.kind == kind]


@pytest.mark.parametrize("prompt", ["a soulful blues song about a rainy night",
                                    "a blues song about a train that left at dawn"])  # fmt: skip
def test_blues_verses_and_choruses_are_aab(prompt):
    for sections in songs(prompt):
        for lines in of_kind(sections, "verse") + of_kind(sections, "chorus"):
            assert len(lines) == 3, lines
            assert lines[0] == lines[1], lines
            assert cmu_rhyme(lines[0], lines[2]), lines


def test_hip_hop_verses_are_sixteen_bars_of_rhymed_couplets():
    for sections in songs("hip hop track about growing up in the city"):
        verses = of_kind(sections, "verse")
        assert len(verses) == 2
        for lines in verses:
            assert len(lines) == 16
            assert all(cmu_rhyme(lines[i], lines[i + 1]) for i in range(0, 16, 2)), lines


def test_pop_has_a_pre_chorus_before_and_a_post_chorus_hook_after_every_chorus():
    for sections in songs("upbeat pop song about summer love at the beach"):
        kinds = [s.kind for s in sections]
        hook = of_kind(sections, "chorus")[0][0]
        for i, kind in enumerate(kinds):
            if kind == "chorus":
                assert kinds[i + 1] == "post_chorus"
        assert kinds.count("pre_chorus") == 2
        assert all(
            hook.lower() in " ".join(lines).lower() for lines in of_kind(sections, "post_chorus")
        )


def test_a_post_chorus_chants_the_hook_with_the_singer_in_capitals():
    assert post_chorus_lines("I call you at the bus stop") == [
        "Oh, oh, I call you at the bus stop",
        "(I call you at the bus stop)",
    ]
    assert post_chorus_lines("Wait for me")[0] == "Oh, oh, wait for me"


def test_a_folk_ballad_tells_its_story_over_three_verses():
    for sections in songs("a folk ballad about my grandmother in Lisbon"):
        verses = of_kind(sections, "verse")
        assert len(verses) == 3
        assert all(follows_a_scheme(lines) for lines in verses)


@pytest.mark.parametrize("prompt", ["a folk ballad about my grandmother in Lisbon",
                                    "hip hop track about growing up in the city",
                                    "dark metal anthem about war"])  # fmt: skip
def test_later_verses_sing_to_the_first_ones_meter_within_a_syllable_a_line(prompt):
    for sections in songs(prompt):
        first, *later = of_kind(sections, "verse")
        for verse in later:
            assert len(verse) == len(first)
            for a, b in zip(first, verse, strict=True):
                assert abs(count_syllables(a) - count_syllables(b)) <= 1, (a, b)


@pytest.mark.parametrize("prompt", ["a country song about a truck driver coming home",
                                    "hip hop track about growing up in the city",
                                    "a pop song about dancing in the kitchen"])  # fmt: skip
def test_no_image_is_named_in_two_sections_outside_the_chorus(prompt):
    images = {n.word: n for n in lexicon().nouns.values() if "person" not in n.tags}
    for sections in songs(prompt):
        seen: dict[str, str] = {}
        for section in sections:
            if section.kind in ("chorus", "post_chorus", "outro", "intro"):
                key = "chorus"
            else:
                key = "\n".join(sung(section))  # a pre-chorus sung again is one section
            text = " " + " ".join(sung(section)).lower().replace(",", " ") + " "
            for word in sorted(images, key=len, reverse=True):
                forms = {word, images[word].plural}
                if any(f" {form} " in text for form in forms):
                    assert seen.setdefault(word, key) == key, (word, section.label)
                    for form in forms:
                        text = text.replace(f" {form} ", " | ")


@pytest.mark.parametrize("seed", range(3))
def test_a_hip_hop_song_plans_within_the_composers_length_cap(seed):
    prompt = "a hip hop song about my brother in prison"
    lyrics = write_full_song(prompt, seed=seed).lyrics
    score = compose(prompt, lyrics, instrumental=False, seed=seed, target_duration_s=None)
    assert score.duration_s <= MAX_SONG_S
    assert all(count_syllables(line) <= MAX_LINE_SYLLABLES for line in lyrics.splitlines())
