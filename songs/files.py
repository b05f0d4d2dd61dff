"""Serving stored audio through a permission check, with HTTP Range support for seeking. Files
on disk are read with a seek; objects in an S3 bucket are streamed, a range asked of the bucket
itself (S3's own Range), so a seek in a long song never downloads the whole object first."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.text import slugify

CONTENT_TYPES = {
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "flac": "audio/flac",
    "pcm": "application/octet-stream",
    "mid": "audio/midi",
    "lrc": "text/plain; charset=utf-8",
}
# What a version's audio or stem can be served as (its format decides), for the API schema.
AUDIO_MEDIA_TYPES = tuple(
    dict.fromkeys(CONTENT_TYPES[name] for name in ("mp3", "wav", "flac", "pcm"))
)
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CHUNK = 64 * 1024


def version_file_name(version, suffix: str) -> str:
    """What a version's file is called when downloaded: `rain-v2.mp3`, `rain-v2-vocals.flac`."""
    return f"{slugify(version.song.title) or 'song'}-v{version.number}{suffix}"


class StoredFile:
    """A storage name with the FieldFile interface `serve_file` reads (name, size, open)."""

    def __init__(self, storage, name: str):
        self.storage, self.name = storage, name

    @property
    def size(self) -> int:
        return self.storage.size(self.name)

    def open(self, mode: str = "rb"):
        return self.storage.open(self.name, mode)


def content_type_for(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) of a single `bytes=` range, or None when absent, multiple or unsatisfiable."""
    match = _RANGE.match(header.strip())
    if not match or size == 0:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        length = int(last)
        return (max(size - length, 0), size - 1) if length else None
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end and start < size else None


def serve_file(
    request: HttpRequest, fieldfile, *, download_name: str, attachment: bool = False
) -> HttpResponse:
    """The stored file, whole (200) or the asked byte range (206); 416 for a range past the end."""
    size = fieldfile.size
    content_type = content_type_for(fieldfile.name)
    disposition = f'{"attachment" if attachment else "inline"}; filename="{download_name}"'
    header = request.headers.get("Range", "")
    wanted = _byte_range(header, size) if header else None
    if header and wanted is None and _RANGE.match(header.strip()):
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    s3_object = _s3_object(fieldfile.storage, fieldfile.name)
    if wanted is None:
        if s3_object is None:
            response = FileResponse(fieldfile.open("rb"), content_type=content_type)
        else:
            body = s3_object.get()["Body"]
            response = StreamingHttpResponse(_chunks(body), content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        first, last = wanted
        if s3_object is None:
            handle = fieldfile.open("rb")
            handle.seek(first)
        else:
            handle = s3_object.get(Range=f"bytes={first}-{last}")["Body"]
        response = StreamingHttpResponse(
            _read(handle, last - first + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _s3_object(storage, name: str):
    """The bucket object behind `name` when `storage` is an S3 storage, else None. (The S3 module
    is imported only by an S3 storage, so a disk-only process never loads boto3 here.)"""
    s3 = sys.modules.get("storages.backends.s3")
    if s3 is None or not isinstance(storage, s3.S3Storage):
        return None
    return storage.bucket.Object(storage._normalize_name(s3.clean_name(name)))


def _chunks(body) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(_CHUNK)
    finally:
        body.close()


def _read(handle, remaining: int):
    try:
        while remaining > 0:
            chunk = handle.read(min(_CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()
