"""Benchmark of the singing voices on lyrics they were not tuned on: quality, words, pitch, timing,
speed and memory.

    .venv/bin/python bench/voice.py [--quality full|draft|both] [--only NAME] [--quick]
                                    [--json FILE] [--keep DIR]

Each song of the REPORT set (bench/voice_report.txt: texts no setting was chosen on, each with
its own genre, tempo and register) and one 3-minute song of the TUNE set (bench/voice_tune.txt,
for the speed target) is made at each asked voice quality, in a fresh child process, through
`engine.music.generate_music`; a second child renders the same score's lead takes alone, dry (no
doubles, backing voices or effects) and profiled. The parent then measures: DNSMOS P.808 and
OVRL of the dry lead where it sounds (speechmos, 16 kHz, 9 s windows averaged); the word error
rate of Whisper tiny.en on the vocal stem and on the mix; the share of notes within 50 cents
(pyin on the dry lead); the lyric lines sung (the dry lead sounds over the line's LRC span) and
heard (the recogniser finds its words at their time); how far each LRC word time is from the
dry lead's strongest onset near it; the wall time, real-time factor, cores used and peak memory
of the song's process, and where the time went (stages, and the lead pass's profile).
`--quick` sings two lines of each of the first two sections of one song instead (about 20 s).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import numpy as np
import soundfile

from bench.engine import (
    StageClock,
    case_parser,
    heard_words,
    measured_child,
    missed_targets,
    own_peak_mb,
    work_folder,
)
from bench.voice_measures import (
    lines_heard,
    lines_sung,
    matched_words,
    onset_errors_s,
    placed_lines,
    voice_quality,
)
from bench.voice_texts import REPORT_TEXTS, TUNE_TEXTS, SungText, read_texts, shortened
from engine.analysis.sung import note_pitch_errors, word_error_rate
from engine.compose import compose
from engine.compose.lyric_times import read_synced_lyrics, synced_lyrics
from engine.music import generate_music
from engine.render import kokoro_model
from engine.render.instruments import warm_up
from engine.render.voice import (
    VOICE_RATE_HZ,
    add_at,
    render_take,
    song_takes,
    sung_quality,
    sung_word_starts,
)

SEED = 1
QUALITIES = ("draft", "full")
SPEED_SONG = "pop-vocal"  # the TUNE set's song of about 3 minutes
QUICK_SONG = "orchard-bossa"
QUICK_SECTIONS, QUICK_LINES = 2, 2
# The targets (issue 17).
TARGET_P808 = 3.4
TARGET_WER_VOCALS = 0.20
TARGET_WER_MIX = 0.30
TARGET_NOTES_IN_TUNE = 0.95
TARGET_WORD_TIME_S = 0.080
TARGET_REALTIME_FACTOR = {"full": 180.0 / 40.0, "draft": 15.0}  # a 3-minute song in 40 s
TARGET_PEAK_MEMORY_MB = 2048.0
# Where the lead pass's time goes: (file, function) of the profile, per voice.
PROFILED = {
    "full": {
        "decoder": ("kokoro_model.py", "sing"),
        "durations": ("kokoro_model.py", "durations"),
        "energy": ("kokoro_model.py", "energy"),
        "phonemes": ("voice_kokoro_phonemes.py", "word_tokens"),
    },
    "draft": {
        "speech": ("voice.py", "speak_word"),
        "world_analysis": ("voice_vocoder.py", "analyse_word"),
        "world_synthesis": ("voice_vocoder.py", "render_phrase"),
    },
}


def chosen_songs(only: str | None, quick: bool) -> list[SungText]:
    """The REPORT set and the 3-minute TUNE song, or the song --only names (of either set);
    --quick makes one song short (QUICK_SONG unless --only names another)."""
    tune, report = read_texts(TUNE_TEXTS), read_texts(REPORT_TEXTS)
    if quick:
        only = only or QUICK_SONG
    if only is None:
        return report + [s for s in tune if s.name == SPEED_SONG]
    songs = [s for s in report + tune if s.name == only]
    if quick:
        songs = [shortened(s, sections=QUICK_SECTIONS, lines=QUICK_LINES) for s in songs]
    return songs


def run_song(song: SungText, quality: str, out: Path) -> None:
    """Child: make the song, timed from a warm process, and write its files (see `measure`)."""
    started = time.perf_counter()
    warm_up()
    voice_load_s = 0.0
    if quality == "full" and kokoro_model.available():
        loading = time.perf_counter()
        kokoro_model.kokoro()
        voice_load_s = time.perf_counter() - loading
    clock = StageClock()
    cpu = _cpu_s()
    ready = time.perf_counter()
    finished = generate_music(
        prompt=song.prompt, lyrics=song.lyrics, seed=SEED, voice_quality=quality, progress=clock
    )
    wall_s = time.perf_counter() - ready
    cpu_s = _cpu_s() - cpu
    out.write_bytes(finished.audio.data)
    out.with_suffix(".vocals.flac").write_bytes(finished.stems["vocals"].data)
    out.with_suffix(".lrc").write_text(finished.lrc)
    takes = song_takes(finished.score)
    print(
        json.dumps(
            {
                "startup_s": round(ready - started, 2),
                "voice_load_s": round(voice_load_s, 2),
                "wall_s": wall_s,
                "cores_used": cpu_s / wall_s,
                "stages_s": clock.rounded(),
                "duration_s": finished.audio.duration_ms / 1000,
                "bpm": finished.bpm,
                "register": finished.score.vocal_register,
                "sung_by": sung_quality(finished.score),
                "lyric_lines": finished.score.lyric_lines,
                "takes": len(takes),
                "takes_rendered": len({t.shape() for t in takes}),
                "own_peak_mb": own_peak_mb(),
            }
        )
    )


def run_lead(song: SungText, quality: str, out: Path) -> None:
    """Child: the same score's lead takes alone, each distinct take rendered once (profiled) and
    placed where it is sung: the dry lead, mono float32 at the voice's rate."""
    score = compose(song.prompt, song.lyrics, seed=SEED, voice_quality=quality)
    if sung_quality(score) == "full":
        kokoro_model.kokoro()  # opened before the profile, as in the song
    takes = [t for t in song_takes(score) if t.bus == "lead"]
    groups: dict[tuple, list] = {}
    for take in takes:
        groups.setdefault(take.shape(), []).append(take)
    lead = np.zeros(int(np.ceil((score.duration_s + 2.0) * VOICE_RATE_HZ)), dtype=np.float32)
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for group in groups.values():
        rendered = render_take(group[0])
        if rendered is None:
            continue
        start_s, audio = rendered
        for take in group:
            offset = start_s - group[0].start_s + take.start_s
            add_at(lead, audio, int(round(offset * VOICE_RATE_HZ)))  # as the song places it
    profile.disable()
    lead_s = time.perf_counter() - started
    soundfile.write(out.with_suffix(".lead.wav"), lead, VOICE_RATE_HZ, subtype="FLOAT")
    notes = [(n.pitch, n.start_s, n.end_s) for t in takes for s in t.syllables for n in s.notes]
    print(
        json.dumps(
            {
                "lead_s": lead_s,
                "lead_parts_s": _profiled(pstats.Stats(profile), sung_quality(score)),
                "lead_notes": notes,
                "lrc": synced_lyrics(score, sung_word_starts(score)),
            }
        )
    )


def _cpu_s() -> float:
    """CPU time of this process (every thread) and of its children that have been waited for."""
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _profiled(stats: pstats.Stats, quality: str) -> dict[str, float]:
    """Cumulative seconds of the profile's functions of `PROFILED[quality]`."""
    parts = {}
    for part, (file, function) in PROFILED[quality].items():
        parts[part] = round(
            sum(
                row[3]
                for (path, _, name), row in stats.stats.items()
                if name == function and path.endswith(f"/{file}")
            ),
            2,
        )
    return parts


def measure(song: SungText, quality: str, workdir: Path, quick: bool) -> dict:
    """Make one song at `quality` in a child, its dry lead in another; measure both."""
    out = workdir / f"{song.name}.{quality}.mp3"
    options = ["--song", song.name, "--quality", quality, "--out", str(out)]
    options += ["--quick"] if quick else []
    made = measured_child([__file__, "--child", "song", *options], what=song.name)
    lead_run = measured_child([__file__, "--child", "lead", *options], what=f"{song.name} lead")
    if lead_run["lrc"] != out.with_suffix(".lrc").read_text():
        raise RuntimeError(f"{song.name}: the dry lead's score is not the song's")
    lead, rate = soundfile.read(out.with_suffix(".lead.wav"), dtype="float32")
    vocals, vocals_rate = soundfile.read(out.with_suffix(".vocals.flac"), dtype="float32")
    mix, mix_rate = soundfile.read(out, dtype="float32")
    lyrics = "\n".join(made["lyric_lines"])
    lines = read_synced_lyrics(lead_run["lrc"])
    words = [w for line in lines for w in line.words]
    heard_in_stem = heard_words(vocals, vocals_rate)
    matches = matched_words(words, heard_in_stem)
    errors = [e for e in note_pitch_errors(lead, rate, lead_run["lead_notes"]) if e is not None]
    onsets = np.abs(onset_errors_s(lead, rate, words))
    placed = placed_lines(song.lines, lines)
    sung = lines_sung(lead, rate, placed)
    return {
        "case": song.name,
        "text_set": "tune" if song.name in {s.name for s in read_texts(TUNE_TEXTS)} else "report",
        "quick": quick,
        "quality": quality,
        "prompt": song.prompt,
        "asked_register": song.register,
        **{k: v for k, v in made.items() if k != "lyric_lines"},
        "realtime_factor": made["duration_s"] / made["wall_s"],
        "lead_s": lead_run["lead_s"],
        "lead_parts_s": lead_run["lead_parts_s"],
        **{f"dnsmos_{k}": round(v, 3) for k, v in asdict(voice_quality(lead, rate)).items()},
        "wer_vocals": word_error_rate(lyrics, " ".join(w.word for w in heard_in_stem)),
        "wer_mix": word_error_rate(lyrics, " ".join(w.word for w in heard_words(mix, mix_rate))),
        "notes_judged": len(errors),
        "notes_in_tune": float(np.mean(np.abs(errors) <= 50.0)) if errors else 0.0,
        "lines": len(song.lines),
        "lines_sung": sum(sung),
        "lines_unsung": [text for text, s in zip(song.lines, sung, strict=True) if not s],
        "lines_heard": sum(lines_heard(placed, matches)),
        "word_time_median_ms": _ms(np.nanmedian(onsets)) if len(onsets) else None,
        "word_time_max_ms": _ms(np.nanmax(onsets)) if len(onsets) else None,
        "words_within_target": float(np.mean(onsets <= TARGET_WORD_TIME_S)) if len(onsets) else 0.0,
        "words_without_onset": int(np.isnan(onsets).sum()),
        "heard_time_median_ms": _ms(
            np.median([abs(h.start_s - w.start_s) for w, h in matches]) if matches else np.nan
        ),
    }


def _ms(seconds: float) -> float | None:
    return None if np.isnan(seconds) else round(float(seconds) * 1000.0, 1)


def _checks(r: dict) -> tuple[tuple[str, bool], ...]:
    speed = TARGET_REALTIME_FACTOR[r["quality"]]
    return (
        (f"{r['quality']}: sung by the {r['sung_by']} voice", r["sung_by"] != r["quality"]),
        (
            f"register {r['register']}, asked {r['asked_register']}",
            r["register"] != r["asked_register"],
        ),
        (
            f"{r['quality']}: P.808 {r['dnsmos_p808']:.2f} < {TARGET_P808}",
            r["dnsmos_p808"] < TARGET_P808,
        ),
        (
            f"{r['quality']}: WER vocal stem {r['wer_vocals']:.3f} > {TARGET_WER_VOCALS}",
            r["wer_vocals"] > TARGET_WER_VOCALS,
        ),
        (
            f"{r['quality']}: WER mix {r['wer_mix']:.3f} > {TARGET_WER_MIX}",
            r["wer_mix"] > TARGET_WER_MIX,
        ),
        (
            f"{r['quality']}: {r['notes_in_tune']:.1%} of notes within 50 cents < {TARGET_NOTES_IN_TUNE:.0%}",
            r["notes_in_tune"] < TARGET_NOTES_IN_TUNE,
        ),
        (f"{r['quality']}: lines not sung: {r['lines_unsung']}", r["lines_sung"] < r["lines"]),
        (
            f"{r['quality']}: a word {r['word_time_max_ms']} ms from its LRC time (> {TARGET_WORD_TIME_S * 1000:g}), {r['words_without_onset']} without an onset",
            (r["word_time_max_ms"] or 0.0) > TARGET_WORD_TIME_S * 1000
            or r["words_without_onset"] > 0,
        ),
        (
            f"{r['quality']}: {r['realtime_factor']:.1f}x real time < {speed:g}x",
            r["realtime_factor"] < speed,
        ),
        (
            f"{r['quality']}: {r['peak_memory_mb']:.0f} MiB > {TARGET_PEAK_MEMORY_MB:g} MiB",
            r["peak_memory_mb"] > TARGET_PEAK_MEMORY_MB,
        ),
    )


def report(rows: list[dict]) -> str:
    """Markdown tables of the figures, and one line per missed target."""
    lines = [
        "| case | set | voice | quality | P.808 | OVRL | WER stem | WER mix | notes within 50 c "
        "| lines sung / heard | word time ms, median / max (within 80 ms) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['case']} | {r['text_set']}{' (quick)' if r['quick'] else ''} | {r['register']} "
            f"| {r['quality']} | {r['dnsmos_p808']:.2f} | {r['dnsmos_ovrl']:.2f} "
            f"| {r['wer_vocals']:.3f} | {r['wer_mix']:.3f} "
            f"| {r['notes_in_tune']:.1%} of {r['notes_judged']} "
            f"| {r['lines_sung']} / {r['lines_heard']} of {r['lines']} "
            f"| {r['word_time_median_ms']} / {r['word_time_max_ms']} "
            f"({r['words_within_target']:.0%}) |"
        )
    lines += [
        "",
        "| case | quality | audio s | wall s | x real time | cores | peak MiB | takes (rendered) "
        "| stages s | voice load s | lead alone s: parts |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        stages = ", ".join(f"{k} {v:.2f}" for k, v in r["stages_s"].items())
        parts = ", ".join(f"{k} {v:.2f}" for k, v in r["lead_parts_s"].items())
        lines.append(
            f"| {r['case']} | {r['quality']} | {r['duration_s']:.1f} | {r['wall_s']:.2f} "
            f"| {r['realtime_factor']:.1f} | {r['cores_used']:.2f} | {r['peak_memory_mb']:.0f} "
            f"| {r['takes']} ({r['takes_rendered']}) | {stages} | {r['voice_load_s']:.2f} "
            f"| {r['lead_s']:.2f}: {parts} |"
        )
    misses = missed_targets(rows, _checks)
    lines += ["", "Missed targets:" if misses else "All targets met.", *misses]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = case_parser(
        __doc__.splitlines()[0],
        json_help="also write the rows as JSON here",
        keep_help="keep the songs, stems, dry leads and LRC files in this folder",
    )
    parser.add_argument("--quality", choices=(*QUALITIES, "both"), default="both")
    parser.add_argument("--quick", action="store_true", help="one short song (about 20 s)")
    parser.add_argument("--child", choices=("song", "lead"), help=argparse.SUPPRESS)
    parser.add_argument("--song", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        song = chosen_songs(args.song, args.quick)[0]
        (run_song if args.child == "song" else run_lead)(song, args.quality, args.out)
        return 0
    songs = chosen_songs(args.only, args.quick)
    if not songs:
        parser.error(f"no song named {args.only!r}")
    qualities = QUALITIES if args.quality == "both" else (args.quality,)
    rows = []
    with work_folder(args.keep) as workdir:
        for song in songs:
            for quality in qualities:
                started = time.perf_counter()
                rows.append(measure(song, quality, workdir, args.quick))
                r = rows[-1]
                print(
                    f"{song.name} {quality}: {r['wall_s']:.2f} s for {r['duration_s']:.0f} s of "
                    f"audio, stages {r['stages_s']}; measured in {time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    print(report(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
