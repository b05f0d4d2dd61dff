"""Spoken words and their phonemes from Flite, through its C API (ctypes).

Flite (Debian's `libflite1`) speaks with CMU's statistical voices, whose consonants are far
clearer than a formant synthesiser's: speech recognition hears its "night", "thin" and "bends"
where eSpeak's are heard as "light", "in" and "ends". Each utterance keeps its phonemes (the
Segment relation) with their end times, which is what lets the singing voice re-time each
syllable onto its notes. The voices speak at 16 kHz; words are resampled to the vocoder's rate.

Sung vocables Flite would spell out letter by letter ("hmm" as "aitch em em") are given as
phonemes instead, letters held by repetition ("sooo", "heyyy") are read once, and accented
letters lose their accents (Flite's English drops "é" from "café").
"""

from __future__ import annotations

import ctypes
import re
import threading
import unicodedata
from functools import lru_cache

import numpy as np
from scipy.signal import resample_poly

from engine.errors import EngineError
from engine.render.voice_phones import VOICE_RATE_HZ, Phone, SpokenWord, trimmed_word

# Flite's voices by the name the singing voice uses ("flite:slt"): female slt, male rms and awb.
VOICE_LIBRARIES = {"slt": "cmu_us_slt", "rms": "cmu_us_rms", "awb": "cmu_us_awb"}
PACKAGE = "libflite1"  # Debian's package of the library and its voices
DURATION_STRETCH = 1.15  # a little slower than Flite's own pace: clearer consonants to stretch from
RANDOM_SEED = 1  # Flite's noise excitation draws from the C library's rand(): seeded per word
# Vocables without a vowel letter, which Flite would spell, as the phonemes a singer sings.
VOCABLES = {
    "m": "m", "mm": "m", "hm": "hh m", "hmm": "hh m", "mhm": "m hh m", "sh": "sh", "shh": "sh",
    "ohh": "ow", "ahh": "aa", "uhh": "ah", "ooh": "uw", "brr": "b r", "psst": "p s t",
}  # fmt: skip
_HELD_LETTERS = re.compile(r"([a-z])\1{2,}")  # a letter three or more times: "sooo", "mmm"


class _Wave(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_char_p),
        ("sample_rate", ctypes.c_int),
        ("num_samples", ctypes.c_int),
        ("num_channels", ctypes.c_int),
        ("samples", ctypes.POINTER(ctypes.c_short)),
    ]


class _Voice(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("features", ctypes.c_void_p)]


_SIGNATURES = {
    "flite_init": (ctypes.c_int, []),
    "flite_synth_text": (ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_void_p]),
    "flite_synth_phones": (ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_void_p]),
    "utt_wave": (ctypes.POINTER(_Wave), [ctypes.c_void_p]),
    "utt_relation": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_char_p]),
    "relation_head": (ctypes.c_void_p, [ctypes.c_void_p]),
    "item_next": (ctypes.c_void_p, [ctypes.c_void_p]),
    "item_feat_string": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_char_p]),
    "item_feat_float": (ctypes.c_float, [ctypes.c_void_p, ctypes.c_char_p]),
    "ffeature_string": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_char_p]),
    "feat_set_float": (None, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_float]),
    "delete_utterance": (None, [ctypes.c_void_p]),
}


class _Flite:
    """libflite and the voices registered so far; calls take a lock (one utterance at a time)."""

    def __init__(self) -> None:
        try:
            # The voices resolve the language and lexicon's symbols from the global namespace.
            self.lib = ctypes.CDLL("libflite.so.1", mode=ctypes.RTLD_GLOBAL)
            for name in ("libflite_usenglish.so.1", "libflite_cmulex.so.1"):
                ctypes.CDLL(name, mode=ctypes.RTLD_GLOBAL)
        except OSError as error:
            raise EngineError(
                f"voice: Flite is not installed (apt-get install {PACKAGE}): {error}",
                code=1024,
                permanent=True,
            ) from error
        for name, (restype, argtypes) in _SIGNATURES.items():
            function = getattr(self.lib, name)
            function.restype, function.argtypes = restype, argtypes
        self.lib.flite_init()
        self._libc = ctypes.CDLL(None)
        self.lock = threading.Lock()
        self._voices: dict[str, int] = {}

    def voice(self, name: str) -> int:
        if name not in self._voices:
            if name not in VOICE_LIBRARIES:
                raise EngineError(f"voice: Flite has no voice {name!r}", code=1024, permanent=True)
            library = VOICE_LIBRARIES[name]
            try:
                register = getattr(ctypes.CDLL(f"libflite_{library}.so.1"), f"register_{library}")
            except OSError as error:
                raise EngineError(
                    f"voice: Flite's {name} voice is missing: {error}", code=1024, permanent=True
                ) from error
            register.restype, register.argtypes = ctypes.c_void_p, [ctypes.c_char_p]
            handle = register(None)
            self.lib.feat_set_float(
                _Voice.from_address(handle).features, b"duration_stretch", DURATION_STRETCH
            )
            self._voices[name] = handle
        return self._voices[name]

    def speak(
        self, text: str, voice: str, *, phones: bool = False
    ) -> tuple[np.ndarray, int, list[tuple[str, float, bool, bool, bool]]]:
        """(int16 samples, rate, [(phone, end s, vowel, voiced, stressed)]) for `text`, which is
        words, or Flite's phoneme names separated by spaces when `phones`."""
        with self.lock:
            lib = self.lib
            self._libc.srand(RANDOM_SEED)
            synth = lib.flite_synth_phones if phones else lib.flite_synth_text
            utterance = synth(text.encode("utf-8"), self.voice(voice))
            if not utterance:
                raise EngineError(f"voice: Flite could not say {text!r}", code=1024)
            try:
                wave = lib.utt_wave(utterance)
                if not wave or not wave.contents.num_samples:
                    return np.zeros(0, np.int16), VOICE_RATE_HZ, []
                wave = wave.contents
                samples = np.ctypeslib.as_array(wave.samples, (wave.num_samples,)).copy()
                segments = []
                item = lib.relation_head(lib.utt_relation(utterance, b"Segment"))
                while item:
                    segments.append((
                        lib.item_feat_string(item, b"name").decode("ascii", "replace"),
                        float(lib.item_feat_float(item, b"end")),
                        lib.ffeature_string(item, b"ph_vc") == b"+",
                        lib.ffeature_string(item, b"ph_cvox") == b"+",
                        lib.ffeature_string(item, b"R:SylStructure.parent.stress") == b"1",
                    ))  # fmt: skip
                    item = lib.item_next(item)
                return samples, wave.sample_rate, segments
            finally:
                lib.delete_utterance(utterance)


@lru_cache(maxsize=1)
def _flite() -> _Flite:
    return _Flite()


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether Flite and its voices can be loaded here (asked once per process)."""
    try:
        flite = _flite()
        return all(flite.voice(name) for name in VOICE_LIBRARIES)
    except EngineError:
        return False


def speak_word(word: str, voice: str) -> SpokenWord:
    """`word` spoken by the Flite `voice` ("slt", "rms", "awb") at the singing voice's rate,
    trimmed to its phonemes."""
    folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    text = _HELD_LETTERS.sub(r"\1", folded.lower())
    vocable = VOCABLES.get(text.strip(".,!?;:'\"-"))
    if vocable:
        pcm, rate, segments = _flite().speak(f"pau {vocable} pau", voice, phones=True)
    else:
        pcm, rate, segments = _flite().speak(text, voice)
    audio = (
        resample_poly(pcm.astype(np.float32) / 32768.0, VOICE_RATE_HZ, rate).astype(np.float32)
        if len(pcm)
        else np.zeros(0, np.float32)
    )
    phones: list[Phone] = []
    start = 0
    for name, end_s, vowel, voiced, stressed in segments:
        end = min(len(audio), int(round(end_s * VOICE_RATE_HZ)))
        if name != "pau" and end > start:
            phones.append(Phone(name, start, end, stressed, vowel, vowel or voiced))
        start = max(start, end)
    return trimmed_word(audio, phones, bandwidth_hz=rate / 2)
