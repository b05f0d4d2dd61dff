"""Word error rate of the voice under changed settings: a tool for trying ideas, not a benchmark.

    .venv/bin/python bench/voice_sweep.py [--wide | --report] [--quality full|draft]
                                          [MODULE.NAME=VALUE ...]

e.g. `bench/voice_sweep.py "voice.CONSONANT_DB={'double': -24.0}" voice_pitch.VIBRATO_CENTS=12.0`.
Each NAME=VALUE replaces a constant of a module in `engine/render/` (`engine.analysis.speech` as
`speech.NAME`, other packages by their path under `engine`, e.g. `compose.melody.NAME`) for this
run; VALUE is a Python literal. A constant that another module imports by name is set where it is
used (the range the melody is written in is `compose.arrange.VOCAL_RANGES`). Every word is spoken
afresh (eSpeak reloaded, Flite's noise reseeded), so the figures are those of bench/engine.py; a
voice is named as in `voice.LEAD_VOICES`, e.g.
`"voice.LEAD_VOICES={'male': 'flite:rms', 'female': 'en-us+f1'}"`. `--quality` picks the voice
(draft, the default, or full: the neural voice).

Settings are tuned on the TUNE set (bench/voice_tune.txt: one text of 37 lines, the lyrics of
bench/engine.py, on its three sung prompts) and judged on the REPORT set (bench/voice_report.txt:
six texts never tuned on, each with its own genre, tempo and register):

- no flag: the three TUNE songs (seed 1), made one after another in this one process and
  recognised (Whisper tiny.en, as the bench does); the word error rate of each vocal stem and mix
  and their means.
- `--wide`: the same three prompts at seeds 2-4, the vocal stem only: nine renders of the same
  37 lines at full length (about 170-240 s each), with the melody, not the words, changed. Their
  mean moves less from one change to the next than three songs do, but it is still one text:
  earlier notes called these "nine other songs, 100 s each", which they never were (a song's
  length comes from its lyrics when it has them; `target_duration_s` is ignored).
- `--report`: the six REPORT songs (seed 1), vocal stems and mixes: what a change kept on the
  TUNE set does to texts it was not chosen on. Never choose a setting on these figures.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import numpy as np
import soundfile

from bench.engine import heard
from bench.voice_texts import REPORT_TEXTS, TUNE_TEXTS, SungText, read_texts
from engine.analysis.sung import word_error_rate
from engine.compose import compose
from engine.music import generate_music
from engine.render.voice import OUTPUT_RATE_HZ, sing

SEED = 1
WIDE_SEEDS = (2, 3, 4)


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sets = parser.add_mutually_exclusive_group()
    sets.add_argument("--wide", action="store_true", help="the TUNE songs at seeds 2-4, stems")
    sets.add_argument("--report", action="store_true", help="the REPORT set, stems and mixes")
    parser.add_argument("--quality", choices=("draft", "full"), default="draft")
    parser.add_argument("settings", nargs="*", metavar="MODULE.NAME=VALUE")
    args = parser.parse_args(argv)
    for setting in args.settings:
        apply(setting)
    label = " ".join(args.settings) or "(as committed)"
    if args.quality != "draft":
        label += f" [{args.quality}]"
    if args.wide:
        return sweep_wide(read_texts(TUNE_TEXTS), args.quality, label)
    songs = read_texts(REPORT_TEXTS if args.report else TUNE_TEXTS)
    return sweep(songs, args.quality, f"{label}{' report set' if args.report else ''}")


def sweep(songs: list[SungText], quality: str, label: str) -> int:
    """Each song made whole; the WER of its vocal stem and its mix."""

    def heard_in(data: bytes) -> str:
        return heard(*soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True))

    figures = []
    for song in songs:
        made = generate_music(
            prompt=song.prompt, lyrics=song.lyrics, seed=SEED, voice_quality=quality
        )
        sung = "\n".join(made.score.lyric_lines)
        figures.append(
            (
                word_error_rate(sung, heard_in(made.stems["vocals"].data)),
                word_error_rate(sung, heard_in(made.audio.data)),
            )
        )
        print(
            f"{song.name}: WER vocal stem {figures[-1][0]:.3f}, mix {figures[-1][1]:.3f}",
            file=sys.stderr,
        )
    stems, mixes = np.mean(figures, axis=0)
    print(
        f"{label}: stems {' '.join(f'{s:.3f}' for s, _ in figures)} "
        f"(mean {stems:.3f}); mixes {' '.join(f'{m:.3f}' for _, m in figures)} (mean {mixes:.3f})"
    )
    return 0


def sweep_wide(songs: list[SungText], quality: str, label: str) -> int:
    """Each song's vocal stem alone, at each of `WIDE_SEEDS`; the WER of each and their mean."""
    figures = []
    for song in songs:
        for seed in WIDE_SEEDS:
            score = compose(song.prompt, song.lyrics, seed=seed, voice_quality=quality)
            stem = sing(score, frames=int(score.duration_s * OUTPUT_RATE_HZ))
            figures.append(
                word_error_rate("\n".join(score.lyric_lines), heard(stem, OUTPUT_RATE_HZ))
            )
            print(
                f"{song.name} seed {seed} ({score.duration_s:.0f} s): "
                f"WER vocal stem {figures[-1]:.3f}",
                file=sys.stderr,
            )
    print(
        f"{label}: wide stems {' '.join(f'{f:.2f}' for f in figures)} (mean {np.mean(figures):.3f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
