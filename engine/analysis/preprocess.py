"""The cover preprocess: everything a cover needs to know about its reference recording.

One call runs every listener (tempo, key, chords, melody, sections, words) on decoded audio and
returns the contract's preprocess fields plus Refrain's richer features. Speech recognition
runs in a thread beside the signal analysis: CTranslate2 releases the GIL, so the two share the
machine's cores instead of queueing.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import asdict, dataclass, field

import librosa
import numpy as np

from engine.analysis import chords as chords_module
from engine.analysis import key as key_module
from engine.analysis import melody as melody_module
from engine.analysis import numba_cache, structure, tempo
from engine.analysis.decode import ANALYSIS_RATE_HZ, DecodedAudio, mono_at
from engine.analysis.lyrics_format import format_lyrics
from engine.analysis.speech import SPEECH_RATE_HZ, Word, load_model, transcribe_words
from engine.callbacks import Progress, no_progress
from engine.compose.theory import spelled

STAGE = "analysing"
FALLBACK_BEAT_S = 0.5  # a pulse-less recording is cut into half-second "beats" instead
CQT_OCTAVES, CQT_BINS_PER_OCTAVE = 7, 36
BASS_OCTAVES = 3  # C1-B3


@dataclass(frozen=True)
class CoverFeatures:
    """The contract's preprocess fields (`cover_feature_id`, `audio_duration`, `formatted_lyrics`,
    `structure_result` as a JSON string) and the features a cover is arranged from (seconds, MIDI)."""

    cover_feature_id: str
    audio_duration: float
    formatted_lyrics: str
    structure_result: str
    tempo_bpm: float
    beats_s: list[float]
    key: str
    mode: str
    chords: list[dict] = field(default_factory=list)
    melody: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    words: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        """All fields as a JSON-ready dict."""
        return asdict(self)


def analyse_reference(
    decoded: DecodedAudio, *, progress: Progress = no_progress, transcribe: bool = True
) -> CoverFeatures:
    """Tempo, key, chords, melody, sections and (if `transcribe`) words of a decoded reference."""
    compile_listeners()
    return _listen(decoded, progress=progress, transcribe=transcribe)


def warm_up() -> None:
    """Compile (or load) librosa's numba code and load the speech model, e.g. when a worker
    starts, so that its first cover does not pay for them."""
    compile_listeners()
    transcribe_words(mono_at(_made_up_clip(), SPEECH_RATE_HZ))


def compile_listeners() -> None:
    """Compile (or load from the disk cache) every numba function the listeners use, once per
    process and never while another process compiles (see numba_cache)."""
    numba_cache.compile_once(_listen_to_made_up_clip)


def _listen_to_made_up_clip() -> None:
    # Its beats, pitch and harmony take the paths a recording's take, with the same dtypes.
    _listen(_made_up_clip(), transcribe=False)


def _made_up_clip() -> DecodedAudio:
    """Eight seconds of a 220 Hz tone with a click twice a second."""
    sample_rate_hz = ANALYSIS_RATE_HZ
    t = np.arange(int(8 * sample_rate_hz)) / sample_rate_hz
    clicks = (np.sin(2 * np.pi * 2 * t) > 0.99).astype(np.float32)
    mono = (0.3 * np.sin(2 * np.pi * 220 * t) + clicks).astype(np.float32)
    digest = hashlib.md5(mono.tobytes()).hexdigest()
    return DecodedAudio(mono, sample_rate_hz, 8.0, digest, digest, "wav")


def _listen(
    decoded: DecodedAudio, *, progress: Progress = no_progress, transcribe: bool
) -> CoverFeatures:
    progress(STAGE, 0.0)
    mono = decoded.mono
    duration_s = decoded.duration_s
    listener = _SpeechThread(decoded) if transcribe else None

    onsets = tempo.onset_envelope(mono, ANALYSIS_RATE_HZ)
    beats = tempo.find_beats(onsets, ANALYSIS_RATE_HZ)
    progress(STAGE, 0.15)
    features = _beat_features(mono, beats.beats_s, duration_s)
    found_key = key_module.find_key(features.chroma_energy)
    found_chords = chords_module.find_chords(features.chroma, features.edges_s, features.bass)
    key_and_mode = (found_key.tonic, found_key.mode)  # chords are named as the key spells them
    beat_ids = structure.cluster_beats(features.chroma, features.mfcc)
    progress(STAGE, 0.4)
    notes = melody_module.find_melody(mono, ANALYSIS_RATE_HZ)
    progress(STAGE, 0.8)

    words = listener.result() if listener else []
    sections = structure.find_sections(
        beat_ids,
        features.edges_s,
        features.rms,
        word_times_s=[w.start_s for w in words] if words else None,
    )
    progress(STAGE, 0.95)
    segments = [{"start": s.start_s, "end": s.end_s, "label": s.label} for s in sections]
    features_out = CoverFeatures(
        cover_feature_id=decoded.md5,
        audio_duration=round(duration_s, 3),
        formatted_lyrics=format_lyrics(words, sections),
        structure_result=json.dumps({"num_segments": len(segments), "segments": segments}),
        tempo_bpm=beats.tempo_bpm,
        beats_s=[round(float(t), 3) for t in beats.beats_s],
        key=spelled(found_key.tonic, *key_and_mode),
        mode=found_key.mode,
        chords=[
            {"start": c.start_s, "end": c.end_s, "chord": spelled(c.name, *key_and_mode)}
            for c in found_chords
        ],
        melody=[{"start": n.start_s, "end": n.end_s, "pitch": n.pitch} for n in notes],
        sections=segments,
        words=[{"start": w.start_s, "end": w.end_s, "word": w.word} for w in words],
    )
    progress(STAGE, 1.0)
    return features_out


@dataclass(frozen=True)
class _BeatFeatures:
    chroma_energy: np.ndarray  # (12, frames), not normalised
    chroma: np.ndarray  # (12, n) one column per beat span
    bass: np.ndarray  # (12, n) chroma of the bass register (C1-B3)
    mfcc: np.ndarray  # (13, n)
    rms: np.ndarray  # (n,)
    edges_s: np.ndarray  # (n + 1,) column i spans edges_s[i]..edges_s[i+1]


def _beat_features(mono: np.ndarray, beats_s: np.ndarray, duration_s: float) -> _BeatFeatures:
    """Chroma, timbre and loudness summarised per beat (the unit sections and chords move in)."""
    hop = tempo.HOP
    # One constant-Q transform from C1 up (librosa's chroma_cqt defaults) serves both the chroma
    # and the chroma of the bass register, its lowest BASS_OCTAVES.
    tuning = librosa.estimate_tuning(
        y=mono, sr=ANALYSIS_RATE_HZ, bins_per_octave=CQT_BINS_PER_OCTAVE
    )
    cqt = np.abs(
        librosa.cqt(
            y=mono, sr=ANALYSIS_RATE_HZ, hop_length=hop, fmin=librosa.note_to_hz("C1"),
            n_bins=CQT_OCTAVES * CQT_BINS_PER_OCTAVE, bins_per_octave=CQT_BINS_PER_OCTAVE, tuning=tuning,
        )
    )  # fmt: skip
    chroma_energy = librosa.feature.chroma_cqt(
        C=cqt, sr=ANALYSIS_RATE_HZ, bins_per_octave=CQT_BINS_PER_OCTAVE, norm=None
    )
    frame_chroma = librosa.util.normalize(chroma_energy, norm=np.inf, axis=0)
    bass = librosa.feature.chroma_cqt(
        C=cqt[: BASS_OCTAVES * CQT_BINS_PER_OCTAVE],
        sr=ANALYSIS_RATE_HZ,
        bins_per_octave=CQT_BINS_PER_OCTAVE,
        norm=None,
    )
    mfcc = librosa.feature.mfcc(y=mono, sr=ANALYSIS_RATE_HZ, hop_length=hop, n_mfcc=13)
    rms = librosa.feature.rms(y=mono, hop_length=hop)
    n_frames = min(frame_chroma.shape[1], bass.shape[1], mfcc.shape[1], rms.shape[1])
    beats_s = _beat_grid(beats_s, duration_s)
    beat_frames = librosa.time_to_frames(beats_s, sr=ANALYSIS_RATE_HZ, hop_length=hop)
    bounds = librosa.util.fix_frames(beat_frames, x_min=0, x_max=n_frames)
    edges_s = librosa.frames_to_time(bounds, sr=ANALYSIS_RATE_HZ, hop_length=hop)
    edges_s[-1] = duration_s
    return _BeatFeatures(
        chroma_energy=chroma_energy,
        chroma=librosa.util.sync(
            frame_chroma[:, :n_frames], bounds, aggregate=np.median, pad=False
        ),
        bass=librosa.util.sync(bass[:, :n_frames], bounds, aggregate=np.median, pad=False),
        mfcc=librosa.util.sync(mfcc[:, :n_frames], bounds, pad=False),
        rms=librosa.util.sync(rms[:, :n_frames], bounds, pad=False)[0],
        edges_s=edges_s,
    )


def _beat_grid(beats_s: np.ndarray, duration_s: float) -> np.ndarray:
    """Tracked beats, extended at their median spacing over the ends where the tracker gave up
    (a drumless intro or outro still has harmony and sections to find)."""
    if len(beats_s) < 4:
        return np.arange(FALLBACK_BEAT_S, duration_s, FALLBACK_BEAT_S)
    period_s = float(np.median(np.diff(beats_s)))
    before = np.arange(beats_s[0] - period_s, period_s / 2, -period_s)[::-1]
    after = np.arange(beats_s[-1] + period_s, duration_s - period_s / 2, period_s)
    return np.concatenate([before, beats_s, after])


class _SpeechThread:
    """Speech recognition of the reference in a background thread; `result()` waits for it."""

    def __init__(self, decoded: DecodedAudio):
        # The model is made on the caller's thread: a CTranslate2 model made on a thread that
        # then ends can abort the process at exit ("terminate called without an active exception").
        load_model()
        self._words: list[Word] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(decoded,), name="analysis-speech", daemon=True
        )
        self._thread.start()

    def _run(self, decoded: DecodedAudio) -> None:
        try:
            self._words = transcribe_words(mono_at(decoded, SPEECH_RATE_HZ))
        except BaseException as error:  # handed to the caller's thread in result()
            self._error = error

    def result(self) -> list[Word]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._words
