"""Word error rate of the voice under changed settings: a tool for trying ideas, not a benchmark.

    .venv/bin/python bench/voice_sweep.py [--wide] [MODULE.NAME=VALUE ...]

e.g. `bench/voice_sweep.py "voice.CONSONANT_DB={'double': -24.0}" voice_pitch.VIBRATO_CENTS=12.0`.
Each NAME=VALUE replaces a constant of a module in `engine/render/` (`engine.analysis.speech` as
`speech.NAME`, other packages by their path under `engine`, e.g. `compose.melody.NAME`) for this run; VALUE is a Python literal. The three sung songs of
bench/engine.py are then made one after another in this one process and recognised (Whisper
tiny.en, as the bench does); it prints the word error rate of each vocal stem and mix and their
means. A constant that another module imports by name is set where it is used (the range the
melody is written in is `compose.arrange.VOCAL_RANGES`). Every word is spoken afresh (eSpeak
reloaded, Flite's noise reseeded), so the figures are those of bench/engine.py; a voice is named
as in `voice.LEAD_VOICES`, e.g. `"voice.LEAD_VOICES={'male': 'flite:rms', 'female': 'en-us+f1'}"`.

Three songs are a noisy sample: Whisper wins or loses a line whole, and any change moves every
line a little. `--wide` judges a change on nine other songs instead (the three sung prompts,
seeds 2-4, 100 s each, the vocal stem only), whose mean moves far less from one change to the
next; a change worth keeping should lower both.
"""

from __future__ import annotations

import ast
import importlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import numpy as np
import soundfile
import soxr

from bench.engine import CASES, LYRICS, TARGET_DURATION_S
from engine.analysis.speech import SPEECH_RATE_HZ, transcribe_words
from engine.analysis.sung import word_error_rate
from engine.compose import compose
from engine.music import generate_music
from engine.render.voice import OUTPUT_RATE_HZ, sing

WIDE_SEEDS = (2, 3, 4)
WIDE_DURATION_S = 100.0


def apply(setting: str) -> None:
    """Set one engine constant from "module.NAME=literal"."""
    name, _, value = setting.partition("=")
    module_name, _, constant = name.rpartition(".")
    if "." in module_name:  # e.g. compose.melody
        module = importlib.import_module(f"engine.{module_name}")
    else:
        package = "engine.analysis" if module_name == "speech" else "engine.render"
        module = importlib.import_module(f"{package}.{module_name}")
    if not hasattr(module, constant):
        raise SystemExit(f"{module.__name__} has no {constant}")
    setattr(module, constant, ast.literal_eval(value))


def main(argv: list[str]) -> int:
    wide = "--wide" in argv
    argv = [a for a in argv if a != "--wide"]
    for setting in argv:
        apply(setting)
    return sweep_wide(argv) if wide else sweep(argv)


def heard(audio, rate: int) -> str:
    """What the recogniser hears in (frames, channels) audio at `rate`, as the bench hears it."""

    return " ".join(
        w.word for w in transcribe_words(soxr.resample(audio.mean(axis=1), rate, SPEECH_RATE_HZ))
    )


def sweep(argv: list[str]) -> int:

    def heard_in(data: bytes) -> str:
        return heard(*soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True))

    figures = []
    for case in (c for c in CASES if not c.instrumental):
        song = generate_music(
            prompt=case.prompt, lyrics=LYRICS, seed=1, target_duration_s=TARGET_DURATION_S
        )
        sung = "\n".join(song.score.lyric_lines)
        figures.append(
            (
                word_error_rate(sung, heard_in(song.stems["vocals"].data)),
                word_error_rate(sung, heard_in(song.audio.data)),
            )
        )
        print(
            f"{case.name}: WER vocal stem {figures[-1][0]:.3f}, mix {figures[-1][1]:.3f}",
            file=sys.stderr,
        )
    stems, mixes = np.mean(figures, axis=0)
    print(
        f"{' '.join(argv) or '(as committed)'}: stems {' '.join(f'{s:.3f}' for s, _ in figures)} "
        f"(mean {stems:.3f}); mixes {' '.join(f'{m:.3f}' for _, m in figures)} (mean {mixes:.3f})"
    )
    return 0


def sweep_wide(argv: list[str]) -> int:

    figures = []
    for case in (c for c in CASES if not c.instrumental):
        for seed in WIDE_SEEDS:
            score = compose(case.prompt, LYRICS, seed=seed, target_duration_s=WIDE_DURATION_S)
            stem = sing(score, frames=int(score.duration_s * OUTPUT_RATE_HZ))
            figures.append(
                word_error_rate("\n".join(score.lyric_lines), heard(stem, OUTPUT_RATE_HZ))
            )
            print(f"{case.name} seed {seed}: WER vocal stem {figures[-1]:.3f}", file=sys.stderr)
    print(
        f"{' '.join(argv) or '(as committed)'}: wide stems {' '.join(f'{f:.2f}' for f in figures)} "
        f"(mean {np.mean(figures):.3f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
