"""The OpenAPI schema, made true: every answer an operation can give is documented.

`RefrainAutoSchema` adds the error answers every resource-API operation can give (the edge guard
and DRF answer 400, 401, 403, 404 anywhere; a body can be too large) with the one error body of
`accounts.api_errors`. `add_music_api` documents the Music API under `/v1/`, which are plain
Django views outside DRF, from the contract (`../shared/contract/MUSIC_API.md`).
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema

from accounts.api_errors import ErrorOutput
from engine.contract import (
    BITRATES,
    COVER_MODELS,
    DEFAULT_VOICE_QUALITY,
    FORMATS,
    LYRICS_MODES,
    OUTPUT_FORMATS,
    PREPROCESS_MODELS,
    SAMPLE_RATES_HZ,
    SEED_MAX,
    SONG_MODELS,
    VOICE_QUALITIES,
)
from songs.files import AUDIO_MEDIA_TYPES

_ALWAYS = {
    "400": "The input is invalid (the body, a query parameter, or text that cannot be stored).",
    "401": "No credentials, or an invalid API key.",
    "403": "Your role in the team does not allow this.",
    "404": "No such object in your teams (or the page number is past the end).",
}
_WITH_BODY = {
    "413": "The body is larger than the upload limit.",
    "415": "The body is not JSON (the API reads application/json only).",
}


class RefrainAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        error = self.resolve_serializer(ErrorOutput, "response").ref
        extra = _ALWAYS | (_WITH_BODY if self.method in ("POST", "PUT", "PATCH") else {})
        for status, description in extra.items():
            responses.setdefault(
                status,
                {"content": {"application/json": {"schema": error}}, "description": description},
            )
        return responses


# --- the Music API ---------------------------------------------------------------------------

_BASE_RESP = {
    "type": "object",
    "required": ["status_code", "status_msg"],
    "properties": {
        "status_code": {
            "type": "integer",
            "description": "0 success; 1002 rate, 1004 key, 1008 credits, "
            "1041 running jobs, 2013 invalid params, 1001 timeout, ...",
        },
        "status_msg": {"type": "string"},
    },
}
_AUDIO_SETTING = {
    "type": "object",
    "properties": {
        "sample_rate": {"type": "integer", "enum": list(SAMPLE_RATES_HZ), "default": 44100},
        "bitrate": {"type": "integer", "enum": list(BITRATES), "default": 256000},
        "format": {"type": "string", "enum": list(FORMATS), "default": "mp3"},
        "channel": {"type": "integer", "enum": [1, 2], "default": 2},
    },
}
_MUSIC_REQUEST = {
    "type": "object",
    "required": ["model"],
    "properties": {
        "model": {"type": "string", "enum": sorted(SONG_MODELS | COVER_MODELS)},
        "prompt": {
            "type": "string",
            "maxLength": 2000,
            "description": "the style; 10-300 characters for covers",
        },
        "lyrics": {
            "type": "string",
            "maxLength": 3500,
            "description": "with section tags ([Verse], [Chorus], ...)",
        },
        "stream": {
            "type": "boolean",
            "default": False,
            "description": "Server-Sent Events; output_format hex",
        },
        "output_format": {"type": "string", "enum": list(OUTPUT_FORMATS), "default": "hex"},
        "audio_setting": _AUDIO_SETTING,
        "lyrics_optimizer": {"type": "boolean", "default": False},
        "is_instrumental": {"type": "boolean", "default": False},
        "aigc_watermark": {"type": "boolean", "default": False},
        "audio_url": {
            "type": "string",
            "description": "cover models: the reference recording's URL",
        },
        "audio_base64": {"type": "string", "description": "cover models: the reference recording"},
        "cover_feature_id": {
            "type": "string",
            "description": "cover models: from /v1/music_cover_preprocess",
        },
        "seed": {"type": "integer", "minimum": 0, "maximum": SEED_MAX},
        "voice_quality": {
            "type": "string",
            "enum": list(VOICE_QUALITIES),
            "default": DEFAULT_VOICE_QUALITY,
            "description": "Refrain: the singing voice, full (the neural voice) or draft (fast)",
        },
        "refrain_project": {
            "oneOf": [{"type": "string"}, {"type": "integer"}],
            "description": "Refrain: the project (id or title) "
            "the song lands in; default the team's API project",
        },
    },
}
_MUSIC_ANSWER = {
    "type": "object",
    "required": ["base_resp", "trace_id"],
    "properties": {
        "data": {
            "type": "object",
            "nullable": True,
            "properties": {
                "audio": {
                    "type": "string",
                    "description": "hex of the file, or its URL in url mode",
                },
                "audio_url": {"type": "string"},
                "status": {"type": "integer", "enum": [1, 2]},
            },
        },
        "extra_info": {"type": "object", "nullable": True},
        "analysis_info": {"type": "object", "nullable": True, "description": "always null"},
        "trace_id": {"type": "string"},
        "base_resp": _BASE_RESP,
    },
}
_LYRICS_REQUEST = {
    "type": "object",
    "required": ["mode"],
    "properties": {
        "mode": {"type": "string", "enum": list(LYRICS_MODES)},
        "prompt": {"type": "string", "maxLength": 2000},
        "lyrics": {
            "type": "string",
            "maxLength": 3500,
            "description": "the lyrics to edit (mode edit)",
        },
        "title": {"type": "string", "maxLength": 200},
        "seed": {"type": "integer", "minimum": 0, "maximum": SEED_MAX},
        "refrain_project": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
    },
}
_LYRICS_ANSWER = {
    "type": "object",
    "required": ["base_resp", "trace_id"],
    "properties": {
        "song_title": {"type": "string"},
        "style_tags": {"type": "string"},
        "lyrics": {"type": "string"},
        "trace_id": {"type": "string"},
        "base_resp": _BASE_RESP,
    },
}
_PREPROCESS_REQUEST = {
    "type": "object",
    "required": ["model"],
    "properties": {
        "model": {"type": "string", "enum": sorted(PREPROCESS_MODELS)},
        "audio_url": {"type": "string"},
        "audio_base64": {"type": "string"},
    },
}
_PREPROCESS_ANSWER = {
    "type": "object",
    "required": ["base_resp", "trace_id"],
    "properties": {
        "cover_feature_id": {"type": "string"},
        "formatted_lyrics": {"type": "string"},
        "structure_result": {
            "type": "string",
            "description": "a JSON string: num_segments, segments",
        },
        "audio_duration": {"type": "number"},
        "trace_id": {"type": "string"},
        "base_resp": _BASE_RESP,
    },
}
_ENVELOPE_ERROR = {
    "type": "object",
    "required": ["base_resp", "trace_id"],
    "properties": {"base_resp": _BASE_RESP, "trace_id": {"type": "string"}},
}


def _music_api_post(
    operation_id: str, summary: str, request: dict, answer: dict, *, stream: bool = False
) -> dict:
    content = {"application/json": {"schema": answer}}
    if stream:
        content["text/event-stream"] = {
            "schema": {"type": "string", "description": "data: {json} frames"}
        }
    return {
        "post": {
            "operationId": operation_id,
            "tags": ["Music API"],
            "summary": summary,
            "description": "Business errors answer HTTP 200 with a non-zero `base_resp.status_code`, as the "
            "original API does; the call waits for its generation (1001 when it outlives the wait).",
            "security": [{"apiKey": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": request}}},
            "responses": {
                "200": {
                    "description": "The answer, or a business error in `base_resp`.",
                    "content": content,
                },
                "500": {
                    "description": "A crash, answered in the envelope (1024).",
                    "content": {"application/json": {"schema": _ENVELOPE_ERROR}},
                },
            },
        }
    }


def strict_request_bodies(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook: request bodies refuse fields they do not declare
    (`songs.api.common.Input`), and the schema says so."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
    return result


def add_music_api(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook: the `/v1/` endpoints."""
    result.setdefault("paths", {}).update(
        {
            "/v1/music_generation": _music_api_post(
                "music_generation",
                "Make a song, an instrumental or a cover",
                _MUSIC_REQUEST,
                _MUSIC_ANSWER,
                stream=True,
            ),
            "/v1/lyrics_generation": _music_api_post(
                "lyrics_generation", "Write or edit lyrics", _LYRICS_REQUEST, _LYRICS_ANSWER
            ),
            "/v1/music_cover_preprocess": _music_api_post(
                "music_cover_preprocess",
                "Analyse a recording for a cover (features last 24 h)",
                _PREPROCESS_REQUEST,
                _PREPROCESS_ANSWER,
            ),
            "/v1/files/{token}": {
                "get": {
                    "operationId": "music_api_file",
                    "tags": ["Music API"],
                    "summary": "A song's audio by the signed link of output_format url (24 h, no key needed)",
                    "parameters": [
                        {
                            "name": "token",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "security": [{}],
                    "responses": {
                        "200": {
                            "description": "The audio file.",
                            "content": {
                                media: {"schema": {"type": "string", "format": "binary"}}
                                for media in AUDIO_MEDIA_TYPES
                            },
                        },
                        "206": {
                            "description": "The asked byte range.",
                            "content": {
                                media: {"schema": {"type": "string", "format": "binary"}}
                                for media in AUDIO_MEDIA_TYPES
                            },
                        },
                        "404": {
                            "description": "The link is forged or expired.",
                            "content": {"application/json": {"schema": _ENVELOPE_ERROR}},
                        },
                        "416": {"description": "The range is past the end of the file."},
                    },
                }
            },
        }
    )
    return result
