"""Benchmark of the embedded engine: speed, memory and honesty on a fixed set of ~3-minute songs.

    .venv/bin/python bench/engine.py [--only NAME] [--json FILE] [--keep DIR]

Each song is made in a fresh child process (so its peak memory is its own), as the default
Music API file (mp3, 256 kbps, 44.1 kHz, stereo); the parent then decodes it and measures
tempo and key with librosa (bench/honesty.py). For songs with vocals it also measures the voice
on its own output: each note's median f0 in the vocal stem against the score (librosa pyin), and
the word error rate of speech recognition (faster-whisper, Whisper tiny.en) of the vocal stem and
of the full mix against the lyrics sung.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on the path and its name would hide the
# `engine` package: look the package up from the project root instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import numpy as np
import soundfile
import soxr

from bench.honesty import find_key, find_tempo_bpm, key_verdict, tempo_verdict, to_mono
from bench.voice_texts import TUNE_TEXTS, read_texts
from engine.analysis.speech import SPEECH_RATE_HZ, Word, transcribe_words
from engine.analysis.sung import note_pitch_errors, word_error_rate
from engine.music import generate_music
from engine.render.instruments import warm_up

TARGET_DURATION_S = 180.0
TARGET_REALTIME_FACTOR = 20.0
TARGET_PEAK_MEMORY_MB = 1024.0
# Songs with vocals: the voice's own targets.
TARGET_VOCAL_REALTIME_FACTOR = 10.0
TARGET_VOCAL_PEAK_MEMORY_MB = 1536.0
TARGET_NOTES_IN_TUNE = 0.95  # share of notes within 50 cents
TARGET_WER_VOCALS = 0.25
TARGET_WER_MIX = 0.40

# The sung songs' lyrics: the voice benchmarks' TUNE set (bench/voice_tune.txt), on which every kept
# voice setting was chosen.
LYRICS = read_texts(TUNE_TEXTS)[0].lyrics


@dataclass(frozen=True)
class Case:
    name: str
    prompt: str
    bpm: float
    key: str
    mode: str
    instrumental: bool


CASES = (
    Case("pop-vocal", "upbeat pop song in C major, 120 bpm", 120.0, "C", "major", False),
    Case(
        "rock-inst", "energetic rock instrumental in A minor at 140 bpm", 140.0, "A", "minor", True
    ),
    Case("ballad-vocal", "tender folk ballad in D major, 90 bpm", 90.0, "D", "major", False),
    Case("house-inst", "driving house track in G minor, 124 bpm", 124.0, "G", "minor", True),
    Case("jazz-inst", "smooth jazz in F major, 100 bpm", 100.0, "F", "major", True),
    Case("soul-vocal", "soulful R&B in E minor, 84 bpm", 84.0, "E", "minor", False),
)


def case_parser(description: str, *, json_help: str, keep_help: str) -> argparse.ArgumentParser:
    """The options every benchmark takes: --only NAME, --json FILE and --keep DIR."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--only", help="run one case by name")
    parser.add_argument("--json", type=Path, help=json_help)
    parser.add_argument("--keep", type=Path, help=keep_help)
    return parser


def chosen_cases(parser: argparse.ArgumentParser, only: str | None) -> list[Case]:
    """The case --only names, or all of them; an unknown name is a usage error."""
    cases = [c for c in CASES if only in (None, c.name)]
    if not cases:
        parser.error(f"no case named {only!r}")
    return cases


@contextmanager
def work_folder(keep: Path | None) -> Iterator[Path]:
    """The --keep folder (made if need be), or a temporary one removed afterwards."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        yield folder


def missed_targets(
    rows: list[dict], checks: Callable[[dict], Iterable[tuple[str, bool]]]
) -> list[str]:
    """One line per target a row missed; `checks(row)` gives (what was found, whether it missed)."""
    return [f"- {r['case']}: {what}" for r in rows for what, missed in checks(r) if missed]


def run_child(name: str, out_path: Path) -> None:
    """Make one song and print its timings as JSON (runs in the child process)."""
    started = time.perf_counter()

    warm_up()
    ready = time.perf_counter()
    case = next(c for c in CASES if c.name == name)
    clock = StageClock()
    song = generate_music(
        prompt=case.prompt,
        lyrics=None if case.instrumental else LYRICS,
        instrumental=case.instrumental,
        seed=1,
        target_duration_s=TARGET_DURATION_S,
        progress=clock,
    )
    done = time.perf_counter()
    out_path.write_bytes(song.audio.data)
    if "vocals" in song.stems:
        out_path.with_suffix(".vocals.flac").write_bytes(song.stems["vocals"].data)
        sung = {
            "notes": [(n.pitch, n.start_s, n.end_s) for n in song.score.lead_track.notes],
            "lyrics": "\n".join(song.score.lyric_lines),
        }
        out_path.with_suffix(".sung.json").write_text(json.dumps(sung))
    print(
        json.dumps(
            {
                "startup_s": ready - started,
                "wall_s": done - ready,
                "stages_s": clock.rounded(),
                "duration_s": song.audio.duration_ms / 1000,
                "score_bpm": song.bpm,
                "score_key": f"{song.key} {song.mode}",
                "tracks": len(song.score.tracks),
                "notes": sum(len(t.notes) for t in song.score.tracks),
                "own_peak_mb": own_peak_mb(),
            }
        )
    )


class StageClock:
    """A `Progress` callback that adds up the wall time of each stage it hears, from one report
    to the next."""

    def __init__(self) -> None:
        self.stages_s: dict[str, float] = {}
        self._since = time.perf_counter()
        self._stage = ""

    def __call__(self, stage: str, fraction: float) -> None:
        now = time.perf_counter()
        if self._stage:
            self.stages_s[self._stage] = self.stages_s.get(self._stage, 0.0) + now - self._since
        self._since, self._stage = now, stage

    def rounded(self) -> dict[str, float]:
        return {k: round(v, 2) for k, v in self.stages_s.items()}


def own_peak_mb() -> float:
    """This process's own high-water mark (fresh since exec, unlike ru_maxrss after a fork)."""
    return _status_kib(os.getpid(), "VmHWM:") / 1024


class TreeMemory(threading.Thread):
    """Samples the summed resident memory of a process and its children every 20 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.02):
            self.peak_kib = max(
                self.peak_kib, sum(_status_kib(pid, "VmRSS:") for pid in _tree(self.pid))
            )


def _tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [pid] + [p for child in children for p in _tree(int(child))]


def _status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measured_child(args: list[str], *, what: str) -> dict:
    """Run this project's `args` (a script and its options) in a fresh Python process; returns the
    last line it printed, as JSON, with its peak memory added as `peak_memory_mb`."""
    child = subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    sampler = TreeMemory(child.pid)
    sampler.start()
    output = child.stdout.read()
    _, status, _ = os.wait4(child.pid, 0)
    sampler.stop.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{what}: the child process failed")
    result = json.loads(output.decode().strip().splitlines()[-1])
    # The process plus its forks, summed every 20 ms; shared pages count twice, so it errs on the
    # high side.
    result["peak_memory_mb"] = max(sampler.peak_kib / 1024, result.get("own_peak_mb", 0.0))
    return result


def measure(case: Case, workdir: Path) -> dict:
    """Run one case in a child process; time it, take its peak memory, then analyse the file."""

    out_path = workdir / f"{case.name}.mp3"
    result = measured_child(
        [__file__, "--child", case.name, "--out", str(out_path)], what=case.name
    )
    audio, rate = soundfile.read(io.BytesIO(out_path.read_bytes()), dtype="float32", always_2d=True)
    mono = to_mono(audio, rate)
    found_bpm = find_tempo_bpm(mono)
    found_key = find_key(mono)
    voice = (
        voice_figures(out_path, audio, rate) if out_path.with_suffix(".sung.json").exists() else {}
    )
    return {
        "case": case.name,
        "prompt": case.prompt,
        "instrumental": case.instrumental,
        **result,
        "realtime_factor": result["duration_s"] / result["wall_s"],
        "asked_bpm": case.bpm,
        "found_bpm": round(found_bpm, 2),
        "tempo": tempo_verdict(found_bpm, case.bpm),
        "asked_key": f"{case.key} {case.mode}",
        "found_key": str(found_key),
        "key": key_verdict(found_key, case.key, case.mode),
        **voice,
    }


def voice_figures(out_path: Path, mix: object, mix_rate: int) -> dict:
    """Pitch and words of the sung part, measured on the vocal stem and the mix of one song."""

    sung = json.loads(out_path.with_suffix(".sung.json").read_text())
    vocals, rate = soundfile.read(
        out_path.with_suffix(".vocals.flac"), dtype="float32", always_2d=True
    )
    errors = [
        e
        for e in note_pitch_errors(vocals, rate, [tuple(n) for n in sung["notes"]])
        if e is not None
    ]

    return {
        "notes": len(sung["notes"]),
        "notes_judged": len(errors),
        "notes_in_tune": float(np.mean(np.abs(errors) <= 50.0)) if errors else 0.0,
        "median_cents_off": float(np.median(np.abs(errors))) if errors else None,
        "wer_vocals": word_error_rate(sung["lyrics"], heard(vocals, rate)),
        "wer_mix": word_error_rate(sung["lyrics"], heard(mix, mix_rate)),
    }


def heard_words(audio: np.ndarray, sample_rate_hz: int) -> list[Word]:
    """The words the recogniser hears in (frames, channels) or mono audio, with their times."""
    mono = audio.mean(axis=1) if audio.ndim == 2 else audio
    return transcribe_words(soxr.resample(mono, sample_rate_hz, SPEECH_RATE_HZ))


def heard(audio: np.ndarray, sample_rate_hz: int) -> str:
    """What the recogniser hears in the audio, as one string."""
    return " ".join(w.word for w in heard_words(audio, sample_rate_hz))


def _targets(row: dict) -> tuple[float, float]:
    """(real-time factor, peak MiB) a song must reach: the voice is allowed more time and memory."""
    if row["instrumental"]:
        return TARGET_REALTIME_FACTOR, TARGET_PEAK_MEMORY_MB
    return TARGET_VOCAL_REALTIME_FACTOR, TARGET_VOCAL_PEAK_MEMORY_MB


def _song_checks(r: dict) -> tuple[tuple[str, bool], ...]:
    speed, memory = _targets(r)
    return (
        (f"{r['realtime_factor']:.1f}x real time < {speed:g}x", r["realtime_factor"] < speed),
        (f"{r['peak_memory_mb']:.0f} MiB > {memory:g} MiB", r["peak_memory_mb"] > memory),
        (f"tempo {r['tempo']}", r["tempo"] != "ok"),
        (f"key {r['key']}", r["key"] != "ok"),
    )


def _voice_checks(r: dict) -> tuple[tuple[str, bool], ...]:
    return (
        (
            f"{r['notes_in_tune']:.1%} of notes in tune < {TARGET_NOTES_IN_TUNE:.0%}",
            r["notes_in_tune"] < TARGET_NOTES_IN_TUNE,
        ),
        (
            f"WER vocal stem {r['wer_vocals']:.3f} > {TARGET_WER_VOCALS}",
            r["wer_vocals"] > TARGET_WER_VOCALS,
        ),
        (f"WER mix {r['wer_mix']:.3f} > {TARGET_WER_MIX}", r["wer_mix"] > TARGET_WER_MIX),
    )


def report(rows: list[dict]) -> str:
    """A markdown table of the figures and one line per missed target."""
    lines = [
        "| case | audio s | wall s | x real time | peak MiB | tempo asked / found | key asked / found |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['case']} | {r['duration_s']:.1f} | {r['wall_s']:.2f} | {r['realtime_factor']:.1f} "
            f"| {r['peak_memory_mb']:.0f} | {r['asked_bpm']:g} / {r['found_bpm']:g} ({r['tempo']}) "
            f"| {r['asked_key']} / {r['found_key']} ({r['key']}) |"
        )
    misses = missed_targets(rows, _song_checks)
    sung = [r for r in rows if "wer_vocals" in r]
    if sung:
        lines += [
            "",
            "| case | notes within 50 cents | median cents off | WER vocal stem | WER mix |",
            "|---|---|---|---|---|",
        ]
        for r in sung:
            lines.append(
                f"| {r['case']} | {r['notes_in_tune']:.1%} of {r['notes_judged']} | {r['median_cents_off']:.1f} "
                f"| {r['wer_vocals']:.3f} | {r['wer_mix']:.3f} |"
            )
        misses += missed_targets(sung, _voice_checks)
    lines += ["", "Missed targets:" if misses else "All targets met.", *misses]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = case_parser(
        __doc__.splitlines()[0],
        json_help="also write the rows as JSON here",
        keep_help="keep the rendered songs in this folder",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child, args.out)
        return 0
    cases = chosen_cases(parser, args.only)
    with work_folder(args.keep) as workdir:
        rows = []
        for case in cases:
            rows.append(measure(case, workdir))
            r = rows[-1]
            print(
                f"{case.name}: {r['wall_s']:.2f} s for {r['duration_s']:.0f} s of audio, stages {r['stages_s']}",
                file=sys.stderr,
            )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    print(report(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
