import json
import subprocess
import sys
from pathlib import Path

from engine.lyrics.cli import main


def test_the_command_prints_the_lyrics_json(capsys):
    assert main(["--prompt", "a soulful blues song about a rainy night", "--seed", "2"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"song_title", "style_tags", "lyrics"}
    assert "[Chorus]" in payload["lyrics"]


def test_edit_mode_reads_the_lyrics_file(tmp_path, capsys):
    lyrics = tmp_path / "song.txt"
    lyrics.write_text(
        "[Verse]\nI walk along the river side\nThe water runs so cold and wide\n\n[Outro]\n"
    )
    assert (
        main(["--mode", "edit", "--lyrics-file", str(lyrics), "--prompt", "remove the outro"]) == 0
    )
    payload = json.loads(capsys.readouterr().out)
    assert (
        payload["lyrics"]
        == "[Verse]\nI walk along the river side\nThe water runs so cold and wide\n"
    )


def test_bad_arguments_exit_non_zero_with_a_one_line_reason(capsys):
    assert main(["--seed", "many"]) != 0
    assert main(["--mode", "edit", "--prompt", "continue"]) != 0
    assert main(["--prompt", "x" * 2001]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3
    assert "--seed" in err[0] and "--lyrics-file" in err[1] and "prompt" in err[2]


def test_an_edit_of_an_empty_lyrics_file_is_refused_naming_the_lyrics(tmp_path, capsys):
    lyrics = tmp_path / "song.txt"
    lyrics.write_text("  \n\n")

    assert main(["--mode", "edit", "--lyrics-file", str(lyrics), "--prompt", "add a bridge"]) == 1

    assert "lyrics: is required in edit mode" in capsys.readouterr().err


def test_python_dash_m_engine_lyrics_dispatches_to_the_lyrics_command():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "engine",
            "lyrics",
            "--prompt",
            "a folk song about the river",
            "--seed",
            "1",
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["lyrics"].startswith("[")
