"""Benchmark of the reference analysis behind covers: accuracy on songs with known answers, and speed.

    .venv/bin/python bench/analysis.py [--only NAME] [--json FILE] [--keep DIR] [--speech SDIST]

The songs are the engine bench's six (bench/engine.py: three instrumentals, three with lyrics),
rendered here as the default Music API file (mp3, 256 kbps, 44.1 kHz). Their score is the answer
sheet: tempo, key, the chord of every bar, the section map, the lead melody and the words sung.
Each file goes through exactly what a cover preprocess runs (`decode_reference` then
`analyse_reference`) and the findings are scored with mir_eval: tempo within 2 % (half / double
time named, not hidden), key (exact, and MIREX's weighted score), chord overlap (weighted chord
symbol recall, major/minor vocabulary, and roots), section boundaries (hit rate F-measure at 3 s,
song start and end trimmed) and grouping (pairwise frame clustering F), melody (raw pitch and
chroma accuracy on the sung songs), and the word error rate of the words heard against the lyrics.

Speech recognition is also scored on real recorded English speech: the LibriVox and card-reading
clips, with their transcripts, that ship in the pocketsphinx 5.1.1 source distribution (`make
bench-deps` fetches it with pip into var/bench/; nothing is downloaded while the bench runs).

Speed: the analysis's wall time per song after the worker's one-off warm-up (numba compilation,
loading the speech model), which is timed on its own. Target: a 3-minute reference in <= 30 s.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on the path and its name would hide the
# `engine` package: look the package up from the project root instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import jiwer
import mir_eval
import numpy as np
import soundfile

from bench.engine import (
    LYRICS,
    TARGET_DURATION_S,
    Case,
    case_parser,
    chosen_cases,
    missed_targets,
    work_folder,
)
from bench.honesty import tempo_verdict
from engine.analysis.decode import decode_reference
from engine.analysis.preprocess import analyse_reference, warm_up
from engine.analysis.speech import SPEECH_RATE_HZ, transcribe_words
from engine.analysis.sung import normalise_words, word_error_rate
from engine.compose.theory import PITCH_NAMES, spelled
from engine.music import generate_music

TARGET_SECONDS_PER_3_MINUTES = 30.0
TEMPO_TOLERANCE = 0.02
BOUNDARY_WINDOW_S = 3.0
SPEECH_SDIST = ROOT / "var" / "bench" / "pocketsphinx-5.1.1.tar.gz"
SPEECH_SDIST_SHA256 = "675778b309a22dfc9b7d37f7621976bba491d2a5f8c59696bd77fd6d07271355"
MELODY_HOP_S = 0.01
# Engine chord qualities in Harte's syntax, which mir_eval reads.
HARTE = {
    "maj": "maj",
    "min": "min",
    "dim": "dim",
    "7": "7",
    "maj7": "maj7",
    "m7": "min7",
    "m7b5": "hdim7",
    "5": "(1,5)",
}


def render(case: Case):
    """The case's song as the engine makes it (same prompt, lyrics and seed as bench/engine.py)."""
    return generate_music(
        prompt=case.prompt,
        lyrics=None if case.instrumental else LYRICS,
        instrumental=case.instrumental,
        seed=1,
        target_duration_s=TARGET_DURATION_S,
    )


def analyse(data: bytes):
    """What a cover preprocess does with an upload, timed: decode, then every listener."""

    started = time.perf_counter()
    decoded = decode_reference(data)
    features = analyse_reference(decoded)
    return features, time.perf_counter() - started


def score_song(song, features) -> dict:
    """Every accuracy figure of one analysed song against its score."""
    score = song.score
    duration_s = song.audio.duration_ms / 1000
    ref_key = f"{spelled(score.key, score.key, score.mode)} {score.mode}"  # as found keys are
    est_key = f"{features.key} {features.mode}"
    row = {
        "duration_s": round(duration_s, 2),
        "asked_bpm": score.bpm,
        "found_bpm": round(features.tempo_bpm, 2),
        "tempo": tempo_verdict(features.tempo_bpm, score.bpm, tolerance=TEMPO_TOLERANCE)
        if features.tempo_bpm
        else "none",
        "asked_key": ref_key,
        "found_key": est_key,
        "key_exact": ref_key == est_key,
        "key_weighted": float(mir_eval.key.weighted_score(ref_key, est_key)),
        **_chord_figures(score, features, duration_s),
        **_section_figures(score, features, duration_s),
    }
    if score.lead_track is not None and score.syllables:
        row |= _melody_figures(score, features)
        row |= _word_figures(score, features)
    return row


def _chord_figures(score, features, duration_s: float) -> dict:
    ref_intervals = np.array([[c.start_s, c.end_s] for c in score.chords])
    ref_labels = [f"{PITCH_NAMES[c.root_pc]}:{HARTE[c.quality]}" for c in score.chords]
    est_intervals = np.array([[c["start"], c["end"]] for c in features.chords])
    est_labels = [_harte(c["chord"]) for c in features.chords]
    # Both maps cover the same span: the ring-out after the last bar has no chord.
    ref_intervals, ref_labels = mir_eval.util.adjust_intervals(
        ref_intervals, ref_labels, 0.0, duration_s, "N", "N"
    )
    est_intervals, est_labels = mir_eval.util.adjust_intervals(
        est_intervals, est_labels, 0.0, duration_s, "N", "N"
    )
    scores = mir_eval.chord.evaluate(ref_intervals, ref_labels, est_intervals, est_labels)
    return {
        "chord_majmin": float(scores["majmin"]),
        "chord_root": float(scores["root"]),
        "chords_found": len(features.chords),
    }


def _harte(name: str) -> str:
    """ "F#m" -> "F#:min", "A" -> "A:maj", "N" stays "N"."""
    if name == "N":
        return "N"
    return f"{name[:-1]}:min" if name.endswith("m") else f"{name}:maj"


def _section_figures(score, features, duration_s: float) -> dict:
    ref = [[s.start_s, s.end_s] for s in score.sections]
    ref[-1][1] = duration_s  # the ring-out belongs to the last section
    ref_labels = [s.kind for s in score.sections]
    est = [[s["start"], s["end"]] for s in features.sections]
    est_labels = [s["label"] for s in features.sections]
    ref_intervals, est_intervals = np.array(ref), np.array(est)
    precision, recall, f_measure = mir_eval.segment.detection(
        ref_intervals, est_intervals, window=BOUNDARY_WINDOW_S, trim=True
    )
    ref_intervals, ref_labels = mir_eval.util.adjust_intervals(
        ref_intervals, ref_labels, 0.0, duration_s
    )
    est_intervals, est_labels = mir_eval.util.adjust_intervals(
        est_intervals, est_labels, 0.0, duration_s
    )
    _, _, pairwise_f = mir_eval.segment.pairwise(
        ref_intervals, ref_labels, est_intervals, est_labels
    )
    return {
        "sections_asked": len(score.sections),
        "sections_found": len(features.sections),
        "boundary_precision": float(precision),
        "boundary_recall": float(recall),
        "boundary_f": float(f_measure),
        "pairwise_f": float(pairwise_f),
        "section_labels": " ".join(s["label"] for s in features.sections),
    }


def _melody_figures(score, features) -> dict:
    def series(
        notes: list[tuple[float, float, int]], end_s: float
    ) -> tuple[np.ndarray, np.ndarray]:
        times = np.arange(0.0, end_s, MELODY_HOP_S)
        freqs = np.zeros_like(times)
        for start_s, stop_s, pitch in notes:
            freqs[(times >= start_s) & (times < stop_s)] = 440.0 * 2 ** ((pitch - 69) / 12)
        return times, freqs

    end_s = score.duration_s
    ref_time, ref_freq = series(
        [(n.start_s, n.end_s, n.pitch) for n in score.lead_track.notes], end_s
    )
    est_time, est_freq = series(
        [(m["start"], m["end"], m["pitch"]) for m in features.melody], end_s
    )
    scores = mir_eval.melody.evaluate(ref_time, ref_freq, est_time, est_freq)
    return {
        "melody_raw_pitch": float(scores["Raw Pitch Accuracy"]),
        "melody_raw_chroma": float(scores["Raw Chroma Accuracy"]),
        "melody_voicing_recall": float(scores["Voicing Recall"]),
        "melody_voicing_false_alarm": float(scores["Voicing False Alarm"]),
    }


def _word_figures(score, features) -> dict:
    sung = "\n".join(score.lyric_lines)
    heard = " ".join(w["word"] for w in features.words)
    return {
        "words_sung": len(normalise_words(sung).split()),
        "words_heard": len(features.words),
        "wer": word_error_rate(sung, heard),
    }


def speech_clips(sdist: Path) -> list[tuple[str, np.ndarray, str]]:
    """(name, 16 kHz mono audio, transcript) of the recorded English speech in the pocketsphinx
    sdist."""
    clips = []
    with tarfile.open(sdist) as archive:
        members = {
            m.name.split("/test/data/", 1)[-1]: m
            for m in archive.getmembers()
            if "/test/data/" in m.name
        }

        def read(name: str) -> bytes:
            return archive.extractfile(members[name]).read()

        for fileid in read("librivox/fileids").decode().split():
            audio, _ = soundfile.read(io.BytesIO(read(f"librivox/{fileid}.wav")), dtype="float32")
            clips.append(
                (f"librivox/{fileid[-4:]}", audio, read(f"librivox/{fileid}.txt").decode().strip())
            )
        # "<s> ten of clubs </s> (001)" per line
        for line in read("cards/cards.transcription").decode().splitlines():
            match = re.match(r"<s>(.*)</s>\s*\((\w+)\)", line.strip())
            if match:
                audio, _ = soundfile.read(
                    io.BytesIO(read(f"cards/{match[2]}.wav")), dtype="float32"
                )
                clips.append((f"cards/{match[2]}", audio, match[1].strip()))
    return clips


def score_speech(sdist: Path) -> dict:
    """Word error rate of the analysis's recogniser on recorded speech, per clip and over all."""

    rows, refs, hyps, audio_s, wall_s = [], [], [], 0.0, 0.0
    for name, audio, transcript in speech_clips(sdist):
        started = time.perf_counter()
        heard = " ".join(w.word for w in transcribe_words(audio))
        wall_s += time.perf_counter() - started
        audio_s += len(audio) / SPEECH_RATE_HZ
        ref, hyp = normalise_words(transcript), normalise_words(heard) or "<nothing>"
        refs.append(ref)
        hyps.append(hyp)
        rows.append(
            {
                "clip": name,
                "seconds": round(len(audio) / SPEECH_RATE_HZ, 2),
                "said": ref,
                "heard": hyp,
                "wer": float(jiwer.wer(ref, hyp)),
            }
        )
    return {
        "clips": rows,
        "words": sum(len(r.split()) for r in refs),
        "audio_s": round(audio_s, 2),
        "wall_s": round(wall_s, 2),
        "wer": float(jiwer.wer(refs, hyps)),
    }


def _checks(r: dict) -> tuple[tuple[str, bool], ...]:
    return (
        (
            f"{r['seconds_per_3_minutes']:.1f} s per 3 minutes > {TARGET_SECONDS_PER_3_MINUTES:g} s",
            r["seconds_per_3_minutes"] > TARGET_SECONDS_PER_3_MINUTES,
        ),
        (f"tempo {r['tempo']}", r["tempo"] != "ok"),
        (f"key {r['found_key']} for {r['asked_key']}", not r["key_exact"]),
    )


def report(rows: list[dict], warm_up_s: float, speech: dict | None) -> str:
    """Markdown tables of the figures and one line per missed target."""
    lines = [
        f"Warm-up once per worker (numba compilation, speech model): {warm_up_s:.1f} s",
        "",
        "| case | audio s | analysis s | s per 3 min | tempo asked / found | key asked / found (weighted) |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['case']} | {r['duration_s']:.1f} | {r['analysis_s']:.1f} | {r['seconds_per_3_minutes']:.1f} "
            f"| {r['asked_bpm']:g} / {r['found_bpm']:g} ({r['tempo']}) "
            f"| {r['asked_key']} / {r['found_key']} ({r['key_weighted']:.1f}) |"
        )
    lines += [
        "",
        "| case | chords majmin | chord roots | sections asked / found | boundary P / R / F @3 s | pairwise F | labels found |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['case']} | {r['chord_majmin']:.3f} | {r['chord_root']:.3f} | {r['sections_asked']} / {r['sections_found']} "
            f"| {r['boundary_precision']:.2f} / {r['boundary_recall']:.2f} / {r['boundary_f']:.2f} | {r['pairwise_f']:.2f} "
            f"| {r['section_labels']} |"
        )
    sung = [r for r in rows if "wer" in r]
    if sung:
        lines += [
            "",
            "| case | melody raw pitch | raw chroma | voicing recall / false alarm | words sung / heard | WER |",
            "|---|---|---|---|---|---|",
        ]
        for r in sung:
            lines.append(
                f"| {r['case']} | {r['melody_raw_pitch']:.3f} | {r['melody_raw_chroma']:.3f} "
                f"| {r['melody_voicing_recall']:.2f} / {r['melody_voicing_false_alarm']:.2f} "
                f"| {r['words_sung']} / {r['words_heard']} | {r['wer']:.3f} |"
            )
    if speech:
        lines += [
            "",
            f"Recorded speech (pocketsphinx 5.1.1 sdist): {len(speech['clips'])} clips, {speech['words']} words, "
            f"{speech['audio_s']:.1f} s recognised in {speech['wall_s']:.1f} s; WER {speech['wer']:.3f}",
            "",
            "| clip | s | WER | heard |",
            "|---|---|---|---|",
            *(
                f"| {c['clip']} | {c['seconds']:.1f} | {c['wer']:.3f} | {c['heard']} |"
                for c in speech["clips"]
            ),
        ]
    misses = missed_targets(rows, _checks)
    lines += ["", "Missed targets:" if misses else "All targets met (speed, tempo, key).", *misses]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = case_parser(
        __doc__.splitlines()[0],
        json_help="also write the figures as JSON here",
        keep_help="keep the rendered songs and their features in this folder",
    )
    parser.add_argument(
        "--speech", type=Path, default=SPEECH_SDIST, help="the pocketsphinx sdist (make bench-deps)"
    )
    args = parser.parse_args(argv)
    cases = chosen_cases(parser, args.only)
    if not args.speech.exists():
        parser.error(f"{args.speech} is missing: run `make bench-deps` first")
    if hashlib.sha256(args.speech.read_bytes()).hexdigest() != SPEECH_SDIST_SHA256:
        parser.error(
            f"{args.speech} is not the pocketsphinx 5.1.1 sdist the figures were measured on"
        )

    started = time.perf_counter()
    warm_up()
    warm_up_s = time.perf_counter() - started
    rows = []
    with work_folder(args.keep) as workdir:
        for case in cases:
            song = render(case)
            (workdir / f"{case.name}.mp3").write_bytes(song.audio.data)
            features, analysis_s = analyse(song.audio.data)
            (workdir / f"{case.name}.features.json").write_text(
                json.dumps(features.to_json(), indent=1)
            )
            duration_s = song.audio.duration_ms / 1000
            rows.append(
                {
                    "case": case.name,
                    "analysis_s": round(analysis_s, 2),
                    "seconds_per_3_minutes": round(analysis_s * 180.0 / duration_s, 2),
                    **score_song(song, features),
                }
            )
            print(
                f"{case.name}: analysed {duration_s:.0f} s of audio in {analysis_s:.1f} s",
                file=sys.stderr,
            )
    speech = score_speech(args.speech)
    if args.json:
        args.json.write_text(
            json.dumps({"warm_up_s": warm_up_s, "songs": rows, "speech": speech}, indent=2)
        )
    print(report(rows, warm_up_s, speech))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
