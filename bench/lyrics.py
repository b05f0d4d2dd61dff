"""Benchmark of the lyric writer over the 50 themes of bench/lyrics_themes.txt.

    .venv/bin/python bench/lyrics.py [--themes FILE] [--songs FILE] [--dump FILE] [--show N]

Writes one song per theme (seed 0) with `engine.lyrics.write_full_song`, or scores the songs
of a JSON file instead (`--songs`, a list of {"theme", "title", "lyrics"}: how the old writer's
output was scored), and reports:
- grammar: the share of sung lines `engine.lyrics.check` finds nothing wrong with, and the
  share with no agreement, article, adjective, subject or object fault (unknown words aside);
- rhyme: the share of sections whose lines follow AABB, ABAB, ABCB/XAXA, a couplet or a blues
  AAB, perfect or near rhymes (same stressed vowel, codas of a kind) counted, perfect only too;
- meter: the share of sister-verse lines (verse 2 and 3 against verse 1) within one syllable;
- images: concrete nouns named in more than one section outside the choruses, per song;
- distinct titles and hooks, distinct songs for a second seed, form checks (blues AAB,
  hip-hop 16 bars), the longest song in characters, the longest line in syllables, the longest
  song the composer plans for them (`engine.compose.compose`, seed 0; the cap is 480 s);
- speed: seconds per song (mean and worst);
- story (`story_figures`), against the plan the writer reads from each theme (seed 0): the share
  of concrete nouns of verses, pre-choruses and bridges that belong to the song's setting (its
  field of things, the prompt's own nouns and place names); the share of adjacent lines of those
  sections that share a referent (the same person other than the singer, she ... her, or the
  same thing) and, apart, that open on a connective (and, so, but, because, then, while, now);
  sections that do their narrative job: verse 1 names a place and a time, verse 2 tells what
  happened (a verb in the past, or "then"), the bridge turns (another time or a change of mind:
  back then, used to, someday, tomorrow, maybe, but now, would, will), the chorus sings to
  someone ("you", a plea such as "hold me") or says a feeling (miss, remember, pray...); a blues
  verse's third line answers its first (an answering word, or a shared referent);
- whom it is sung to (`bond_figures`), read from the theme's own words, not the writer's plan:
  of the songs whose theme names kin (father, sister, a lullaby...), those that kiss or dance
  with someone as lovers do; of those that name friends, those that kiss.

`--themes` writes the songs for another list of themes: `bench/lyrics_themes_report.txt` is the
report set, written down before the writer was changed for it and never tuned on.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on the path: look the packages up from the root.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from engine.compose import compose
from engine.lyrics import count_syllables, parse_sections, write_full_song
from engine.lyrics.check import line_problems
from engine.lyrics.lexicon import common_words, imagery, style_tags, theme_from_text
from engine.lyrics.rhyme import NEAR, PERFECT, rhyme_score
from engine.lyrics.story import Story, read_story
from engine.lyrics.vocabulary import lexicon
from engine.lyrics.writer import seeded_rng

THEMES = ROOT / "bench" / "lyrics_themes.txt"
_CHORUS_LIKE = frozenset({"chorus", "post_chorus", "hook", "outro", "intro"})


def themes(path: Path = THEMES) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def sung(section) -> list[str]:
    return [line.text for line in section.lines if not line.backing]


def _pairs_rhyme(lines: list[str], pairs: list[tuple[int, int]], least: float) -> bool:
    return all(rhyme_score(lines[a], lines[b]) >= least for a, b in pairs)


def follows_scheme(lines: list[str], least: float) -> bool | None:
    """Whether a section's lines follow one of the schemes; None for a section too short."""
    n = len(lines)
    if n < 2:
        return None
    if n == 2:
        return _pairs_rhyme(lines, [(0, 1)], least)
    if n == 3:  # blues AAB: the first line twice, the third rhyming with it
        return lines[0] == lines[1] and _pairs_rhyme(lines, [(0, 2)], least)
    blocks = [lines[i : i + 4] for i in range(0, n - n % 4, 4)]
    schemes = ([(0, 1), (2, 3)], [(0, 2), (1, 3)], [(1, 3)])
    return all(
        any(
            _pairs_rhyme(block, s, least)
            if s != [(1, 3)]
            else _pairs_rhyme(block, s, least) and block[0] != block[1]
            for s in schemes
        )
        for block in blocks
    ) and (n % 4 != 2 or _pairs_rhyme(lines[-2:], [(0, 1)], least))


def image_nouns() -> set[str]:
    """Concrete nouns: the writer's, the old writer's imagery and common nouns; words that are
    also verbs or adjectives ("dance", "rose", "cold") are left out, as time phrases are."""
    lex = lexicon()
    nouns = set(lex.nouns) | {n.plural for n in lex.nouns.values()}
    for cluster in imagery().values():
        nouns.update(w for w in cluster["nouns"] + cluster["places"])
    nouns.update(common_words()["n"])
    verbs = {getattr(v, f) for v in lex.verbs for f in ("base", "third", "past", "ing")}
    people = {n.word for n in lex.nouns.values() if "person" in n.tags}
    return nouns - verbs - people - {a.word for a in lex.adjectives}


def repeated_images(lyrics: str, nouns: set[str]) -> list[str]:
    """Nouns named in two or more sections, the chorus-like ones (and a section sung again
    word for word, like a second pre-chorus) counted as one."""
    seen: dict[str, set[str]] = {}
    times = sorted((t.text for t in lexicon().times), key=len, reverse=True)
    for section in parse_sections(lyrics):
        text = " " + " ".join(sung(section)).lower() + " "
        key = "chorus" if section.kind in _CHORUS_LIKE else text
        for phrase in times:
            text = text.replace(f" {phrase} ", " ")
        text = text.replace(",", " ")
        for noun in sorted(nouns, key=len, reverse=True):  # "bus stop" before "bus"
            if f" {noun} " in text:
                seen.setdefault(noun, set()).add(key)
                text = text.replace(f" {noun} ", " | ")
    return sorted(noun for noun, where in seen.items() if len(where) > 1)


def score(songs: list[dict]) -> dict:
    nouns = image_nouns()
    lines = clean = sound = 0
    faults: dict[str, int] = {}
    sections = rhymed = perfect = 0
    sisters = sister_fit = 0
    repeats: list[int] = []
    longest_line = 0
    for song in songs:
        parsed = parse_sections(song["lyrics"])
        verses = [sung(s) for s in parsed if s.kind == "verse"]
        for section in parsed:
            texts = sung(section)
            for text in texts:
                lines += 1
                longest_line = max(longest_line, count_syllables(text))
                problems = line_problems(text)
                clean += not problems
                sound += not [p for p in problems if p.kind != "unknown"]
                for problem in problems:
                    faults[problem.kind] = faults.get(problem.kind, 0) + 1
            verdict = follows_scheme(texts, NEAR)
            if verdict is not None:
                sections += 1
                rhymed += verdict
                perfect += bool(follows_scheme(texts, PERFECT))
        for verse in verses[1:]:
            for a, b in zip(verses[0], verse, strict=False):
                sisters += 1
                sister_fit += abs(count_syllables(a) - count_syllables(b)) <= 1
        repeats.append(len(repeated_images(song["lyrics"], nouns)))
    hooks = [
        next((sung(s)[0] for s in parse_sections(song["lyrics"]) if s.kind == "chorus"), "")
        for song in songs
    ]
    return {
        "songs": len(songs),
        "lines": lines,
        "grammar_clean": clean / lines,
        "grammar_no_fault_but_unknown": sound / lines,
        "faults": faults,
        "rhyme_scheme_near": rhymed / sections,
        "rhyme_scheme_perfect": perfect / sections,
        "sister_lines_within_1": sister_fit / sisters if sisters else None,
        "repeated_images_per_song": statistics.mean(repeats),
        "songs_without_repeated_image": sum(r == 0 for r in repeats) / len(songs),
        "distinct_titles": len({s["title"].lower() for s in songs}),
        "distinct_hooks": len({h.lower() for h in hooks}),
        "longest_song_chars": max(len(s["lyrics"]) for s in songs),
        "longest_line_syllables": longest_line,
        "planned_song_s_worst": max(
            compose(
                s["theme"], s["lyrics"], instrumental=False, seed=0, target_duration_s=None
            ).duration_s
            for s in songs
        ),
    }


_STORY_KINDS = frozenset({"verse", "pre_chorus", "bridge"})
_CONNECTIVES = ("and", "so", "but", "because", "then", "while", "when", "now", "if", "'cause")
_PEOPLE = {
    "she": {"she", "her", "hers"},
    "he": {"he", "him", "his"},
    "you": {"you", "your", "yours"},
    "they": {"they", "them", "their"},
}
_TURNS = ("back then", "years ago", "used to", "someday", "tomorrow", "maybe", "but now",
          "would", "will", "won't", "anymore", "once")  # fmt: skip
_FEELINGS = frozenset({"miss", "missed", "love", "remember", "pray", "cry", "dream", "lonely",
                       "think", "wish", "need", "hope", "hold"})  # fmt: skip
_ANSWERS = ("because", "'cause", "so", "and", "but", "now", "then")
_TIME_WORDS = frozenset({"night", "tonight", "midnight", "morning", "dawn", "evening", "dark",
                         "summer", "winter", "december", "july", "sunday", "ago", "then",
                         "today", "yesterday"})  # fmt: skip


def plan_of(theme: str) -> Story:
    """The story the writer plans for a theme with seed 0 (the same draws as
    `engine.lyrics.writer.write_song`), so old songs are read against the same plan."""
    rng = seeded_rng(0, theme, None)
    parsed = theme_from_text(theme, rng)
    return read_story(theme, parsed, style_tags(theme, parsed, rng), rng)


def _words(line: str) -> list[str]:
    return [w.strip("'") or w for w in line.lower().replace(",", " ").split()]


def _nouns_in(line: str, nouns: set[str]) -> set[str]:
    """The nouns a line names, longest first ("bus stop" before "bus"), time phrases aside."""
    text = " " + " ".join(_words(line)) + " "
    for phrase in sorted((t.text.lower() for t in lexicon().times), key=len, reverse=True):
        text = text.replace(f" {phrase} ", " | ")
    found = set()
    for noun in sorted(nouns, key=len, reverse=True):
        if f" {noun} " in text:
            found.add(noun)
            text = text.replace(f" {noun} ", " | ")
    return found


def referents(line: str, nouns: set[str], characters: dict[str, str]) -> set[str]:
    """Whom and what a line names besides the singer: people by pronoun group ("my
    grandmother" is "she"), concrete nouns."""
    words = _words(line)
    found = {group for group, forms in _PEOPLE.items() if forms & set(words)}
    found |= {group for word, group in characters.items() if word in words}
    return found | _nouns_in(line, nouns)


def _characters() -> dict[str, str]:
    people = {}
    for noun in lexicon().nouns.values():
        if "person" in noun.tags:
            people[noun.word] = noun.pronoun or "she"
            people[noun.plural] = "they"
    return people


def _opens_on(line: str, words: tuple[str, ...]) -> bool:
    first = _words(line)[:2]
    return bool(first) and (first[0] in words or " ".join(first) in words)


def _has_time(text: str) -> bool:
    times = [t.text.lower() for t in lexicon().times]
    return any(t in text for t in times) or bool(_TIME_WORDS & set(_words(text)))


def story_figures(songs: list[dict]) -> dict:
    """How far each song tells a story: setting share, linked lines, narrative jobs done."""
    people = _characters()
    nouns = image_nouns() - set(people)
    lex = lexicon()
    places = {n.word for n in lex.nouns.values() if n.tags & {"place", "fixture"}}
    places |= {n.plural for n in lex.nouns.values() if n.tags & {"place", "fixture"}}
    past = {v.past for v in lex.verbs} - {v.base for v in lex.verbs}
    in_field = named = 0
    pairs = by_referent = by_connective = linked = 0
    jobs = {key: [0, 0] for key in ("verse1", "verse2", "bridge", "chorus", "blues")}

    def job(key: str, done: bool) -> None:
        jobs[key][0] += done
        jobs[key][1] += 1

    for song in songs:
        plan = plan_of(song["theme"])
        field = {w for n in plan.setting.field + plan.focus for w in (n.word, n.plural)}
        field |= {p.word.lower() for p in plan.places}
        parsed = parse_sections(song["lyrics"])
        verses = [sung(s) for s in parsed if s.kind == "verse"]
        for section in parsed:
            lines = sung(section)
            if section.kind not in _STORY_KINDS:
                continue
            for line in lines:
                found = _nouns_in(line, nouns | {p.word.lower() for p in plan.places})
                named += len(found)
                in_field += len(found & field)
            steps = [(a, b) for a, b in zip(lines, lines[1:], strict=False) if a != b]
            for a, b in steps:
                pairs += 1
                shared = bool(referents(a, nouns, people) & referents(b, nouns, people))
                opens = _opens_on(b, _CONNECTIVES)
                by_referent += shared
                by_connective += opens
                linked += shared or opens
            if section.kind == "verse" and len(lines) == 3 and lines[0] == lines[1]:
                first, answer = lines[0], lines[2]
                shared = referents(first, nouns, people) & referents(answer, nouns, people)
                job("blues", _opens_on(answer, _ANSWERS) or bool(shared))
        if verses:
            text = " ".join(verses[0]).lower()
            job("verse1", bool(_nouns_in(text, places) or plan.places) and _has_time(text))
        if len(verses) > 1:
            words = set(_words(" ".join(verses[1])))
            job("verse2", bool(words & past) or "then" in words)
        for section in parsed:
            text = " ".join(sung(section)).lower()
            if section.kind == "bridge":
                job("bridge", any(f" {t} " in f" {text} " for t in _TURNS))
        choruses = [sung(s) for s in parsed if s.kind == "chorus" and sung(s)]
        if choruses:
            words = set(_words(" ".join(choruses[0])))
            pleas = any(_words(line)[0] in _BASE_VERBS for line in choruses[0])
            job("chorus", bool(words & (_PEOPLE["you"] | _FEELINGS)) or pleas)
    return {
        "nouns_in_setting": in_field / named if named else None,
        "adjacent_lines_linked": linked / pairs,
        "adjacent_lines_sharing_a_referent": by_referent / pairs,
        "adjacent_lines_opening_on_a_connective": by_connective / pairs,
        "verse1_place_and_time": f"{jobs['verse1'][0]}/{jobs['verse1'][1]}",
        "verse2_tells_what_happened": f"{jobs['verse2'][0]}/{jobs['verse2'][1]}",
        "bridge_turns": f"{jobs['bridge'][0]}/{jobs['bridge'][1]}",
        "chorus_sings_to_someone_or_a_feeling": f"{jobs['chorus'][0]}/{jobs['chorus'][1]}",
        "blues_third_line_answers": f"{jobs['blues'][0]}/{jobs['blues'][1]}",
    }


_BASE_VERBS = frozenset({v.base for v in lexicon().verbs} | {"don't", "come", "stay"})


def forms(songs: list[dict]) -> dict:
    """Blues verses in AAB and hip-hop verses of 16 bars, among the themes that name them."""
    blues = [s for s in songs if "blues" in s["theme"]]
    rap = [s for s in songs if "hip hop" in s["theme"]]

    def verses(song: dict) -> list[list[str]]:
        return [sung(x) for x in parse_sections(song["lyrics"]) if x.kind == "verse"]

    aab = [len(v) == 3 and v[0] == v[1] for s in blues for v in verses(s)]
    bars = [len(v) == 16 for s in rap for v in verses(s)]
    return {
        "blues_verses_aab": f"{sum(aab)}/{len(aab)}",
        "hiphop_verses_16_bars": f"{sum(bars)}/{len(bars)}",
    }


# Whom a theme is about, by its own words: kin or friends (a lullaby is sung to a child).
_KIN = {
    *("father", "father's", "mother", "mother's", "dad", "mom", "mama", "papa", "grandmother"),
    *("grandfather", "grandfather's", "grandma", "grandpa", "son", "daughter", "brother"),
    *("brothers", "sister", "family", "child", "children", "lullaby"),
}
_FRIENDS = {"friend", "friends", "buddy", "buddies", "pals", "crew", "gang"}
_AS_LOVERS = re.compile(r"\b(kiss(es|ed|ing)?|danc(e|es|ed|ing) with)\b", re.IGNORECASE)
_KISSED = re.compile(r"\bkiss(es|ed|ing)?\b", re.IGNORECASE)


def bond_figures(songs: list[dict]) -> dict:
    """Songs to kin sung as to a lover (kissed, danced with), songs to friends that kiss."""
    kin = [s for s in songs if set(s["theme"].lower().split()) & _KIN]
    friends = [s for s in songs if set(s["theme"].lower().split()) & _FRIENDS]
    return {
        "songs_to_kin_as_to_a_lover": f"{sum(bool(_AS_LOVERS.search(s['lyrics'])) for s in kin)}"
        f"/{len(kin)}",
        "songs_to_friends_with_a_kiss": f"{sum(bool(_KISSED.search(s['lyrics'])) for s in friends)}"
        f"/{len(friends)}",
    }


def write(theme_list: list[str], seed: int) -> tuple[list[dict], list[float]]:
    songs, times = [], []
    for theme in theme_list:
        start = time.perf_counter()
        song = write_full_song(theme, seed=seed)
        times.append(time.perf_counter() - start)
        songs.append({"theme": theme, "title": song.song_title, "lyrics": song.lyrics})
    return songs, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--themes", type=Path, default=THEMES, help="one theme a line")
    parser.add_argument("--songs", type=Path, help="score these songs instead of writing them")
    parser.add_argument("--dump", type=Path, help="write the songs to this JSON file")
    parser.add_argument("--show", type=int, nargs="*", default=[], help="print songs by index")
    args = parser.parse_args()
    report: dict = {}
    if args.songs:
        songs = json.loads(args.songs.read_text(encoding="utf-8"))
    else:
        theme_list = themes(args.themes)
        write(theme_list[:1], 0)  # the lexicon and the dictionary load once, not in the timing
        songs, times = write(theme_list, 0)
        again, _ = write(theme_list, 1)
        report["seconds_per_song_mean"] = statistics.mean(times)
        report["seconds_per_song_worst"] = max(times)
        report["second_seed_differs"] = sum(
            a["lyrics"] != b["lyrics"] for a, b in zip(songs, again, strict=True)
        )
    report |= score(songs) | forms(songs) | story_figures(songs) | bond_figures(songs)
    print(json.dumps(report, indent=1))
    if args.dump:
        args.dump.write_text(json.dumps(songs, indent=1), encoding="utf-8")
    for index in args.show:
        print(f"\n## {songs[index]['theme']} | {songs[index]['title']}\n{songs[index]['lyrics']}")


if __name__ == "__main__":
    main()
