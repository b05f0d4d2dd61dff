"""The singing voice: the score's lyrics sung on its melody, produced as the song's vocal stem.

At full quality (`voice_quality: full`) every line is sung by Kokoro-82M, a neural voice, in one pass:
each phoneme as long as the notes need it and the pitch set frame by frame (`voice_kokoro`). Its
five style vectors are five singers, so a double or a backing line is another singer than the
lead.

The draft voice (`voice_quality: draft`, the default while the neural voice's words are harder
to understand, and the fallback where its packages are missing) is faster and plainer: each line is spoken word by word by a speech synthesiser, cut into
the syllables the score sings (`voice_syllables`), laid out on the notes (`voice_layout`) and
resynthesised on their pitches by WORLD (`voice_vocoder`). Its leads are Flite's voices
(`voice_flite`); eSpeak NG (`voice_espeak`) gives the doubles and backing voices a second timbre,
and stands in for Flite where it is not installed. A line is a take; the takes of a song are:

- the lead, in the song's register ("duet" alternates male and female by section);
- in choruses, a double sung by a second voice, a touch late and detuned, spread left and right;
- for lines in parentheses, backing vocals instead: quieter, the melody on the left and a third
  above it on the right, by two other voices.

Identical takes (a repeated chorus) are rendered once. The draft voice's takes are shared between
this process and a forked child, which is how the vocoder gets the second core; the neural voice
uses both cores itself (ONNX Runtime's threads).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.signal import resample_poly

from engine.callbacks import Progress, no_progress
from engine.compose.score import Score, SungSyllable
from engine.compose.theory import scale_pitches
from engine.render import kokoro_model, voice_espeak, voice_flite, voice_kokoro
from engine.render.forked import can_fork, fork_filling, joined, split_work
from engine.render.instruments import SAMPLE_RATE_HZ
from engine.render.vocal_chain import ride_level, vocal_chain
from engine.render.voice_layout import SyllableToSing, layout_syllables
from engine.render.voice_phones import VOICE_RATE_HZ, SpokenWord
from engine.render.voice_syllables import split_syllables
from engine.render.voice_vocoder import SungNote, WordFeatures, analyse_word, render_phrase

OUTPUT_RATE_HZ = SAMPLE_RATE_HZ  # the instruments' rate, which the stems share
STAGE = "singing"
# Voices per register and part: "kokoro:NAME" is a singer of the neural voice
# (`voice_kokoro.SINGERS`), "flite:NAME" a Flite voice, anything else an eSpeak NG voice (language
# + variant). The full-quality set, then the draft set.
NEURAL_LEAD_VOICES = {"male": "kokoro:kumo", "female": "kokoro:alpha"}
NEURAL_DOUBLE_VOICES = {"male": "kokoro:kumo-light", "female": "kokoro:nezumi"}
NEURAL_BACKING_VOICES = {
    "male": ("kokoro:kumo-light", "kokoro:kumo"),
    "female": ("kokoro:nezumi", "kokoro:gongitsune"),
}
LEAD_VOICES = {"male": "flite:rms", "female": "flite:slt"}
DOUBLE_VOICES = {"male": "flite:awb", "female": "en-us+f3"}
BACKING_VOICES = {"male": ("flite:awb", "en-us+m3"), "female": ("flite:slt", "en-us+f3")}
# What the version's provenance says sang the song.
VOICE_NAMES = {
    "full": "Kokoro-82M neural voice",
    "draft": "draft voice (Flite and eSpeak NG through WORLD)",
}
# Without Flite, each of its voices is sung by one of eSpeak's.
ESPEAK_STAND_INS = {"flite:slt": "en-us+f1", "flite:rms": "en-us", "flite:awb": "en-us+m1"}
DOUBLED_KINDS = frozenset({"chorus", "hook", "post_chorus"})
WORD_TIME_BUSES = ("lead", "backing_low")  # the takes the synced lyrics' word times follow
# Bus -> (level dB, pan -1..1 per copy, delay s per copy): how each kind of take is placed.
BUSES: dict[str, tuple[float, tuple[tuple[float, float], ...]]] = {
    "lead": (0.0, ((0.0, 0.0),)),
    "double": (-13.0, ((-0.7, 0.009), (0.7, 0.016))),
    "backing_low": (-7.0, ((-0.55, 0.0),)),
    "backing_high": (-8.0, ((0.55, 0.0),)),
}
BUS_NAMES = tuple(BUSES)
DOUBLE_DETUNE = 0.07  # semitones
# Consonants per bus, dB against the vowels. The double is a second voice whose consonants fall a
# little apart from the lead's; it thickens the vowels and leaves the words to the lead, as
# engineers tuck doubles under a lead.
CONSONANT_DB = {"double": -12.0}

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyllableNotes:
    """A syllable of the score and the notes it is sung on (at least one)."""

    syllable: SungSyllable
    notes: tuple[SungNote, ...]


@dataclass(frozen=True)
class Take:
    """One sung rendering of a line: its syllables and notes, the voice, and the bus it goes to."""

    bus: str
    voice: str
    syllables: tuple[SyllableNotes, ...]

    @property
    def start_s(self) -> float:
        return self.syllables[0].notes[0].start_s

    def shape(self) -> tuple:
        """What makes two takes sound the same, wherever in the song they are."""
        t0 = self.start_s
        return (
            self.voice,
            CONSONANT_DB.get(self.bus, 0.0),
            tuple(
                (
                    sung.syllable.word_index,
                    sung.syllable.text,
                    sung.syllable.word,
                    tuple(
                        (note.pitch, round(note.start_s - t0, 4), round(note.end_s - t0, 4))
                        for note in sung.notes
                    ),
                )
                for sung in self.syllables
            ),
        )

    @property
    def work(self) -> float:
        return self.syllables[-1].notes[-1].end_s - self.start_s + 0.5


def sing(
    score: Score, *, frames: int, progress: Progress = no_progress, parallel: bool = True
) -> np.ndarray | None:
    """The vocal stem of `score`, (frames, 2) float32 at 44100 Hz; None when nothing is sung.

    Reports the "singing" stage as the takes are sung."""
    takes = song_takes(score)
    if not takes:
        return None
    if any(take.voice.startswith("kokoro:") for take in takes):
        parallel = False  # the neural voice has both cores already
    voice_frames = int(np.ceil(frames * VOICE_RATE_HZ / OUTPUT_RATE_HZ)) + 1
    groups: dict[tuple, list[Take]] = {}
    for take in takes:
        groups.setdefault(take.shape(), []).append(take)
    mine, theirs = list(groups.values()), []
    if parallel and can_fork() and len(groups) > 1:
        mine, theirs = split_work(mine, lambda group: group[0].work)
    child = 0
    if theirs:
        shared, child = fork_filling(
            (len(BUS_NAMES), voice_frames), lambda out: _sing_into(theirs, out)
        )
    buses = np.zeros((len(BUS_NAMES), voice_frames), dtype=np.float32)
    _sing_into(mine, buses, progress)
    if child:
        if joined(child):
            buses += shared
        else:  # the child failed: sing its share here
            _sing_into(theirs, buses)
    return _produce(buses, score, frames)


def sung_quality(score: Score) -> str:
    """The voice that sings `score`: "full" (the neural voice) unless a draft was asked for or the
    neural voice is not installed."""
    if score.voice_quality == "draft":
        return "draft"
    if not kokoro_model.available():
        _warn_neural_missing()
        return "draft"
    return "full"


def song_takes(score: Score) -> list[Take]:
    """Every take of the song in order: lead (or backing) lines, and chorus doubles."""
    if sung_quality(score) == "full":
        leads, doubles, backings = NEURAL_LEAD_VOICES, NEURAL_DOUBLE_VOICES, NEURAL_BACKING_VOICES
    else:
        leads, doubles, backings = LEAD_VOICES, DOUBLE_VOICES, BACKING_VOICES
    lead = score.lead_track
    if lead is None or not score.syllables:
        return []
    lines: dict[int, list[SyllableNotes]] = {}
    for syllable in score.syllables:
        notes = tuple(
            SungNote(float(lead.notes[i].pitch), lead.notes[i].start_s, lead.notes[i].end_s)
            for i in syllable.note_indices
            if i < len(lead.notes)
        )
        if notes:
            lines.setdefault(syllable.line_index, []).append(SyllableNotes(syllable, notes))
    vocal_sections = [i for i, s in enumerate(score.sections) if s.has_vocals]
    takes: list[Take] = []
    for sung in lines.values():
        first = sung[0].syllable
        register = _register(score.vocal_register, first.section_index, vocal_sections)
        kind = (
            score.sections[first.section_index].kind
            if first.section_index < len(score.sections)
            else ""
        )
        if first.backing:
            low, high = backings[register]
            takes.append(Take("backing_low", low, tuple(sung)))
            takes.append(Take("backing_high", high, _third_above(sung, score.key, score.mode)))
            continue
        takes.append(Take("lead", leads[register], tuple(sung)))
        if kind in DOUBLED_KINDS:
            detuned = tuple(
                SyllableNotes(
                    s.syllable,
                    tuple(note._replace(pitch=note.pitch + DOUBLE_DETUNE) for note in s.notes),
                )
                for s in sung
            )
            takes.append(Take("double", doubles[register], detuned))
    return takes


def _register(register: str, section_index: int, vocal_sections: list[int]) -> str:
    if register != "duet":
        return register if register in LEAD_VOICES else "female"
    turn = vocal_sections.index(section_index) if section_index in vocal_sections else 0
    return "male" if turn % 2 == 0 else "female"


def _third_above(sung: list[SyllableNotes], key: str, mode: str) -> tuple[SyllableNotes, ...]:
    """The line a diatonic third higher: two scale steps up from each note."""
    scale = scale_pitches(key, mode, 24, 108)

    def up(pitch: float) -> float:
        above = [p for p in scale if p > pitch]
        return float(above[1]) if len(above) > 1 else pitch + 4.0

    return tuple(
        SyllableNotes(s.syllable, tuple(note._replace(pitch=up(note.pitch)) for note in s.notes))
        for s in sung
    )


def _sing_into(
    groups: list[list[Take]], buses: np.ndarray, progress: Progress = no_progress
) -> None:
    """Render one take of each group and place it wherever the group's takes are sung."""
    for done, group in enumerate(groups, start=1):
        rendered = render_take(group[0])
        if rendered is not None:
            start_s, audio = rendered
            for take in group:
                offset = start_s - group[0].start_s + take.start_s
                add_at(buses[BUS_NAMES.index(take.bus)], audio, int(round(offset * VOICE_RATE_HZ)))
        progress(STAGE, done / len(groups))


def sung_word_starts(score: Score) -> dict[tuple[int, int], float]:
    """Where each sung word of `score` is heard to begin ahead of its note (its first consonant, s
    on the timeline), by (line index, word index): as the lead sings it, or the low voice of a
    backing line (see `_word_starts`)."""
    groups: dict[tuple, list[Take]] = {}
    for take in song_takes(score):
        if take.bus in WORD_TIME_BUSES:
            groups.setdefault(take.shape(), []).append(take)
    starts: dict[tuple[int, int], float] = {}
    for group in groups.values():
        first = group[0]
        found = _word_starts(first)
        for take in group:
            shift = take.start_s - first.start_s
            for word, start in zip(_words(take), found, strict=True):
                if start is not None:
                    syllable = word[0].syllable
                    starts.setdefault((syllable.line_index, syllable.word_index), start + shift)
    return starts


def _word_starts(take: Take) -> list[float | None]:
    """Where each word of the take begins to sound, None where it is heard to begin on its note.

    The neural voice sings a word's first consonants 112-188 ms ahead of its note, and that is
    where its words are heard to begin. The draft voice's consonants are short and soft and its
    words are heard at the vowel, on the note (measured, `bench/voice.py`: LRC times a median 25 ms
    from the draft voice's word onsets when timed on the note, 63-82 ms when timed on its
    consonants)."""
    if take.voice.startswith("kokoro:"):
        return voice_kokoro.word_starts(_neural_words(take), take.voice.removeprefix("kokoro:"))
    return [None] * len(_words(take))


def render_take(take: Take) -> tuple[float, np.ndarray] | None:
    """One take sung: (start s on the song's timeline, mono float32 at `VOICE_RATE_HZ`, level-
    ridden)."""
    if take.voice.startswith("kokoro:"):
        return _sing_neural(take)
    to_sing: list[SyllableToSing] = []
    for word in _words(take):
        features, spoken = _spoken(word[0].syllable.word, take.voice)
        if features is None:
            continue
        for sung, part in zip(word, split_syllables(spoken.phones, len(word)), strict=True):
            to_sing.append(SyllableToSing(features, part, sung.notes))
    if not to_sing:
        return None
    start_s, audio = render_phrase(
        layout_syllables(to_sing), VOICE_RATE_HZ, consonant_db=CONSONANT_DB.get(take.bus, 0.0)
    )
    return start_s, ride_level(audio)


def _words(take: Take) -> list[list[SyllableNotes]]:
    """The take's syllables word by word."""
    words: dict[int, list[SyllableNotes]] = {}
    for sung in take.syllables:
        words.setdefault(sung.syllable.word_index, []).append(sung)
    return list(words.values())


def _neural_words(take: Take) -> list[voice_kokoro.WordToSing]:
    return [
        voice_kokoro.WordToSing(word[0].syllable.word, tuple(s.notes for s in word))
        for word in _words(take)
    ]


def _sing_neural(take: Take) -> tuple[float, np.ndarray] | None:
    rendered = voice_kokoro.sing_words(_neural_words(take), take.voice.removeprefix("kokoro:"))
    if rendered is None:
        return None
    start_s, audio = rendered
    return start_s, ride_level(audio)


@lru_cache(maxsize=1)
def _warn_neural_missing() -> None:
    logger.warning(
        "the neural voice's packages (%s) are not installed: the draft voice sings instead",
        ", ".join(
            kokoro_model.package_name(m)
            for m in (kokoro_model.DATA_PACKAGE, *kokoro_model.PART_PACKAGES)
        ),
    )


def speak_word(word: str, voice: str) -> SpokenWord:
    """`word` spoken by `voice` (see `LEAD_VOICES`), with its phonemes."""
    if voice.startswith("flite:"):
        if voice_flite.available():
            return voice_flite.speak_word(word, voice.removeprefix("flite:"))
        _warn_flite_missing()
        voice = ESPEAK_STAND_INS[voice]
    return voice_espeak.speak_word(word, voice)


@lru_cache(maxsize=1)
def _warn_flite_missing() -> None:
    logger.warning(
        "Flite is not installed (apt-get install %s): eSpeak NG sings instead", voice_flite.PACKAGE
    )


@lru_cache(maxsize=4096)
def _spoken(word: str, voice: str):
    """A word as its voice says it and its WORLD analysis, once per word and voice in a process."""
    spoken = speak_word(word, voice)
    if not spoken.phones or len(spoken.audio) < VOICE_RATE_HZ * 0.02:
        return None, spoken
    features: WordFeatures = analyse_word(spoken)
    return features, spoken


def add_at(bus: np.ndarray, audio: np.ndarray, start: int) -> None:
    """`audio` added into `bus` from its sample `start`; what falls before 0 or past the end is
    cut (a take's lead-in before the song starts is not heard)."""
    if start < 0:
        audio, start = audio[-start:], 0
    end = min(len(bus), start + len(audio))
    if end > start:
        bus[start:end] += audio[: end - start]


def _produce(buses: np.ndarray, score: Score, frames: int) -> np.ndarray:
    """Buses at the voice rate -> one produced stereo stem at 44100 Hz: levels, pans, echoes, room."""
    stem = np.zeros((2, frames), dtype=np.float32)
    for bus, name in zip(buses, BUS_NAMES, strict=True):
        if not bus.any():
            continue
        level_db, copies = BUSES[name]
        mono = resample_poly(bus, OUTPUT_RATE_HZ, VOICE_RATE_HZ).astype(np.float32)[:frames]
        gain = 10.0 ** (level_db / 20.0)
        for pan, delay_s in copies:
            shift = int(round(delay_s * OUTPUT_RATE_HZ))
            angle = (pan + 1.0) * np.pi / 4  # equal-power pan
            for channel, weight in enumerate((np.cos(angle), np.sin(angle))):
                stem[channel, shift : shift + len(mono)] += (
                    np.float32(gain * weight * np.sqrt(2)) * mono[: frames - shift]
                )
    produced = vocal_chain(score.genre, score.bpm)(stem, OUTPUT_RATE_HZ)
    return np.ascontiguousarray(produced.T[:frames], dtype=np.float32)
