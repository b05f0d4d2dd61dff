"""The story a song tells: one setting whose things fill its verses, lines that keep their
referents, a bridge that turns, a blues third line that answers the first."""

import re

import pytest

from engine.lyrics import parse_sections, write_full_song
from engine.lyrics.lexicon import style_tags, theme_from_text
from engine.lyrics.settings import settings
from engine.lyrics.story import read_story
from engine.lyrics.vocabulary import lexicon
from engine.lyrics.writer import seeded_rng
from tests.engine.lyrics.helpers import sung

PROMPTS = [
    "a soulful blues song about a rainy night",
    "a folk ballad about my grandmother in Lisbon",
    "a song about a garden my father planted",
    "a country song about a truck driver coming home",
]
_PEOPLE = {"she": {"she", "her"}, "he": {"he", "him", "his"}, "you": {"you", "your"}}


def plan(prompt: str, seed: int = 0):
    """The story the writer plans for the prompt (the same draws as `write_full_song`)."""
    rng = seeded_rng(seed, prompt, None)
    theme = theme_from_text(prompt, rng)
    return read_story(prompt, theme, style_tags(prompt, theme, rng), rng)


def nouns_of(line: str) -> set[str]:
    """The lexicon's non-person nouns a line names (two-word nouns first)."""
    text = " " + re.sub(r"[^a-z ]", " ", line.lower()) + " "
    found = set()
    things = [n for n in lexicon().nouns.values() if "person" not in n.tags]
    forms = {n.plural: n.word for n in things}
    forms |= {n.word: n.word for n in things}  # "hands" is a noun of its own, not hand's plural
    for form in sorted(forms, key=len, reverse=True):
        if f" {form} " in text:
            found.add(forms[form])
            text = text.replace(f" {form} ", " | ")
    return found


@pytest.fixture(scope="module")
def songs():
    return {(p, seed): write_full_song(p, seed=seed) for p in PROMPTS for seed in (0, 1)}


def test_the_prompt_picks_one_setting_with_its_own_things():
    assert plan("a soulful blues song about a rainy night").setting.name == "rainy street"
    assert plan("a blues song about a train that left at dawn").setting.name == "station"
    assert plan("a jazz tune about a smoky bar at midnight").when == "at midnight"
    street = settings()["rainy street"]
    assert street.has("umbrella") and street.has("bus stop") and not street.has("pines")
    assert "sell" not in street.uses["taxi"]


def test_every_setting_names_only_things_the_lexicon_knows_and_verbs_that_take_them():
    verbs = {(v.frame, f"{v.base} {v.particle}".strip()): v for v in lexicon().verbs}
    for setting in settings().values():
        for noun in setting.field:
            for use in setting.uses[noun.word]:
                assert noun.has(verbs[("vt", use)].tags), (setting.name, noun.word, use)


def test_a_verses_things_belong_to_its_setting(songs):
    for (prompt, seed), song in songs.items():
        story = plan(prompt, seed)
        field = {n.word for n in story.setting.field + story.focus}
        outside = named = 0
        for section in parse_sections(song.lyrics):
            if section.kind != "verse":
                continue
            for line in sung(section):
                found = nouns_of(line)
                named += len(found)
                outside += len(found - field)
        # A line that finds no rhyme in its setting may borrow a thing, seldom: one in a song's
        # verses, or a tenth of their things.
        assert named and outside <= max(1, 0.1 * named), (prompt, seed, outside, named)


def test_adjacent_verse_lines_keep_their_referent_or_say_how_they_follow(songs):
    linked = pairs = 0
    for song in songs.values():
        for section in parse_sections(song.lyrics):
            lines = sung(section)
            if section.kind != "verse":
                continue
            for a, b in zip(lines, lines[1:], strict=False):
                if a == b:
                    continue
                words_a, words_b = (
                    set(re.findall(r"[a-z]+", a.lower())),
                    set(re.findall(r"[a-z]+", b.lower())),
                )
                same_person = any(forms & words_a and forms & words_b for forms in _PEOPLE.values())
                same_thing = bool(nouns_of(a) & nouns_of(b))
                follows = b.split()[0].strip(",").lower() in {
                    "and", "so", "but", "then", "because", "while", "now", "for",
                }  # fmt: skip
                pairs += 1
                linked += same_person or same_thing or follows
    # The writer before the story plan linked 26 % of adjacent lines (docs/BENCHMARKS.md).
    assert linked / pairs >= 0.45, (linked, pairs)


def test_verse_one_brings_in_the_character_and_goes_on_with_her_pronoun():
    for seed in range(3):
        song = write_full_song("a folk ballad about my grandmother in Lisbon", seed=seed)
        verse = next(s for s in parse_sections(song.lyrics) if s.kind == "verse")
        lines = [line.lower() for line in sung(verse)]
        first = next(i for i, line in enumerate(lines) if "grandmother" in line)
        assert any(re.search(r"\b(she|her)\b", line) for line in lines[first + 1 :]), lines


def test_verse_one_sets_the_scene_where_and_when(songs):
    places = {w for n in lexicon().nouns.values() if n.tags & {"place", "fixture"}
              for w in (n.word, n.plural)}  # fmt: skip
    times = [t.text.lower() for t in lexicon().times]
    set_out = []
    for song in songs.values():
        verse = next(s for s in parse_sections(song.lyrics) if s.kind == "verse")
        text = " ".join(sung(verse)).lower()
        where = nouns_of(text) & places or "lisbon" in text
        set_out.append(bool(where) and any(t in text for t in times))
    # The writer before verse 1 was asked to open on the scene set it in 4 of these 8 songs.
    assert sum(set_out) >= 6, set_out


@pytest.mark.parametrize("prompt", PROMPTS)
def test_the_bridge_turns_to_another_time_or_a_change_of_mind(prompt):
    turns = r"\b(back then|years ago|used to|someday|tomorrow|maybe|but now|would|will)\b"
    for seed in range(2):
        sections = parse_sections(write_full_song(prompt, seed=seed).lyrics)
        bridge = next(s for s in sections if s.kind == "bridge")
        assert re.search(turns, " ".join(sung(bridge)).lower()), sung(bridge)


def test_a_blues_third_line_answers_the_first():
    answers = ("because", "so", "and", "but", "now", "then")
    for prompt in ("a soulful blues song about a rainy night",
                   "a blues song about a train that left at dawn"):  # fmt: skip
        for seed in range(3):
            for section in parse_sections(write_full_song(prompt, seed=seed).lyrics):
                lines = sung(section)
                if section.kind != "verse":
                    continue
                first, answer = lines[0].lower(), lines[2].lower()
                opens = answer.split()[0].strip(",") in answers
                shared = nouns_of(first) & nouns_of(answer)
                assert opens or shared, lines


def test_the_chorus_sings_to_someone(songs):
    for song in songs.values():
        chorus = next(s for s in parse_sections(song.lyrics) if s.kind == "chorus")
        text = " ".join(sung(chorus)).lower()
        assert re.search(r"\b(you|me)\b", text), sung(chorus)


def test_a_title_names_something_of_its_own_song(songs):
    for (prompt, seed), song in songs.items():
        if "blues" in prompt:  # a blues hook is chosen for its rhyme first
            continue
        story = plan(prompt, seed)
        own = {n.word for n in story.setting.field if n.word not in story.setting.everywhere}
        own |= {n.word for n in story.focus} | {n.word for n in story.places}
        assert nouns_of(song.song_title) & own, (prompt, seed, song.song_title)


KISSED = r"kiss(es|ed|ing)?"
DANCED_WITH = r"danc(e|es|ed|ing) with"
# What no song sings to its other person: a kin is neither kissed nor danced with like a lover, a
# friend not kissed.
NOT_SUNG = {
    "a country song about a father teaching his son to fish": (KISSED, DANCED_WITH),
    "a soul song about a mother working two jobs": (KISSED, DANCED_WITH),
    "a christmas song about snow and family": (KISSED, DANCED_WITH),
    "an indie song about a road trip with friends": (KISSED,),
}


def test_the_prompt_says_what_the_other_person_is_to_the_singer():
    assert plan("a country song about a father teaching his son to fish").bond.name == "family"
    assert plan("an indie song about a road trip with friends").bond.name == "friends"
    assert plan("upbeat pop song about summer love at the beach").bond.name == "lovers"


@pytest.mark.parametrize("prompt", NOT_SUNG)
def test_a_song_to_family_or_friends_is_no_love_song(prompt):
    unsung = re.compile(rf"\b({'|'.join(NOT_SUNG[prompt])})\b", re.IGNORECASE)
    for seed in range(4):
        lyrics = write_full_song(prompt, seed=seed).lyrics
        assert not unsung.search(lyrics), (seed, lyrics)
    assert "kiss" not in plan(prompt).feels | plan(prompt).verbs


def test_a_lesson_by_the_river_is_sung_there_with_what_was_taught():
    story = plan("a country song about a father teaching his son to fish")
    assert (story.setting.name, story.event, story.character) == ("river", "lesson", "the father")
    assert story.setting.has("fish") and "catch" in story.setting.uses["fish"]
    assert {"teach", "catch"} <= story.verbs and "thank" in story.feels
