"""The Music API's response shapes: `base_resp`, `trace_id` and the `Trace-Id` header on every
answer."""

from __future__ import annotations

import json

from django.http import JsonResponse

from engine.errors import STATUS_MESSAGES


def base_resp(code: int = 0, message: str | None = None) -> dict:
    return {"status_code": code, "status_msg": message or STATUS_MESSAGES.get(code, "error")}


def answer(body: dict, *, trace_id: str, status: int = 200) -> JsonResponse:
    """A JSON answer in the contract's envelope. Business errors are HTTP 200 like the original."""
    body = {**body, "trace_id": trace_id}
    body.setdefault("base_resp", base_resp())
    response = JsonResponse(body, status=status)
    response["Trace-Id"] = trace_id
    return response


def error(code: int, message: str, *, trace_id: str) -> JsonResponse:
    return answer({"base_resp": base_resp(code, message)}, trace_id=trace_id)


def sse_frame(body: dict) -> bytes:
    return f"data: {json.dumps(body, separators=(',', ':'))}\n\n".encode()
