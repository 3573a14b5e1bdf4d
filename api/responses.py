"""How the API answers: service results as the one JSON form, files as downloads."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response

from api.encoding import encode

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "geojson": "application/geo+json",
    "manifest": "text/plain; charset=utf-8",
}
"""The media type of each download format."""


def data(value: Any, *, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    """`value` (a service result) as JSON, in the form `graph.serialise.to_data` gives."""
    return Response(encode(value), status_code, headers, media_type="application/json")


FILE_SCHEMAS: dict[str, dict[str, object]] = {
    "csv": {"type": "string"},
    "xlsx": {"type": "string", "format": "binary"},
    "json": {"type": "array", "items": {"type": "object"}},
    "geojson": {"type": "object"},
    "manifest": {"type": "string"},
}
"""What a download of each format holds, as the OpenAPI document says."""


def downloads(*formats: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI 200 answer of an endpoint that sends a file in one of `formats`."""
    content = {MEDIA_TYPES[f]: {"schema": FILE_SCHEMAS[f]} for f in formats}
    return {200: {"description": "the file, as an attachment", "content": content}}


def download(content: bytes, fmt: str, filename: str) -> Response:
    """A file to save: its bytes, the format's media type and a file name."""
    return Response(
        content,
        media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"),
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
