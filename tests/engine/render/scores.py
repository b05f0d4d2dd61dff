"""Small hand-made scores for the renderer's tests: a four-piece band in a known tempo and key."""

from __future__ import annotations

from engine.compose.score import Note, Score, SectionSpan, Track

# i - VI - VII - i in A (natural) minor, one chord a bar: (bass root, chord tones).
A_MINOR_BARS = [(45, (57, 60, 64)), (41, (57, 60, 65)), (43, (59, 62, 67)), (45, (57, 60, 64))]
A_MINOR_TUNE = [69, 72, 71, 69, 72, 69, 65, 64, 67, 71, 74, 71, 72, 71, 69, 69]


def _note(pitch: int, start_beat: float, beats: float, velocity: int, bpm: float) -> Note:
    spb = 60.0 / bpm
    return Note(pitch, start_beat, beats, velocity, start_beat * spb, beats * spb)


def band_score(*, bpm: float = 120.0, bars: int = 8, lead: bool = True) -> Score:
    """A 4/4 song in A minor: drums, bass, a pad and (optionally) a lead, `bars` bars long."""
    drums = Track("Drums", "drums", 0, is_drum=True, gain_db=-2.0)
    bass = Track("Bass", "bass", 33, pan=0.0)
    pad = Track("Piano", "harmony", 0, pan=-0.3, gain_db=-4.0)
    tune = Track("Lead", "lead", 73, pan=0.2, gain_db=-2.0)
    for bar in range(bars):
        root, chord = A_MINOR_BARS[bar % len(A_MINOR_BARS)]
        b0 = bar * 4.0
        for beat in range(4):
            drums.notes.append(_note(36 if beat % 2 == 0 else 38, b0 + beat, 0.25, 110, bpm))
            drums.notes.append(_note(42, b0 + beat, 0.25, 80, bpm))
            drums.notes.append(_note(42, b0 + beat + 0.5, 0.25, 60, bpm))
            bass.notes.append(_note(root, b0 + beat, 0.9, 100, bpm))
        for pitch in chord:
            pad.notes.append(_note(pitch, b0, 3.9, 70, bpm))
        for i in range(4):
            tune.notes.append(_note(A_MINOR_TUNE[(bar * 4 + i) % 16], b0 + i, 0.95, 96, bpm))
    tracks = [drums, bass, pad] + ([tune] if lead else [])
    end_beat = bars * 4.0
    duration_s = end_beat * 60.0 / bpm
    sections = [
        SectionSpan("verse", "Verse", 0.0, end_beat / 2, 0.0, duration_s / 2, has_vocals=lead),
        SectionSpan(
            "chorus", "Chorus", end_beat / 2, end_beat, duration_s / 2, duration_s, has_vocals=lead
        ),
    ]
    return Score(
        bpm=bpm,
        key="A",
        mode="minor",
        time_signature=(4, 4),
        tracks=tracks,
        sections=sections,
        genre="pop",
        duration_s=duration_s,
    )
