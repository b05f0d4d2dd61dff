import re

from engine.lyrics import count_syllables, edit, parse_sections, write_full_song
from engine.lyrics.check import line_problems
from engine.lyrics.rhyme import internal_rhymes
from engine.lyrics.sections import split_blocks
from engine.lyrics.vocabulary import lexicon
from tests.engine.lyrics.helpers import follows_a_scheme, sung

SONG = write_full_song("a soulful blues song about a rainy night", seed=1)
POP = write_full_song("upbeat pop song about summer love at the beach", seed=2)
SEA = {n.word for n in lexicon().nouns.values() if "sea" in n.scenes} | {"sea"}


def blocks(lyrics: str) -> list[tuple[str, str]]:
    """(label, exact text without trailing blank lines) per section."""
    return [(b.section.label, b.text.rstrip("\n")) for b in split_blocks(lyrics)]


def kept(before: str, after: str) -> list[str]:
    """Labels of the sections of `before` found byte-identical in `after`."""
    after_texts = [text for _, text in blocks(after)]
    return [label for label, text in blocks(before) if text in after_texts]


def test_adding_a_bridge_keeps_every_other_section_byte_identical():
    lyrics = SONG.lyrics.replace("[Bridge]", "[Hook]")  # a song without a bridge
    result = edit(lyrics, "add a bridge", seed=3)
    assert len(kept(lyrics, result.lyrics)) == len(blocks(lyrics))
    kinds = [s.kind for s in parse_sections(result.lyrics)]
    assert kinds.count("bridge") == 1
    assert kinds.index("bridge") == max(i for i, k in enumerate(kinds) if k == "chorus") - 1
    bridge = next(s for s in parse_sections(result.lyrics) if s.kind == "bridge")
    assert follows_a_scheme(sung(bridge))


def test_rewriting_the_second_verse_about_the_sea_touches_only_that_verse():
    result = edit(SONG.lyrics, "rewrite the second verse about the sea", seed=4)
    before, after = blocks(SONG.lyrics), blocks(result.lyrics)
    assert [label for label, _ in before] == [label for label, _ in after]
    changed = [label for (label, a), (_, b) in zip(before, after, strict=True) if a != b]
    assert changed == ["Verse 2"]
    verse = next(s for s in parse_sections(result.lyrics) if s.label == "Verse 2")
    old = next(s for s in parse_sections(SONG.lyrics) if s.label == "Verse 2")
    assert len(verse.lines) == len(old.lines)
    text = " ".join(sung(verse)).lower()
    assert sum(f" {word}" in f" {text}" for word in SEA) >= 2, sung(verse)


def test_removing_the_outro_keeps_the_rest_byte_identical():
    result = edit(SONG.lyrics, "remove the outro")
    assert "[Outro]" not in result.lyrics
    assert result.lyrics == SONG.lyrics[: SONG.lyrics.index("\n\n[Outro]")]


def test_a_shorter_chorus_keeps_the_hook_and_a_rhyme_in_every_chorus():
    result = edit(SONG.lyrics, "make the chorus shorter")
    choruses = [s for s in parse_sections(result.lyrics) if s.kind == "chorus"]
    old = next(s for s in parse_sections(SONG.lyrics) if s.kind == "chorus")
    assert all(len(sung(c)) < len(sung(old)) and sung(c)[0] == sung(old)[0] for c in choruses)
    assert len({c.lines for c in choruses}) == 1
    assert all(follows_a_scheme(sung(c)) for c in choruses)
    assert set(kept(SONG.lyrics, result.lyrics)) >= {"Verse 1", "Verse 2", "Bridge"}


def test_changing_the_theme_keeps_the_structure_and_brings_the_new_words():
    result = edit(SONG.lyrics, "make it about winter", seed=2)
    assert [s.label for s in parse_sections(result.lyrics)] == [
        s.label for s in parse_sections(SONG.lyrics)
    ]
    words = result.lyrics.lower()
    winter = {n.word for n in lexicon().nouns.values() if "winter" in n.scenes}
    assert sum(f" {w}" in words for w in winter) >= 3
    assert result.lyrics != SONG.lyrics
    for section in parse_sections(result.lyrics):
        assert follows_a_scheme(sung(section))


def test_continuing_unfinished_lyrics_keeps_them_and_adds_the_missing_sections():
    start = (
        "[Verse 1]\nWalking down the empty street tonight\nThe rain is falling on my window light\n"
    )
    result = edit(start, "finish the song", seed=5)
    assert result.lyrics.startswith(start.rstrip("\n"))
    sections = parse_sections(result.lyrics)
    assert len(sections[0].lines) == 4
    assert follows_a_scheme(sung(sections[0]))
    kinds = [s.kind for s in sections]
    assert kinds.count("chorus") >= 2 and "bridge" in kinds and kinds[-1] == "outro"


def test_an_unknown_instruction_rewrites_the_worst_scanning_section():
    lyrics = SONG.lyrics.replace(
        "[Bridge]\n", "[Bridge]\nThis line is much much much too long to ever scan well at all\n"
    )
    result = edit(lyrics, "do something nice with it please", seed=1)
    bridge = next(s for s in parse_sections(result.lyrics) if s.kind == "bridge")
    assert "much much much" not in result.lyrics
    counts = [count_syllables(line) for line in sung(bridge)]
    assert max(counts) - min(counts) <= 2
    assert len(kept(lyrics, result.lyrics)) == len(blocks(lyrics)) - 1


def test_a_given_title_is_kept_in_edit():
    assert edit(SONG.lyrics, "add a verse", title="My Own Title").song_title == "My Own Title"


def test_edit_is_deterministic_by_seed():
    assert edit(SONG.lyrics, "make it about winter", seed=9) == edit(
        SONG.lyrics, "make it about winter", seed=9
    )


def test_windows_line_endings_are_kept_in_untouched_and_new_text():
    lyrics = "[Verse]\r\nI walk along the river side\r\nThe water runs so cold and wide\r\n\r\n[Chorus]\r\nOh river run\r\n"
    result = edit(lyrics, "add a bridge", seed=1)
    assert result.lyrics.startswith(
        "[Verse]\r\nI walk along the river side\r\nThe water runs so cold and wide\r\n\r\n[Bridge]\r\n"
    )
    assert result.lyrics.endswith("\r\n\r\n[Chorus]\r\nOh river run\r\n")
    assert "\n" not in result.lyrics.replace("\r\n", "")


def test_rewriting_a_section_the_song_lacks_adds_it():
    result = edit(
        "[Verse]\nI walk along the river side\nThe water runs so cold and wide\n",
        "write a new chorus",
        seed=2,
    )
    assert [s.kind for s in parse_sections(result.lyrics)] == ["verse", "chorus"]
    assert result.lyrics.startswith(
        "[Verse]\nI walk along the river side\nThe water runs so cold and wide\n\n[Chorus]\n"
    )


def test_a_shorter_song_drops_a_section_and_a_longer_one_gains_a_verse_and_chorus():
    kinds = [s.kind for s in parse_sections(SONG.lyrics)]
    labels = [s.label for s in parse_sections(SONG.lyrics)]
    shorter = [s.label for s in parse_sections(edit(SONG.lyrics, "make it shorter").lyrics)]
    longer = [s.kind for s in parse_sections(edit(SONG.lyrics, "make the song longer").lyrics)]
    assert len(shorter) < len(labels) and set(shorter) <= set(labels)
    assert longer.count("verse") == kinds.count("verse") + 1
    assert longer.count("chorus") == kinds.count("chorus") + 1


def changed_labels(before: str, after: str) -> list[str]:
    """Labels of the sections whose text differs, for songs that keep their sections."""
    old, new = blocks(before), blocks(after)
    assert [label for label, _ in old] == [label for label, _ in new]
    return [label for (label, a), (_, b) in zip(old, new, strict=True) if a != b]


def test_adding_a_bridge_about_the_sea_brings_the_sea_and_keeps_the_rest():
    lyrics = POP.lyrics.replace("[Bridge]", "[Hook]")
    result = edit(lyrics, "add a bridge about the sea", seed=1)
    assert len(kept(lyrics, result.lyrics)) == len(blocks(lyrics))
    bridge = next(s for s in parse_sections(result.lyrics) if s.kind == "bridge")
    text = " ".join(sung(bridge)).lower()
    assert sum(f" {word}" in f" {text}" for word in SEA) >= 2, sung(bridge)


def test_a_hopeful_chorus_looks_forward_and_keeps_its_hook_and_the_rest():
    result = edit(POP.lyrics, "make the chorus hopeful", seed=1)
    assert set(changed_labels(POP.lyrics, result.lyrics)) == {"Chorus"}
    choruses = [s for s in parse_sections(result.lyrics) if s.kind == "chorus"]
    old = next(s for s in parse_sections(POP.lyrics) if s.kind == "chorus")
    assert len({c.lines for c in choruses}) == 1
    hook = sung(old)[0]
    assert sung(choruses[0])[0] == hook
    for line in sung(choruses[0]):
        if line != hook:
            assert re.search(r"\b(will|someday|tomorrow|again)\b", line.lower()), line


def test_shorter_lines_shorten_every_verse_and_keep_the_hook():
    result = edit(POP.lyrics, "shorter lines", seed=1)
    before = {s.label: s for s in parse_sections(POP.lyrics)}
    for section in parse_sections(result.lyrics):
        old = before[section.label]
        if section.kind in ("verse", "bridge"):
            mean = sum(map(count_syllables, sung(section))) / len(sung(section))
            old_mean = sum(map(count_syllables, sung(old))) / len(sung(old))
            assert mean <= old_mean - 1.5, (section.label, sung(section))
            assert follows_a_scheme(sung(section))
        if section.kind == "chorus":
            assert sung(section)[0] == sung(old)[0]


def test_more_internal_rhyme_rewrites_the_verses_with_rhymes_inside_their_lines():
    result = edit(POP.lyrics, "more internal rhyme", seed=1)
    assert set(changed_labels(POP.lyrics, result.lyrics)) == {"Verse 1", "Verse 2"}

    def inner(lyrics: str) -> int:
        verses = [s for s in parse_sections(lyrics) if s.kind == "verse"]
        return sum(internal_rhymes(line) > 0 for v in verses for line in sung(v))

    assert inner(result.lyrics) >= 4 > inner(POP.lyrics)


def test_verse_two_from_her_point_of_view_is_sung_of_her_and_nothing_else_changes():
    result = edit(POP.lyrics, "rewrite verse 2 from her point of view", seed=1)
    assert changed_labels(POP.lyrics, result.lyrics) == ["Verse 2"]
    verse = next(s for s in parse_sections(result.lyrics) if s.label == "Verse 2")
    lines = [line.lower() for line in sung(verse)]
    assert sum(bool(re.search(r"\b(she|her)\b", line)) for line in lines) >= 3, lines
    assert not any(re.search(r"\b(i|my|me)\b", line) for line in lines), lines
    assert all(line_problems(line) == [] for line in sung(verse))
