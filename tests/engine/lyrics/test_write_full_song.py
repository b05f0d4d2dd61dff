import re

import pytest

from engine.lyrics import count_syllables, lint_meter, parse_sections, write_full_song
from engine.lyrics.check import line_problems
from engine.lyrics.vocabulary import lexicon
from tests.engine.lyrics.helpers import follows_a_scheme, sung

PROMPTS = [
    "a soulful blues song about a rainy night",
    "upbeat pop song about summer love at the beach",
    "dark metal anthem about war",
    "a folk ballad about my grandmother in Lisbon",
    "",
]


@pytest.fixture(scope="module")
def songs():
    return {
        (prompt, seed): write_full_song(prompt, seed=seed) for prompt in PROMPTS for seed in (0, 1)
    }


def test_a_song_has_verses_choruses_a_bridge_and_an_outro_in_tags(songs):
    for song in songs.values():
        kinds = [s.kind for s in parse_sections(song.lyrics)]
        assert 2 <= kinds.count("verse") <= 3
        assert kinds.count("chorus") >= 3
        assert "bridge" in kinds
        assert kinds[-1] == "outro"
        assert song.lyrics.lstrip().startswith("[")
        assert "[Chorus]" in song.lyrics and "[Bridge]" in song.lyrics


def test_every_chorus_carries_the_hook_and_the_title_comes_from_it(songs):
    for song in songs.values():
        choruses = [s for s in parse_sections(song.lyrics) if s.kind == "chorus"]
        hook = choruses[0].lines[0].text
        assert all(hook in [line.text for line in chorus.lines] for chorus in choruses)
        assert song.song_title.lower() in hook.lower()


def test_line_ends_rhyme_in_a_scheme_per_section(songs):
    for song in songs.values():
        for section in parse_sections(song.lyrics):
            assert follows_a_scheme(sung(section)), (section.label, sung(section))


def test_lines_scan_within_one_syllable_of_their_sections_meter(songs):
    for song in songs.values():
        for section in parse_sections(song.lyrics):
            counts = [count_syllables(line) for line in sung(section)]
            if counts:
                assert max(counts) - min(counts) <= 2, (section.label, sung(section))
        assert lint_meter(song.lyrics) == []


def test_the_words_come_from_the_theme(songs):
    lyrics = songs[(PROMPTS[0], 0)].lyrics.lower()
    assert "rain" in lyrics
    night = ("night", "midnight", "dark", "moon", "neon", "streetlight", "stars", "moonlight")
    assert any(word in lyrics for word in night)
    sea_song = write_full_song("a song about the sea and sailing", seed=3).lyrics.lower()
    sea = {n.word for n in lexicon().nouns.values() if "sea" in n.scenes}
    assert sum(f" {word}" in sea_song for word in sea) >= 4


def test_style_tags_name_the_genre_and_mood_of_the_prompt(songs):
    tags = songs[(PROMPTS[0], 0)].style_tags.split(", ")
    assert tags[0] == "Blues"
    assert "Soulful" in tags
    assert 3 <= len(tags) <= 6
    assert songs[(PROMPTS[2], 0)].style_tags.startswith("Metal")


def test_the_same_seed_gives_the_same_song(songs):
    assert write_full_song(PROMPTS[0], seed=0) == songs[(PROMPTS[0], 0)]


def test_different_seeds_give_different_songs(songs):
    for prompt in PROMPTS:
        assert songs[(prompt, 0)].lyrics != songs[(prompt, 1)].lyrics


def test_a_given_title_is_kept_unchanged_and_sung_as_the_hook():
    song = write_full_song("a love song", title="Summer Breeze Promise", seed=2)
    assert song.song_title == "Summer Breeze Promise"
    choruses = [s for s in parse_sections(song.lyrics) if s.kind == "chorus"]
    assert all("Summer Breeze Promise" in [line.text for line in c.lines] for c in choruses)


def test_generated_lyrics_stay_under_the_contract_limit(songs):
    assert all(len(song.lyrics) < 3500 for song in songs.values())
    # The longest form (two 16-bar verses) with the longest words a prompt can bring.
    for seed in range(4):
        long = write_full_song(
            "hip hop song about the neighbourhood, the grandmother, the basketball courts and "
            "the firefighters of Philadelphia",
            title="Everything Philadelphia Remembers About Tomorrow",
            seed=seed,
        )
        assert len(long.lyrics) <= 3500
        assert max(count_syllables(line) for line in long.lyrics.splitlines()) <= 24


def test_every_line_is_grammatical_with_words_that_belong_together(songs):
    for song in songs.values():
        for section in parse_sections(song.lyrics):
            for line in sung(section):
                assert line_problems(line) == [], line


def test_pronoun_subjects_agree_with_their_verbs(songs):
    """Checked apart from the checker: after she/he no verb's bare form, after I/you/we/they no
    -s form."""
    forms = lexicon().verbs
    bare = {v.base for v in forms} - {v.past for v in forms} - {"read"}
    third = {v.third for v in forms}
    for song in songs.values():
        for line in song.lyrics.lower().splitlines():
            for subject, verb in re.findall(r"\b(she|he|i|you|we|they) (\w+)", line):
                if subject in ("she", "he"):
                    assert verb not in bare, line
                else:
                    assert verb not in third, line
