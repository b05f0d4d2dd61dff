from engine.lyrics import CANONICAL_KINDS, INSTRUMENTAL_KINDS, format_sections, parse_sections

LYRICS = """Some words before any tag
[Verse 1]
First line of the verse
(ooh, backing)

[Pre-Chorus]
Going up
[pre chorus]
[Build Up]
Higher now
[Chorus x2]
The hook line
[Verse2]
Second verse
[Weird Tag]
Still sung
[Guitar Solo]
[Post Chorus]
la la
"""


def test_tags_map_to_canonical_kinds_with_numbers_and_hyphen_variants():
    sections = parse_sections(LYRICS)
    kinds = [(s.kind, s.label, s.number) for s in sections]
    assert kinds == [
        ("verse", "Verse", None),
        ("verse", "Verse 1", 1),
        ("pre_chorus", "Pre-Chorus", None),
        ("pre_chorus", "pre chorus", None),
        ("build_up", "Build Up", None),
        ("chorus", "Chorus x2", None),
        ("verse", "Verse2", 2),
        ("verse", "Weird Tag", None),
        ("solo", "Guitar Solo", None),
        ("post_chorus", "Post Chorus", None),
    ]
    assert all(s.kind in CANONICAL_KINDS for s in sections)


def test_every_tag_of_the_contract_is_recognised():
    tags = ["Intro", "Verse", "Pre Chorus", "Chorus", "Interlude", "Bridge", "Outro", "Post Chorus",
            "Transition", "Break", "Hook", "Build Up", "Inst", "Solo"]  # fmt: skip
    kinds = [s.kind for s in parse_sections("\n".join(f"[{t}]" for t in tags))]
    assert kinds == ["intro", "verse", "pre_chorus", "chorus", "interlude", "bridge", "outro",
                     "post_chorus", "transition", "break", "hook", "build_up", "inst", "solo"]  # fmt: skip


def test_a_line_entirely_in_parentheses_is_backing_vocals():
    verse = parse_sections(LYRICS)[1]
    assert [(line.text, line.backing) for line in verse.lines] == [
        ("First line of the verse", False),
        ("(ooh, backing)", True),
    ]
    lines = parse_sections("[Verse]\nI sing (you sing)\n(Ooh) (yeah)\n")[0].lines
    assert [line.backing for line in lines] == [False, True]


def test_a_description_after_the_tag_name_keeps_the_kind_and_number():
    section = parse_sections("[Verse 2: soft piano]\nline\n")[0]
    assert (section.kind, section.number, section.label) == ("verse", 2, "Verse 2: soft piano")


def test_blank_lines_are_ignored_and_empty_sections_have_no_lines():
    sections = parse_sections("\n\n[Intro]\n\n\n[Verse]\n\nline one\n\nline two\n")
    assert sections[0].lines == ()
    assert sections[0].is_instrumental
    assert [line.text for line in sections[1].lines] == ["line one", "line two"]


def test_an_intro_with_lines_is_not_instrumental():
    intro = parse_sections("[Intro]\n(Ooh)\n")[0]
    assert intro.kind in INSTRUMENTAL_KINDS
    assert not intro.is_instrumental


def test_format_sections_round_trips_tagged_lyrics():
    text = "[Verse 1]\nLine one\nLine two\n\n[Chorus]\nHook\n(echo)\n\n[Outro]"
    assert format_sections(parse_sections(text)) == text
