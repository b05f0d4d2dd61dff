"""Songs made with numpy for the analysis tests and bench: drums, bass, chords, a lead and speech.

Every fact the analysis should find back (tempo, key, chords, sections, words) is known by
construction, so a test can compare what was found with what was played.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import soxr

from engine.compose.theory import PITCH_NAMES, scale_steps
from engine.render.voice_espeak import speak_text

SAMPLE_RATE_HZ = 22050

# Chords as (root offset from the tonic in semitones, quality) per section, one chord a bar.
PROGRESSIONS = {
    "major": {
        "intro": [(0, "maj"), (5, "maj"), (7, "maj"), (0, "maj")],
        "verse": [(0, "maj"), (9, "min"), (5, "maj"), (7, "maj")],
        "chorus": [(5, "maj"), (7, "maj"), (0, "maj"), (0, "maj")],
        "bridge": [(9, "min"), (4, "min"), (5, "maj"), (7, "maj")],
        "outro": [(5, "maj"), (7, "maj"), (0, "maj"), (0, "maj")],
    },
    "minor": {
        "intro": [(0, "min"), (5, "min"), (7, "maj"), (0, "min")],
        "verse": [(0, "min"), (8, "maj"), (5, "min"), (7, "maj")],
        "chorus": [(5, "min"), (7, "maj"), (0, "min"), (0, "min")],
        "bridge": [(8, "maj"), (3, "maj"), (10, "maj"), (7, "maj")],
        "outro": [(5, "min"), (7, "maj"), (0, "min"), (0, "min")],
    },
}
# The lead's tune per section: scale degrees (0-based, may exceed 6) on eighth notes of one bar.
TUNES = {
    "verse": [[0, None, 2, 1, 0, None, 4, None], [2, 2, 1, None, 0, 1, 2, None]],
    "chorus": [[4, 4, 5, 4, 7, None, 6, 4], [5, None, 4, 2, 4, None, None, None]],
    "bridge": [[2, None, 3, None, 4, None, 3, 2], [1, None, None, 0, 1, None, None, None]],
}
DEFAULT_PLAN = (
    ("intro", 4),
    ("verse", 8),
    ("chorus", 8),
    ("verse", 8),
    ("chorus", 8),
    ("outro", 4),
)


@dataclass
class SyntheticSong:
    """A mono song at `sample_rate_hz` and the facts it was made from (times in seconds)."""

    audio: np.ndarray
    sample_rate_hz: int
    bpm: float
    tonic: str
    mode: str
    chords: list[tuple[float, float, str]] = field(default_factory=list)
    sections: list[tuple[float, float, str]] = field(default_factory=list)
    notes: list[tuple[float, float, int]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return len(self.audio) / self.sample_rate_hz


def _tone(
    freq_hz: float, n: int, *, harmonics: int, sr: int, decay_s: float | None = None
) -> np.ndarray:
    t = np.arange(n) / sr
    wave = sum(
        np.sin(2 * np.pi * freq_hz * k * t) / k
        for k in range(1, harmonics + 1)
        if freq_hz * k < sr / 2
    )
    envelope = np.minimum(1.0, t / 0.01) * np.minimum(1.0, (n - np.arange(n)) / (0.02 * sr))
    if decay_s:
        envelope = envelope * np.exp(-t / decay_s)
    return (wave * envelope).astype(np.float32)


def _kick(sr: int) -> np.ndarray:
    t = np.arange(int(0.25 * sr)) / sr
    return (np.sin(2 * np.pi * (50 + 100 * np.exp(-t * 30)) * t) * np.exp(-t * 12)).astype(
        np.float32
    )


def _noise_hit(sr: int, length_s: float, decay: float, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(int(length_s * sr)) / sr
    noise = rng.standard_normal(t.size).astype(np.float32)
    if length_s < 0.1:  # a hat: keep only the highs
        noise = np.diff(noise, prepend=0.0)
    return noise * np.exp(-t * decay).astype(np.float32)


def _add(track: np.ndarray, sound: np.ndarray, at: int, gain: float) -> None:
    end = min(track.size, at + sound.size)
    if at < end:
        track[at:end] += gain * sound[: end - at]


def midi_hz(pitch: float) -> float:
    return 440.0 * 2 ** ((pitch - 69) / 12)


def synth_song(
    *,
    bpm: float = 120.0,
    tonic: str = "A",
    mode: str = "minor",
    plan: tuple[tuple[str, int], ...] = DEFAULT_PLAN,
    lines: dict[str, list[str]] | None = None,
    sample_rate_hz: int = SAMPLE_RATE_HZ,
    pads: bool = True,
    seed: int = 0,
    voice_gain_db: float = 0.0,
) -> SyntheticSong:
    """A 4/4 song following `plan` (section label, bars); `lines[label]` are spoken, one per 2 bars,
    each peaking at full scale `voice_gain_db` over the band before the mix."""
    sr = sample_rate_hz
    rng = np.random.default_rng(seed)
    beat_s = 60.0 / bpm
    bar_n = int(round(4 * beat_s * sr))
    total_bars = sum(bars for _, bars in plan)
    drums, bass, chords, lead, voice = (
        np.zeros(total_bars * bar_n + sr, np.float32) for _ in range(5)
    )
    song = SyntheticSong(np.zeros(0, np.float32), sr, bpm, tonic, mode)
    root_pc = PITCH_NAMES.index(tonic)
    kick, snare = _kick(sr), _noise_hit(sr, 0.2, 25, rng)
    hat = _noise_hit(sr, 0.05, 80, rng)
    bar = 0
    lines = lines or {}
    voice_gain = 10 ** (voice_gain_db / 20)
    said = {label: 0 for label in lines}
    for label, bars in plan:
        start_bar = bar
        progression = PROGRESSIONS[mode][label]
        busy = label in ("verse", "chorus", "bridge")
        lift = 1.5 if label == "chorus" else 1.0  # choruses are fuller and louder
        # With words the voice is the lead; the synth line only doubles it quietly.
        lead_gain = 0.1 if lines else 0.35
        for i in range(bars):
            at = bar * bar_n
            offset, quality = progression[i % len(progression)]
            chord_root = 48 + (root_pc + offset) % 12
            third = 3 if quality == "min" else 4
            song.chords.append(
                (
                    at / sr,
                    (at + bar_n) / sr,
                    PITCH_NAMES[chord_root % 12] + ("m" if quality == "min" else ""),
                )
            )
            for pitch in (chord_root + 12, chord_root + 12 + third, chord_root + 19):
                _add(chords, _tone(midi_hz(pitch), bar_n, harmonics=4, sr=sr), at, 0.12 * lift)
            for beat in range(4):
                b_at = at + int(round(beat * beat_s * sr))
                if busy or label == "outro":
                    _add(
                        drums,
                        kick if beat % 2 == 0 else snare,
                        b_at,
                        0.6 if beat % 2 == 0 else 0.25 * lift,
                    )
                    if label == "chorus":
                        _add(drums, kick, b_at, 0.5)
                    _add(
                        bass,
                        _tone(midi_hz(chord_root - 12), int(beat_s * sr * 0.9), harmonics=3, sr=sr),
                        b_at,
                        0.3,
                    )
                if label == "chorus" or busy:
                    for half in (0, 1):
                        _add(
                            drums,
                            hat,
                            b_at + int(round(half * beat_s * sr / 2)),
                            0.08 if label == "verse" else 0.15,
                        )
            if label in TUNES:
                tune = TUNES[label][i % 2]
                scale = scale_steps(mode)
                for step, degree in enumerate(tune):
                    if degree is None:
                        continue
                    pitch = 60 + root_pc % 12 + 12 * (degree // 7) + scale[degree % 7]
                    n_at = at + int(round(step * beat_s * sr / 2))
                    length = int(beat_s * sr / 2 * 0.95)
                    _add(
                        lead,
                        _tone(midi_hz(pitch), length, harmonics=6, sr=sr),
                        n_at,
                        lead_gain * lift,
                    )
                    song.notes.append((n_at / sr, (n_at + length) / sr, pitch))
            if i % 2 == 0 and lines.get(label):
                # Lines run on across a part's repeats and start over when used up.
                text = lines[label][said[label] % len(lines[label])]
                said[label] += 1
                if text:
                    speech = speak(text, sample_rate_hz=sr)
                    _add(voice, speech / np.abs(speech).max(), at + int(0.1 * sr), voice_gain)
                    song.words.extend(text.split())
            bar += 1
        song.sections.append((start_bar * bar_n / sr, bar * bar_n / sr, label))
    mix = drums + bass + lead + voice + (chords if pads else 0.0)
    mix = mix[: total_bars * bar_n + sr // 2]
    song.audio = (0.8 * mix / np.abs(mix).max()).astype(np.float32)
    return song


def speak(text: str, *, sample_rate_hz: int = SAMPLE_RATE_HZ) -> np.ndarray:
    """English speech for `text` from eSpeak NG (the engine's own instance), mono float32."""

    speech, rate = speak_text(text)
    return soxr.resample(speech, rate, sample_rate_hz).astype(np.float32)
