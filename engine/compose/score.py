"""The score: the one data structure the renderer, the MIDI export and the singing voice read.

Times are kept in beats and in seconds; the tempo is constant within a song. A beat is the felt
beat: a quarter note in simple meters, a dotted quarter in 6/8 and 12/8 (so `bpm` is what a
listener taps; the MIDI export converts to quarter-note tempo).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.contract import DEFAULT_VOICE_QUALITY
from engine.lyrics.syllables import Syllable


@dataclass(frozen=True)
class Note:
    """One note: MIDI pitch, start and length in beats and seconds, velocity 1-127."""

    pitch: int
    start_beat: float
    duration_beats: float
    velocity: int
    start_s: float
    duration_s: float

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s


@dataclass
class Track:
    """One instrument part. `role` is its stem: drums, bass, harmony or lead (vocal for the voice)."""

    name: str
    role: str
    program: int  # General MIDI program 0-127 (ignored for drums)
    is_drum: bool = False
    pan: float = 0.0  # -1 left .. +1 right
    gain_db: float = 0.0
    notes: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class SectionSpan:
    """A section of the song on the timeline: `kind` is canonical (verse, chorus, ...), `label` as
    written."""

    kind: str
    label: str
    start_beat: float
    end_beat: float
    start_s: float
    end_s: float
    has_vocals: bool


@dataclass(frozen=True)
class ChordSpan:
    """A chord the band plays on the timeline: root pitch class 0-11 (C = 0) and quality
    ("maj", "min", "7", "m7", ... as in `engine.compose.harmony.QUALITIES`)."""

    root_pc: int
    quality: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class SungSyllable:
    """A syllable of the lyrics and the lead notes it is sung on (indices into the lead track)."""

    text: str
    word: str
    word_index: int  # index of the word within its line
    line_index: int  # index of the line within the whole lyrics
    section_index: int
    stressed: bool
    note_indices: tuple[int, ...]
    backing: bool = False

    @classmethod
    def of(
        cls,
        syllable: Syllable,
        *,
        line_index: int,
        section_index: int,
        note_indices: tuple[int, ...],
        backing: bool,
    ) -> SungSyllable:
        """A syllable of the lyrics placed in the song: its line and section, its lead notes."""
        return cls(
            text=syllable.text,
            word=syllable.word,
            word_index=syllable.word_index,
            line_index=line_index,
            section_index=section_index,
            stressed=syllable.stressed,
            note_indices=note_indices,
            backing=backing,
        )


@dataclass
class Score:
    """A complete arrangement: tempo, key, meter, tracks, section and chord maps, syllable -> note
    map."""

    bpm: float
    key: str  # tonic name, e.g. "D", "F#", "Bb"
    mode: str  # "major" or "minor"
    time_signature: tuple[int, int]
    tracks: list[Track]
    sections: list[SectionSpan]
    chords: list[ChordSpan] = field(default_factory=list)
    syllables: list[SungSyllable] = field(default_factory=list)
    lyric_lines: list[str] = field(default_factory=list)
    genre: str = ""
    duration_s: float = 0.0
    vocal_register: str = "female"  # who sings the lead: "male", "female" or "duet" (by section)
    # "full": the neural voice; "draft": the fast formant voices
    voice_quality: str = DEFAULT_VOICE_QUALITY

    def seconds(self, beats: float) -> float:
        """Convert a position in beats to seconds at the song's tempo."""
        return beats * 60.0 / self.bpm

    def track(self, role: str) -> list[Track]:
        """All tracks of one stem role."""
        return [t for t in self.tracks if t.role == role]

    @property
    def lead_track(self) -> Track | None:
        """The track the melody (and later the voice) is written on, if any."""
        leads = self.track("lead")
        return leads[0] if leads else None
