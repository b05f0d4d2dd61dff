"""Instruments: a Score's tracks played on the General MIDI SoundFont, one stereo stem per role.

The SoundFont is `TimGM6mb.sf2`, which ships inside the `pretty_midi` wheel: nothing is
downloaded. It is loaded once per process; rendering is serialised by a lock because the
synthesiser is stateful. A song's tracks are shared between this process and one forked child
(shared memory, no pickling), which is how the synthesiser gets the second core.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import numpy as np
import pretty_midi
from tinysoundfont import _tinysoundfont as tsf

from engine.callbacks import Progress, no_progress
from engine.compose.score import Score, Track
from engine.errors import EngineError
from engine.render.forked import can_fork, fork_filling, joined, split_work

SAMPLE_RATE_HZ = 44100
STEM_ROLES = ("drums", "bass", "harmony", "lead")
DRUM_CHANNEL = 9
TAIL_S = 1.5  # room for the last notes' release after the score ends
STAGE = "rendering"

# Headroom so a dense arrangement stays well below full scale before mixing.
SYNTH_GAIN_DB = -12.0

_lock = threading.Lock()


def soundfont_path() -> Path:
    """Where the General MIDI SoundFont of the `pretty_midi` wheel lives."""
    path = Path(pretty_midi.__file__).parent / "TimGM6mb.sf2"
    if not path.is_file():
        raise EngineError(f"instruments: SoundFont missing at {path}", code=1024, permanent=True)
    return path


@lru_cache(maxsize=1)
def _synth() -> tsf.SoundFont:
    synth = tsf.SoundFont(str(soundfont_path()))
    synth.set_output(tsf.OutputMode.StereoInterleaved, SAMPLE_RATE_HZ, SYNTH_GAIN_DB)
    synth.set_max_voices(256)
    return synth


def warm_up() -> None:
    """Load the SoundFont now rather than in the first render (for servers and benchmarks)."""
    _synth()


def render_length(score: Score) -> int:
    """Frames at 44100 Hz that hold the whole score plus a release tail."""
    last_note_s = max((n.end_s for t in score.tracks for n in t.notes), default=0.0)
    return int(round((max(score.duration_s, last_note_s) + TAIL_S) * SAMPLE_RATE_HZ))


def render_stems(
    score: Score,
    *,
    progress: Progress = no_progress,
    parallel: bool = True,
    skip_roles: tuple[str, ...] = (),
) -> dict[str, np.ndarray]:
    """Render every track (but those of `skip_roles`); return role -> float32 array (frames, 2) at
    44100 Hz, roles with notes only. Reports the "rendering" stage role by role.

    With `parallel`, a forked child renders about half the tracks into shared memory meanwhile:
    the synthesiser holds the GIL, so threads would not help.
    """
    frames = render_length(score)
    roles = [
        r
        for r in _ordered_roles(score)
        if r not in skip_roles and any(t.notes for t in score.track(r))
    ]
    tracks = [t for t in score.tracks if t.notes and t.role in roles]
    mine, theirs = _split(tracks) if parallel and can_fork() and len(tracks) > 1 else (tracks, [])
    with _lock:
        synth = _synth()
        shared, child = _fork_render(synth, theirs, frames) if theirs else ({}, 0)
        stems: dict[str, np.ndarray] = {}
        for role, group in _by_role(mine).items():
            stems[role] = np.zeros((frames, 2), dtype=np.float32)
            _render_into(synth, group, stems[role])
            progress(STAGE, len(stems) / len(roles))
        if child and not joined(child):
            for role, group in _by_role(theirs).items():  # the child failed: do its share here
                shared[role][:] = 0.0
                _render_into(synth, group, shared[role])
    for role, part in shared.items():
        if role in stems:
            stems[role] += part
        else:
            stems[role] = part
    progress(STAGE, 1.0)
    return {role: stems[role] for role in roles}


def _by_role(tracks: list[Track]) -> dict[str, list[Track]]:
    groups: dict[str, list[Track]] = {}
    for track in tracks:
        groups.setdefault(track.role, []).append(track)
    return groups


def _split(tracks: list[Track]) -> tuple[list[Track], list[Track]]:
    """Two sets of tracks of about equal work, judged by seconds of sounding notes (a rough proxy:
    layered presets such as strings cost several times a piano)."""
    return split_work(tracks, lambda track: sum(n.duration_s + 0.3 for n in track.notes))


def _fork_render(
    synth: tsf.SoundFont, tracks: list[Track], frames: int
) -> tuple[dict[str, np.ndarray], int]:
    """Start a child rendering `tracks` into shared memory; return its stems (by role) and pid."""
    groups = _by_role(tracks)

    def fill(buffers: np.ndarray) -> None:
        for group, buffer in zip(groups.values(), buffers, strict=True):
            _render_into(synth, group, buffer)

    buffers, pid = fork_filling((len(groups), frames, 2), fill)
    return dict(zip(groups, buffers, strict=True)), pid


def _render_into(synth: tsf.SoundFont, tracks: list[Track], out: np.ndarray) -> None:
    if len(tracks) > 15:
        raise EngineError("instruments: more than 15 tracks in one stem", code=1024, permanent=True)
    synth.reset()
    # reset() releases voices quickly rather than at once: let them die before this stem.
    synth.render(np.zeros((2048, 2), dtype=np.float32), False)
    events = []
    for track, channel in zip(tracks, _channels(tracks), strict=True):
        _setup_channel(synth, channel, track)
        events.extend(_note_events(track, channel, len(out)))
    events.sort(key=lambda e: (e[0], e[1]))
    _play(synth, events, out)


def _ordered_roles(score: Score) -> list[str]:
    present = list(dict.fromkeys(t.role for t in score.tracks))
    return [r for r in STEM_ROLES if r in present] + [r for r in present if r not in STEM_ROLES]


def _channels(tracks: list[Track]) -> list[int]:
    """One MIDI channel per track; the first kit gets channel 10, as General MIDI players expect."""
    free = [c for c in range(16) if c != DRUM_CHANNEL]
    channels = []
    for track in tracks:
        if track.is_drum and DRUM_CHANNEL not in channels:
            channels.append(DRUM_CHANNEL)
        else:
            channels.append(free.pop(0))
    return channels


def _setup_channel(synth: tsf.SoundFont, channel: int, track: Track) -> None:
    program = min(max(int(track.program), 0), 127)
    synth.channel_set_preset_number(channel, 0 if track.is_drum else program, track.is_drum)
    synth.channel_set_pan(channel, float(np.clip((track.pan + 1.0) / 2.0, 0.0, 1.0)))
    synth.channel_set_volume(channel, float(10.0 ** (track.gain_db / 20.0)))


def _note_events(track: Track, channel: int, frames: int) -> list[tuple[int, int, int, int, int]]:
    """(frame, order, channel, pitch, velocity): offs sort before ons so repeated notes retrigger."""
    events = []
    for note in track.notes:
        if not 0 <= note.pitch <= 127 or note.duration_s <= 0:
            continue
        start = int(round(note.start_s * SAMPLE_RATE_HZ))
        end = max(start + 1, int(round(note.end_s * SAMPLE_RATE_HZ)))
        if start >= frames:
            continue
        velocity = min(max(int(note.velocity), 1), 127)
        events.append((start, 1, channel, note.pitch, velocity))
        events.append((min(end, frames - 1), 0, channel, note.pitch, 0))
    return events


def _play(
    synth: tsf.SoundFont, events: list[tuple[int, int, int, int, int]], out: np.ndarray
) -> None:
    # Overlapping notes of one pitch share a key: only the last release silences it.
    held: dict[tuple[int, int], int] = {}
    position = 0
    for frame, is_on, channel, pitch, velocity in events:
        if frame > position:
            synth.render(out[position:frame], False)
            position = frame
        key = (channel, pitch)
        if is_on:
            held[key] = held.get(key, 0) + 1
            synth.channel_note_on(channel, pitch, velocity / 127.0)
        else:
            held[key] = held.get(key, 1) - 1
            if held[key] <= 0:
                synth.channel_note_off(channel, pitch)
    if position < len(out):
        synth.render(out[position:], False)
