"""`python -m engine music`: writes the song (and stems and MIDI) and prints a JSON summary."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile

from engine.music_cli import main
from engine.render.voice import VOICE_NAMES

ROOT = Path(__file__).resolve().parents[2]


def test_it_writes_the_song_stems_and_midi_and_prints_the_summary(tmp_path, capsys):
    out, stems, midi = tmp_path / "song.wav", tmp_path / "stems", tmp_path / "song.mid"
    code = main(
        [
            "--prompt",
            "rock instrumental in E minor, 130 bpm",
            "--instrumental",
            "--duration",
            "10",
            "--format",
            "wav",
            "--sample-rate",
            "32000",
            "--channels",
            "1",
            "--out",
            str(out),
            "--stems",
            str(stems),
            "--midi",
            str(midi),
        ]
    )
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    audio, rate = soundfile.read(io.BytesIO(out.read_bytes()), always_2d=True)
    assert (rate, audio.shape[1]) == (32000, 1)
    assert summary["music_sample_rate"] == 32000 and summary["music_channel"] == 1
    assert summary["music_size"] == out.stat().st_size
    assert summary["music_duration"] == round(1000 * len(audio) / rate)
    assert summary["bpm"] == pytest.approx(130.0)
    assert (summary["key"], summary["mode"], summary["time_signature"]) == ("E", "minor", "4/4")
    assert all({"label", "kind", "start_s", "end_s"} == set(s) for s in summary["sections"])
    assert midi.read_bytes().startswith(b"MThd")
    assert sorted(p.name for p in stems.iterdir()) == sorted(
        f"{role}.flac" for role in summary["stems"]
    )
    assert "vocals.flac" not in {p.name for p in stems.iterdir()}


def test_a_sung_song_writes_its_vocals_stem_and_its_synced_lyrics(tmp_path, capsys):
    lyrics, out, stems, lrc = (
        tmp_path / "words.txt",
        tmp_path / "song.flac",
        tmp_path / "stems",
        tmp_path / "song.lrc",
    )
    sung = "Hold on to the light tonight"
    lyrics.write_text(f"[Verse]\n{sung}\n", encoding="utf-8")
    code = main(
        [
            "--prompt",
            "pop song, male vocals, 110 bpm",
            "--lyrics-file",
            str(lyrics),
            "--format",
            "flac",
            "--out",
            str(out),
            "--stems",
            str(stems),
            "--lrc",
            str(lrc),
            "--voice",
            "full",
        ]
    )
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["lrc"] == str(lrc)
    assert summary["voice"] == VOICE_NAMES["full"]
    assert {"vocals.flac", "drums.flac", "bass.flac", "other.flac"} == {
        p.name for p in stems.iterdir()
    }
    line = lrc.read_text(encoding="utf-8").strip()
    assert line.startswith("[00:") and line.count("<") == len(sung.split(" ")) + 1


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["--prompt", "pop", "--instrumental"], "--out"),
        (["--prompt", "pop", "--instrumental", "--format", "ogg", "--out", "x.ogg"], "--format"),
        (
            ["--prompt", "pop", "--instrumental", "--sample-rate", "48000", "--out", "x.mp3"],
            "--sample-rate",
        ),
        (
            ["--prompt", "pop", "--instrumental", "--bitrate", "96000", "--out", "x.mp3"],
            "--bitrate",
        ),
        (["--prompt", "pop", "--instrumental", "--channels", "3", "--out", "x.mp3"], "--channels"),
        (
            ["--prompt", "pop", "--instrumental", "--lyrics-optimizer", "--out", "x.mp3"],
            "not allowed",
        ),
        (
            ["--prompt", "pop", "--lyrics-file", "/no/such/file.txt", "--out", "x.mp3"],
            "--lyrics-file",
        ),
        (
            ["--prompt", "pop", "--instrumental", "--duration", "5000", "--out", "x.mp3"],
            "--duration",
        ),
        (["--instrumental", "--out", "x.mp3"], "prompt"),
        (["--prompt", "   ", "--instrumental", "--out", "x.mp3"], "prompt"),
        (["--prompt", "x" * 2001, "--instrumental", "--out", "x.mp3"], "prompt"),
        (["--lyrics-optimizer", "--out", "x.mp3"], "prompt"),
        (["--prompt", "pop", "--out", "x.mp3"], "lyrics"),
        (["--prompt", "pop", "--instrumental", "--voice", "robot", "--out", "x.mp3"], "--voice"),
    ],
)
def test_bad_arguments_exit_non_zero_with_a_one_line_reason(
    argv, reason, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    assert main(argv) != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0]
    assert not list(tmp_path.iterdir()), "nothing is written on a bad request"


def test_python_dash_m_engine_music_dispatches_to_the_music_command():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "engine",
            "music",
            "--prompt",
            "pop",
            "--instrumental",
            "--channels",
            "5",
            "--out",
            "x",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "--channels" in done.stderr and done.stdout == ""
