"""The instrument catalogue: every instrument a prompt may name, as a General MIDI program and the
part it plays in the band (comp, pad, theme or bass). How they sound is `engine.render.instruments`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COMP, PAD, THEME, BASS = "comp", "pad", "theme", "bass"


@dataclass(frozen=True)
class Instrument:
    """A band member: its name, GM program and part (comp, pad, theme or bass)."""

    name: str
    program: int
    part: str


# Longer names first so "electric piano" is not read as "piano".
NAMED_INSTRUMENTS: dict[str, tuple[int, str]] = {
    "acoustic grand piano": (0, COMP), "grand piano": (0, COMP), "electric piano": (4, COMP),
    "rhodes": (4, COMP), "wurlitzer": (5, COMP), "harpsichord": (6, COMP), "clavinet": (7, COMP),
    "clav": (7, COMP), "piano": (0, COMP), "keys": (4, COMP), "celesta": (8, THEME),
    "glockenspiel": (9, THEME), "music box": (10, THEME), "vibraphone": (11, THEME),
    "marimba": (12, THEME), "xylophone": (13, THEME), "bells": (14, THEME), "hammond": (16, COMP),
    "church organ": (19, PAD), "organ": (16, COMP), "accordion": (21, COMP), "harmonica": (22, THEME),
    "bandoneon": (23, COMP), "nylon guitar": (24, COMP), "classical guitar": (24, COMP),
    "spanish guitar": (24, COMP), "ukulele": (24, COMP), "acoustic guitar": (25, COMP),
    "steel guitar": (25, COMP), "slide guitar": (27, THEME), "jazz guitar": (26, COMP),
    "clean guitar": (27, COMP), "electric guitar": (27, COMP), "overdriven guitar": (29, COMP),
    "distorted guitar": (30, COMP), "distortion guitar": (30, COMP), "guitar solo": (30, THEME),
    "guitars": (27, COMP), "guitar": (27, COMP),
    "upright bass": (32, BASS), "double bass": (32, BASS), "acoustic bass": (32, BASS),
    "fretless bass": (35, BASS), "slap bass": (36, BASS), "synth bass": (38, BASS), "808": (38, BASS),
    "bass guitar": (33, BASS), "electric bass": (33, BASS),
    "violin": (40, THEME), "fiddle": (40, THEME), "viola": (41, THEME), "cello": (42, THEME),
    "pizzicato": (45, COMP), "harp": (46, COMP), "timpani": (47, PAD), "string section": (48, PAD),
    "strings": (48, PAD), "orchestra": (48, PAD), "choir": (52, PAD),
    "trumpet": (56, THEME), "trombone": (57, THEME), "tuba": (58, THEME), "muted trumpet": (59, THEME),
    "french horn": (60, THEME), "horns": (61, COMP), "brass": (61, COMP), "horn section": (61, COMP),
    "soprano sax": (64, THEME), "alto sax": (65, THEME), "tenor sax": (66, THEME),
    "baritone sax": (67, THEME), "saxophone": (65, THEME), "sax": (65, THEME), "oboe": (68, THEME),
    "english horn": (69, THEME), "bassoon": (70, THEME), "clarinet": (71, THEME), "piccolo": (72, THEME),
    "flute": (73, THEME), "recorder": (74, THEME), "pan flute": (75, THEME), "whistle": (78, THEME),
    "ocarina": (79, THEME), "synth lead": (81, THEME), "lead synth": (81, THEME),
    "synthesizer": (81, THEME), "synths": (90, PAD), "synth": (81, THEME), "pads": (89, PAD),
    "pad": (89, PAD), "sitar": (104, THEME), "banjo": (105, COMP), "mandolin": (105, COMP),
    "shamisen": (106, THEME), "koto": (107, THEME), "kalimba": (108, THEME), "bagpipe": (109, THEME),
    "bagpipes": (109, THEME), "steel drums": (114, THEME), "steel drum": (114, THEME),
}  # fmt: skip

_PATTERN = re.compile(
    r"(?<![a-z0-9])("
    + "|".join(re.escape(n) for n in sorted(NAMED_INSTRUMENTS, key=len, reverse=True))
    + r")(?![a-z])"
)


def instruments_in(prompt: str) -> list[Instrument]:
    """The instruments a prompt names, in order of mention, each once."""
    found: dict[str, Instrument] = {}
    for match in _PATTERN.finditer(prompt.lower()):
        name = match.group(1)
        program, part = NAMED_INSTRUMENTS[name]
        found.setdefault(name, Instrument(name=name, program=program, part=part))
    return list(found.values())
