"""Spoken words and their phonemes from eSpeak NG, through its C API (ctypes).

The `espeakng-loader` wheel ships libespeak-ng and its data, so nothing is installed or fetched.
eSpeak reports a phoneme event, with its sample position, at the start of every phoneme; that is
what lets the singing voice re-time each syllable onto its notes.
"""

from __future__ import annotations

import _ctypes
import ctypes
import threading
from functools import lru_cache

import espeakng_loader
import numpy as np
from scipy.signal import resample_poly

from engine.errors import EngineError
from engine.render.voice_phones import VOICE_RATE_HZ, Phone, SpokenWord, trimmed_word

# speak_lib.h
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_PHONEME_EVENTS = 0x0001
_INITIALIZE_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_EVENT_LIST_TERMINATED = 0
_EVENT_PHONEME = 7
_PARAMETER_RATE = 1
_PHONEMES_IPA = 0x02
_PHONEMES_TIE = 0x80  # bits 8-23 hold the tie between a phoneme's letters
_TIE = ord("^") << 8

# A phoneme mnemonic of eSpeak's English voices is a vowel when it starts with one of these
# ("aI", "@L", "3:", "0", "V", ...); consonants start with p b t d k g f v T D s z S Z h m n N l r
# w j x ? C.
_VOWEL_STARTS = frozenset("aeiouAEIOUV@03")
_PAUSES = frozenset({"_", "_:", "_!", "_|", "_^_", "_;_"})
# Consonants the vocal folds keep sounding through (sung on the note's pitch).
_VOICED_CONSONANTS = frozenset("bdgvDzZmnNlrwj")

WORDS_PER_MINUTE = 150  # a little slower than eSpeak's 175: clearer consonants to stretch from
SPEAKING_WORDS_PER_MINUTE = 175
RANDOM_SEED = 1


class _Id(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _Id),
    ]


_Callback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


class _Espeak:
    """eSpeak NG through its C API; calls take a lock, eSpeak is not reentrant.

    The library is loaded afresh for every utterance. Its wave generator carries state from one
    utterance to the next, so a word never came out alike twice and a song sounded different
    depending on what the process had spoken before; a fresh instance (about 3 ms) makes each
    word depend on its text and voice alone. Its noise generator is seeded for the same reason.
    """

    def __init__(self) -> None:
        self._path = espeakng_loader.get_library_path()
        self._data = espeakng_loader.get_data_path().encode()
        self.lock = threading.Lock()
        self._chunks: list[np.ndarray] = []
        self._events: list[tuple[str, int]] = []
        self._callback = _Callback(self._hear)  # kept referenced: eSpeak calls it from C
        self.lib: ctypes.CDLL | None = None  # loaded by each `speak`
        self.sample_rate_hz = 0

    def _load(self) -> None:
        if self.lib is not None:
            self.lib.espeak_Terminate()
            _ctypes.dlclose(self.lib._handle)
        lib = ctypes.CDLL(self._path)
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_ng_SetRandSeed.argtypes = [ctypes.c_long]
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
            ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        self.sample_rate_hz = lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS,
            0,
            self._data,
            _INITIALIZE_PHONEME_EVENTS | _INITIALIZE_DONT_EXIT,
        )
        if self.sample_rate_hz <= 0:
            raise EngineError("voice: eSpeak NG failed to initialise", code=1024, permanent=True)
        lib.espeak_SetSynthCallback(self._callback)
        lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        lib.espeak_TextToPhonemes.argtypes = [
            ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int
        ]  # fmt: skip
        self.lib = lib

    def _hear(self, wav, count: int, events) -> int:
        if count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, (count,)).copy())
        i = 0
        while events[i].type != _EVENT_LIST_TERMINATED:
            if events[i].type == _EVENT_PHONEME:
                self._events.append(
                    (events[i].id.string.decode("ascii", "replace"), events[i].sample)
                )
            i += 1
        return 0

    def speak(
        self, text: str, voice: str, words_per_minute: int | None = None
    ) -> tuple[np.ndarray, list[tuple[str, int]]]:
        with self.lock:
            self._load()
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise EngineError(
                    f"voice: eSpeak NG has no voice {voice!r}", code=1024, permanent=True
                )
            # The rate is looked up at each call (not bound as a default) so that it can be tuned.
            self.lib.espeak_SetParameter(_PARAMETER_RATE, words_per_minute or WORDS_PER_MINUTE, 0)
            self.lib.espeak_ng_SetRandSeed(RANDOM_SEED)
            self._chunks, self._events = [], []
            encoded = text.encode("utf-8")
            self.lib.espeak_Synth(
                encoded, len(encoded) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
            )
            audio = np.concatenate(self._chunks) if self._chunks else np.zeros(0, dtype=np.int16)
            return audio, self._events

    def ipa(self, text: str, voice: str = "en-us") -> str:
        """`text` in the IPA, each multi-letter phoneme tied with "^" (a^ɪ, t^ʃ), stress marked."""
        with self.lock:
            self._load()
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise EngineError(
                    f"voice: eSpeak NG has no voice {voice!r}", code=1024, permanent=True
                )
            pointer = ctypes.c_char_p(text.encode("utf-8"))
            clauses = []
            while pointer.value:
                phonemes = self.lib.espeak_TextToPhonemes(
                    ctypes.byref(pointer), _CHARS_UTF8, _PHONEMES_IPA | _PHONEMES_TIE | _TIE
                )
                clauses.append((phonemes or b"").decode("utf-8", "replace"))
            return " ".join(c for c in clauses if c)


@lru_cache(maxsize=1)
def _espeak() -> _Espeak:
    return _Espeak()


def speak_text(
    text: str, voice: str = "en-us", words_per_minute: int = SPEAKING_WORDS_PER_MINUTE
) -> tuple[np.ndarray, int]:
    """Running speech for `text` (mono float32) at eSpeak's everyday pace, and its sample rate:
    spoken test material for the recogniser. It goes through the process's one eSpeak instance:
    the library keeps a single voice, rate and callback for everyone who loads it."""
    engine = _espeak()
    pcm, _events = engine.speak(text, voice, words_per_minute)
    return pcm.astype(np.float32) / 32768.0, engine.sample_rate_hz


def ipa(text: str) -> str:
    """`text` as eSpeak NG's American English says it, in the IPA (see `_Espeak.ipa`)."""
    return _espeak().ipa(text)


def speak_word(word: str, voice: str) -> SpokenWord:
    """`word` spoken by the eSpeak `voice` (e.g. "en-us+m3"), trimmed to its phonemes (the voice
    keeps what it has spoken, with its analysis: `voice._spoken`)."""
    engine = _espeak()
    pcm, events = engine.speak(word, voice)
    audio = pcm.astype(np.float32) / 32768.0
    if (
        engine.sample_rate_hz != VOICE_RATE_HZ
    ):  # a build of eSpeak NG at another rate than its 22050 Hz
        scale = VOICE_RATE_HZ / engine.sample_rate_hz
        audio = resample_poly(audio, VOICE_RATE_HZ, engine.sample_rate_hz).astype(np.float32)
        events = [(name, int(round(sample * scale))) for name, sample in events]
    phones: list[Phone] = []
    for k, (name, sample) in enumerate(events):
        end = events[k + 1][1] if k + 1 < len(events) else len(audio)
        bare = name.lstrip("',")
        if bare in _PAUSES or not bare or end <= sample:
            continue
        vowel = bare[:1] in _VOWEL_STARTS
        voiced = vowel or bare[:1] in _VOICED_CONSONANTS
        phones.append(
            Phone(bare, sample, min(end, len(audio)), name.startswith("'"), vowel, voiced)
        )
    return trimmed_word(audio, phones)
