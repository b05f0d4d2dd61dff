"""The analysis page's lanes: sections and chords laid out as shares of the recording's length,
chords spelt in the song's key, the short ones folded into their neighbour and labels only where
they fit (each span keeps its name in a tooltip)."""

from __future__ import annotations

from engine.compose.theory import spelled

# A chord shorter than this is a passing one (or the analysis hesitating between two): it joins
# the chord before it, so the lane shows the harmony a musician would write down.
MIN_CHORD_S = 1.0
# A span narrower than this share of the lane (in %) is too narrow for its name: its tooltip has it.
MIN_LABEL_PERCENT = 2.5


def key_name(features: dict) -> str:
    """The song's key as the page names it: "Eb minor" (analyses stored before keys were spelt
    in their signature say "D#")."""
    key, mode = features.get("key", ""), features.get("mode", "")
    return f"{spelled(key, key, mode)} {mode}".strip() if key else ""


def section_lane(segments: list[dict], duration_s: float) -> list[dict]:
    return [_placed(segment, duration_s, segment["label"]) for segment in segments]


def chord_lane(chords: list[dict], key: str, mode: str, duration_s: float) -> list[dict]:
    """The chords to show (`written_chords`), placed on the lane."""
    return [
        _placed(chord, duration_s, chord["chord"]) for chord in written_chords(chords, key, mode)
    ]


def written_chords(chords: list[dict], key: str, mode: str) -> list[dict]:
    """The chords a musician would write down: named in `key` (flats in flat keys, whatever
    spelling was stored), those under MIN_CHORD_S merged into the one before (the first into the
    one after), a chord that follows itself joined, and no "N" (no chord) spans."""
    named = [c | {"chord": spelled(c["chord"], key, mode) if key else c["chord"]} for c in chords]
    merged: list[dict] = []
    for chord in named:
        if merged and (
            chord["chord"] == merged[-1]["chord"] or chord["end"] - chord["start"] < MIN_CHORD_S
        ):
            merged[-1] = merged[-1] | {"end": chord["end"]}
        elif merged and merged[-1]["end"] - merged[-1]["start"] < MIN_CHORD_S:
            merged[-1] = chord | {"start": merged[-1]["start"]}  # a short first chord
        else:
            merged.append(dict(chord))
    return [chord for chord in merged if chord["chord"] != "N"]


def _placed(span: dict, duration_s: float, name: str) -> dict:
    width = 100 * (span["end"] - span["start"]) / duration_s
    return span | {
        "left": 100 * span["start"] / duration_s,
        "width": width,
        "shown": name if width >= MIN_LABEL_PERCENT else "",  # the text in the span
    }
