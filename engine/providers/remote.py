"""A client of any service that speaks the Music API contract, over httpx.

Explicit timeouts; transient failures (codes 1000/1001/1002/1024/1033/1041, HTTP 5xx, network
errors) are retried with exponential backoff, permanent ones fail at once. Songs are read as
Server-Sent Events (hex chunks) or as a JSON body, with hex or url audio.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx

from engine.callbacks import AudioSink, Progress, no_progress
from engine.contract import (
    CoverPreprocessRequest,
    CoverPreprocessResult,
    LyricsRequest,
    LyricsResult,
    MusicRequest,
    MusicResult,
)
from engine.errors import (
    NOT_AUTHORIZED,
    REQUEST_TIMEOUT,
    TRANSIENT_CODES,
    UNKNOWN_ERROR,
    EngineError,
)

MAX_AUDIO_BYTES = 200 * 1024 * 1024


class RemoteProvider:
    name = "remote"

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        connect_timeout_s: float = 5.0,
        read_timeout_s: float = 600.0,
        max_attempts: int = 3,
        backoff_s: float = 1.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if not base_url:
            raise EngineError("REFRAIN_REMOTE_URL is not set", code=UNKNOWN_ERROR, permanent=True)
        self.base_url = base_url.rstrip("/")
        self.max_attempts = max_attempts
        self.backoff_s = backoff_s
        self._sleep = sleep
        self._client = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"},
            timeout=httpx.Timeout(read_timeout_s, connect=connect_timeout_s),
            transport=transport,
        )

    # --- the three calls -------------------------------------------------------------------

    def write_lyrics(self, request: LyricsRequest) -> LyricsResult:
        body = self._with_retries(
            lambda: self._post_json("/v1/lyrics_generation", request.to_json())
        )
        return LyricsResult(
            song_title=body.get("song_title", ""),
            style_tags=body.get("style_tags", ""),
            lyrics=body.get("lyrics", ""),
        )

    def generate_music(
        self,
        request: MusicRequest,
        progress: Progress = no_progress,
        *,
        cover_features: dict | None = None,
        on_audio: AudioSink | None = None,
    ) -> MusicResult:
        payload = request.to_json() | {"stream": True, "output_format": "hex"}
        audio, extra = self._with_retries(lambda: self._post_music(payload, progress, on_audio))
        return MusicResult(
            audio=audio,
            format=request.audio_setting.format,
            duration_ms=int(extra.get("music_duration") or 0),
            sample_rate=int(extra.get("music_sample_rate") or request.audio_setting.sample_rate_hz),
            channels=int(extra.get("music_channel") or request.audio_setting.channels),
            bitrate=int(extra.get("bitrate") or request.audio_setting.bitrate),
            lyrics=request.lyrics,
            provider=self.name,
            model=request.model,
            details={"remote": self.base_url},
        )

    def warm_up(self) -> None:
        """Nothing to load: the service does the work."""

    def preprocess_cover(
        self,
        request: CoverPreprocessRequest,
        progress: Progress = no_progress,
        *,
        reference: bytes | None = None,
    ) -> CoverPreprocessResult:
        payload = request.to_json()
        if (
            reference is not None
        ):  # send what was fetched here, so the remote needs no access to the URL
            payload = {"model": request.model, "audio_base64": base64.b64encode(reference).decode()}
        body = self._with_retries(lambda: self._post_json("/v1/music_cover_preprocess", payload))
        return CoverPreprocessResult(
            cover_feature_id=body.get("cover_feature_id", ""),
            formatted_lyrics=body.get("formatted_lyrics", ""),
            structure_result=body.get("structure_result", ""),
            audio_duration=float(body.get("audio_duration") or 0),
        )

    # --- transport -------------------------------------------------------------------------

    def _with_retries(self, call):
        for attempt in range(1, self.max_attempts + 1):
            try:
                return call()
            except EngineError as error:
                if error.permanent or attempt == self.max_attempts:
                    raise
            self._sleep(self.backoff_s * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    def _post_json(self, path: str, payload: dict) -> dict:
        with self._reaching():
            response = self._client.post(path, json=payload)
        _check_http(response)
        return _check_body(_json(response))

    def _post_music(
        self, payload: dict, progress: Progress, on_audio: AudioSink | None
    ) -> tuple[bytes, dict]:
        with (
            self._reaching(),
            self._client.stream("POST", "/v1/music_generation", json=payload) as response,
        ):
            _check_http(response, read=True)
            if response.headers.get("content-type", "").startswith("text/event-stream"):
                return self._read_events(response, progress, on_audio)
            body = _check_body(_json(response, read=True))
        audio = self._audio_of(body.get("data") or {})
        if on_audio is not None:
            on_audio(audio)
        return audio, body.get("extra_info") or {}

    @contextmanager
    def _reaching(self) -> Iterator[None]:
        """httpx's timeouts and network failures as errors that say whether a retry can help."""
        try:
            yield
        except httpx.TimeoutException as error:
            raise EngineError(
                f"remote: timed out ({error.__class__.__name__})", code=REQUEST_TIMEOUT
            ) from error
        except httpx.TransportError as error:
            raise EngineError(
                f"remote: cannot reach {self.base_url}", code=UNKNOWN_ERROR, permanent=False
            ) from error

    def _read_events(
        self, response: httpx.Response, progress: Progress, on_audio: AudioSink | None
    ) -> tuple[bytes, dict]:
        audio = bytearray()
        extra: dict = {}
        for frame in _sse_frames(response.iter_lines()):
            body = _check_body(frame)
            data = body.get("data") or {}
            chunk = data.get("audio") or ""
            if data.get("status") == 2:
                extra = body.get("extra_info") or {}
                if chunk and not audio:  # a server that sends the whole song in the final frame
                    audio.extend(self._audio_of(data))
                    if on_audio is not None:
                        on_audio(bytes(audio))
                break
            if chunk:
                piece = _unhex(chunk)
                audio.extend(piece)
                if on_audio is not None:
                    on_audio(piece)
                if len(audio) > MAX_AUDIO_BYTES:
                    raise EngineError(
                        "remote: audio larger than allowed", code=UNKNOWN_ERROR, permanent=True
                    )
                progress("streaming", 0.5)
        if not audio:
            raise EngineError(
                "remote: the stream ended without audio", code=UNKNOWN_ERROR, permanent=False
            )
        return bytes(audio), extra

    def _audio_of(self, data: dict) -> bytes:
        audio = data.get("audio_url") or data.get("audio") or ""
        if audio.startswith(("http://", "https://")):
            return self._download(audio)
        return _unhex(audio)

    def _download(self, url: str) -> bytes:
        with self._client.stream("GET", url, headers={"Authorization": ""}) as response:
            _check_http(response, read=True)
            audio = bytearray()
            for chunk in response.iter_bytes():
                audio.extend(chunk)
                if len(audio) > MAX_AUDIO_BYTES:
                    raise EngineError(
                        "remote: audio larger than allowed", code=UNKNOWN_ERROR, permanent=True
                    )
        return bytes(audio)


def _check_http(response: httpx.Response, *, read: bool = False) -> None:
    if response.status_code < 400:
        return
    if read:
        response.read()
    if response.status_code in (401, 403):
        raise EngineError(
            f"remote: HTTP {response.status_code}", code=NOT_AUTHORIZED, permanent=True
        )
    if response.status_code in (408, 504):
        raise EngineError(
            f"remote: HTTP {response.status_code}", code=REQUEST_TIMEOUT, permanent=False
        )
    if response.status_code == 429 or response.status_code >= 500:
        raise EngineError(
            f"remote: HTTP {response.status_code}", code=UNKNOWN_ERROR, permanent=False
        )
    raise EngineError(f"remote: HTTP {response.status_code}", code=UNKNOWN_ERROR, permanent=True)


def _json(response: httpx.Response, *, read: bool = False) -> dict:
    if read:
        response.read()
    try:
        body = response.json()
    except ValueError as error:
        raise EngineError(
            "remote: answered something that is not JSON", code=UNKNOWN_ERROR, permanent=False
        ) from error
    if not isinstance(body, dict):
        raise EngineError(
            "remote: answered JSON that is not an object", code=UNKNOWN_ERROR, permanent=True
        )
    return body


def _check_body(body: dict) -> dict:
    base = body.get("base_resp") or {}
    code = int(base.get("status_code", 0) or 0)
    if code:
        raise EngineError(
            f"remote: {base.get('status_msg', 'error')}",
            code=code,
            permanent=code not in TRANSIENT_CODES,
        )
    return body


def _unhex(text: str) -> bytes:
    try:
        return bytes.fromhex(text)
    except ValueError as error:
        raise EngineError(
            "remote: audio is not valid hex", code=UNKNOWN_ERROR, permanent=True
        ) from error


def _sse_frames(lines: Iterator[str]) -> Iterator[dict]:
    """The JSON objects of `data:` lines of a Server-Sent Events stream, ending at `[DONE]`."""
    buffer: list[str] = []
    for line in lines:
        if line.startswith("data:"):
            buffer.append(line[5:].strip())
            continue
        if line.strip() == "" and buffer:
            payload = "\n".join(buffer)
            buffer = []
            if payload == "[DONE]":
                return
            yield json.loads(payload)
    if buffer and buffer != ["[DONE]"]:
        yield json.loads("\n".join(buffer))
