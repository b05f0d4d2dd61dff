"""Line templates per beat of the story (the slots are `phrases`' typed phrases).

scene: verse 1 sets where and when; event: verse 2 moves the story on (past tense); turn: the
bridge changes time, view or mind; chorus: lines around the hook; build: the pre-chorus leads in;
rap: hip-hop bars, two clauses a line, room for internal rhyme.
"""

from __future__ import annotations

SCENE = (
    "{act}",
    "{act} {time}",
    "{S} {vi} {loc}",
    "{S} {vt}",
    "{S} {vt} {loc}",
    "{there}",
    "{time}, {S} {vi} {loc}",
    "{pred}",
    "{pred} and {act}",
    "{S} {vt} and {vi}",
    "{S} {vi} while {act}",
    "{act} and {S} {vi}",
    "{P} {vi} {loc}",
    "{P} {vt}",
    "{P} {vt} {loc}",
)

EVENT = (
    "{O} {vt} and {vi}",
    "{O} {vt} {loc}",
    "{time}, {O} {vt}",
    "{S} {vt} and {O} {vi}",
    "Then {O} {vt}",
    "Then {S} {vi} {loc}",
    "{S} {vt} {time}",
    "{O} never {vt}",
    "{S} {vt} when {O} {vi}",
    "{act} when {O} {vi}",
    "{S} {vi} {loc} {time}",
    "{O} {vi} {loc}",
    "{there}",
)

TURN = (
    "Someday {S} will {vi.base} {loc}",
    "Maybe {O} will {vt.base}",
    "But now {S} {vt.now}",
    "Tomorrow {S} will {vt.base}",
    "{S} won't {vi.base} {loc} anymore",
    "{S} used to {vt.base}",
    "Back then {S} {vi.past} {loc}",
    "And if {O} {vt.past}, {S} would {vi.base}",
    "Now {act.now}",
    "Maybe {S} will {vi.base} {loc}",
    "Someday {act.next}",
)

CHORUS = (
    "{vt.base} {time}",
    "{vt.base} {loc}",
    "Don't {vt.base}",
    "{S} {vt.now} {time}",
    "{act.now} {time}",
    "{O} {vt.now}",
    "Oh, {S} {vi.now} {loc}",
    "{S} {vi.now} {loc} {time}",
    "And {act.now}",
)

BUILD = (
    "And {S} {vi.now}",
    "So {S} {vt.now}",
    "{act.now}",
    "Now {S} {vi.now} {loc}",
    "{S} {vt.now} {time}",
)

RAP = (
    "{S} {vt} {loc}, {act}",
    "{time}, {S} {vt} {loc}",
    "{pred}, {S} {vt}",
    "{S} {vi} {loc} while {act}",
    "{act}, {S} {vt}",
    "{S} {vt} and {vi} {loc}",
    "{O} {vt} {loc}, {S} {vi}",
    "{there}, {S} {vi}",
    "{pred} and {act}",
)

# Half lines, two of which make a line with a rhyme inside (`stanza.joined`).
HALVES = (
    "{act}",
    "{S} {vi} {loc}",
    "{S} {vt}",
    "{pred}",
    "{there}",
    "{O} {vt}",
)

# A hopeful chorus looks forward: every line says what will come.
HOPE = (
    "Tomorrow {act.next}",
    "Someday {S} will {vi.base} {loc}",
    "{S} will {vt.base} again",
    "Someday {O} will {vt.base}",
    "{act.next} again",
    "Tomorrow {S} will {vi.base} {loc}",
)

INTRO_VOCALS = ("(Ooh, ooh)", "(Mm, yeah)", "(Oh, oh, oh)", "(Ooh, ah)", "(Hey, yeah)")

BEATS = {
    "scene": SCENE,
    "event": EVENT,
    "turn": TURN,
    "chorus": CHORUS,
    "build": BUILD,
    "rap": RAP,
    "hope": HOPE,
}
