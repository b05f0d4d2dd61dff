"""A version's audio in the format a listener asks for, encoded from its stored file on the first
ask and kept beside it, so the next ask only streams.

The kept file is named after the stored audio (`v2-1a2b3c4d.mp3.flac`), not after the version: a
restored version shares its original's audio, and so its downloads, and the files are deleted
with the audio they were made from (`songs.services.songs.stored_files`).
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from engine.analysis.peaks import decode_encoded
from engine.contract import AudioSetting
from engine.render.encode import encode
from songs.models import SongVersion

DOWNLOAD_FORMATS = ("mp3", "wav", "flac")


def download_name_for(audio_name: str, format: str) -> str:
    """Where the audio stored as `audio_name` is kept once encoded as `format`."""
    return f"{audio_name}.{format}"


def download_names_for(audio_name: str) -> set[str]:
    """Every name a download of `audio_name` may be kept under."""
    return {download_name_for(audio_name, format) for format in DOWNLOAD_FORMATS}


def version_download(*, version: SongVersion, format: str) -> str:
    """The storage name of the version's audio as `format` (one of DOWNLOAD_FORMATS): its own
    file when it is stored so, else the kept encoding, made now if there is none yet. An mp3 is
    made at the contract's default bitrate; rate and channels are the version's."""
    if format == version.format:
        return version.audio.name
    storage = version.audio.storage
    name = download_name_for(version.audio.name, format)
    if storage.exists(name):
        return name
    with version.audio.open("rb") as handle:
        audio = decode_encoded(
            handle.read(),
            format=version.format,
            sample_rate_hz=version.sample_rate,
            channels=version.channels,
        )
    setting = AudioSetting(
        format=format, sample_rate_hz=version.sample_rate, channels=version.channels
    )
    encoded = encode(audio, source_rate_hz=version.sample_rate, audio_setting=setting)
    saved = storage.save(name, ContentFile(encoded.data))
    if saved != name:  # another request kept the same encoding first: keep one
        storage.delete(saved)
    return name
