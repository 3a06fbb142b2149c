"""JSON views of the read-only API v1 and the human-readable reference page."""

import hashlib
import hmac
import json
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from minga.opendata import api, exports, monitoring, snapshots
from minga.opendata.models import Snapshot
from minga.opendata.openapi import openapi_document

RATE_WINDOW = 60


def _json(data: Any, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    return HttpResponse(body, status=status, content_type="application/json")


def _error(parameter: str, message: str, status: int = 400) -> HttpResponse:
    return _json({"error": {"parameter": parameter, "message": message}}, status)


def _rate_limited(request: HttpRequest) -> HttpResponse | None:
    """A fixed window per client, counted in the cache under a keyed hash of the client
    address (the address itself is never stored)."""
    if request.user.is_authenticated:
        return None
    limit: int = getattr(settings, "OPENDATA_RATE_LIMIT", 120)
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    window = int(time.time()) // RATE_WINDOW
    key = f"opendata:rl:{digest.hexdigest()[:24]}:{window}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    if count <= limit:
        return None
    response = _error("", _("Too many requests: wait a minute and try again."), 429)
    response["Retry-After"] = str(RATE_WINDOW - int(time.time()) % RATE_WINDOW)
    return response


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """ETag from the content, 304 when the client has it, public caching for a minute."""
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["Cache-Control"] = "public, max-age=60"
    response["ETag"] = etag
    wanted = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
    if etag in tags or "*" in tags:
        not_modified = HttpResponse(status=304)
        not_modified["ETag"] = etag
        not_modified["Cache-Control"] = response["Cache-Control"]
        return not_modified
    return response


def _guarded(request: HttpRequest) -> HttpResponse | None:
    return _rate_limited(request)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    limited = _guarded(request)
    if limited:
        return limited
    data = {
        "version": "1",
        "openapi": reverse("api:openapi"),
        "documentation": reverse("opendata:reference"),
        "datapackage": reverse("api:datapackage"),
        "resources": {
            name: {"url": resource.list_url(), "description": str(resource.description)}
            for name, resource in api.RESOURCES.items()
        },
    }
    data["aggregates"] = {
        monitoring.RESOURCE: {
            "url": reverse("api:incident_aggregates"),
            "description": str(monitoring.DESCRIPTION),
        }
    }
    return _conditional(request, _json(data))


@require_GET
def openapi(request: HttpRequest) -> HttpResponse:
    limited = _guarded(request)
    if limited:
        return limited
    return _conditional(request, _json(openapi_document()))


@require_GET
def resource_list(request: HttpRequest, resource: str) -> HttpResponse:
    limited = _guarded(request)
    if limited:
        return limited
    declared = api.RESOURCES.get(resource)
    if declared is None:
        return _error("", _("There is no such resource."), 404)
    try:
        items, next_cursor = api.list_page(declared, request.GET)
    except api.BadParameter as bad:
        return _error(bad.parameter, bad.message)
    next_url = None
    if next_cursor is not None:
        query = request.GET.copy()
        query["cursor"] = next_cursor
        next_url = f"{declared.list_url()}?{query.urlencode()}"
    return _conditional(request, _json({"results": items, "next": next_url}))


@require_GET
def resource_detail(request: HttpRequest, resource: str, pk: str) -> HttpResponse:
    limited = _guarded(request)
    if limited:
        return limited
    declared = api.RESOURCES.get(resource)
    # Any path segment reaches this view, so that every miss is a JSON 404.
    number = int(pk) if pk.isascii() and pk.isdigit() and len(pk) < 20 else 0
    found = api.item(declared, number) if declared is not None else None
    if found is None:
        return _error("", _("Not found."), 404)
    return _conditional(request, _json(found))


def _export_or_none(name: str, fmt: str) -> exports.Export | None:
    if fmt not in exports.FORMATS:
        return None
    return exports.EXPORTS.get(name)


@require_GET
def export_file(request: HttpRequest, name: str, fmt: str) -> HttpResponseBase:
    """A whole export, streamed chunk by chunk (constant memory whatever the size)."""
    limited = _guarded(request)
    if limited:
        return limited
    export = _export_or_none(name, fmt)
    if export is None:
        return _error("", _("There is no such export."), 404)
    if export.snapshot:
        # Big tables: the newest snapshot file when there is one (built in the background).
        latest = snapshots.latest(export.name, fmt)
        if latest is not None:
            return _snapshot_response(latest)
    response = StreamingHttpResponse(
        exports.stream(export, fmt), content_type=exports.CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{export.filename(fmt)}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def _snapshot_response(snapshot: Snapshot) -> HttpResponseBase:
    media = {"json": "application/json"}.get(snapshot.format) or exports.CONTENT_TYPES.get(
        snapshot.format, "application/octet-stream"
    )
    response = FileResponse(
        default_storage.open(str(snapshot.file.name), "rb"),
        as_attachment=snapshot.format != "json",
        filename=snapshot.filename,
        content_type=media,
    )
    response["Last-Modified"] = http_date(snapshot.created_at.timestamp())
    response["X-Snapshot-Date"] = snapshot.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def snapshot_file(request: HttpRequest, pk: int, filename: str) -> HttpResponseBase:
    """One file of a snapshot build (they are kept for the newest few builds)."""
    limited = _guarded(request)
    if limited:
        return limited
    snapshot = Snapshot.objects.filter(pk=pk).first() if 0 < pk < 2**63 else None
    if snapshot is None or snapshot.filename != filename:
        return _error("", _("There is no such snapshot: take the newest from the data page."), 404)
    return _snapshot_response(snapshot)


@require_GET
def export_datapackage(request: HttpRequest) -> HttpResponse:
    """The Frictionless Data Package descriptor of the CSV exports (absolute URLs)."""
    limited = _guarded(request)
    if limited:
        return limited
    descriptor = exports.datapackage(
        lambda e: request.build_absolute_uri(reverse("api:export", args=[e.name, "csv"]))
    )
    return _conditional(request, _json(descriptor))


def _type(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " | ".join(schema["enum"])
    kind = schema.get("type", "")
    text = " | ".join(kind) if isinstance(kind, list) else str(kind)
    return f"{text} ({schema['format']})" if "format" in schema else text


def _described(request: HttpRequest, resource: api.Resource) -> dict[str, Any]:
    url = request.build_absolute_uri(resource.list_url())
    example = "&".join(f"{f.name}={f.example}" for f in resource.filters[:2])
    return {
        "name": resource.name,
        "title": resource.title,
        "description": resource.description,
        "url": url,
        "fields": [(name, _type(schema)) for name, schema in resource.fields.items()],
        "filters": [(f.name, _type(f.schema), f.description) for f in resource.filters],
        "example": f"curl '{url}?{example}&limit=10'",
    }


def _snapshot_context() -> dict[str, Any] | None:
    files = snapshots.latest_build()
    if not files:
        return None
    package = next((f for f in files if f.export == snapshots.DATAPACKAGE), None)
    by_export: dict[str, list[Snapshot]] = {}
    for snapshot in files:
        if snapshot.export != snapshots.DATAPACKAGE:
            by_export.setdefault(snapshot.export, []).append(snapshot)
    return {
        "created_at": files[0].created_at,
        "datapackage": package,
        "exports": [
            (exports.EXPORTS[name].title if name in exports.EXPORTS else name, items)
            for name, items in by_export.items()
        ],
    }


def reference(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "opendata/reference.html",
        {
            "resources": [_described(request, r) for r in api.RESOURCES.values()],
            "max_limit": api.MAX_LIMIT,
            "default_limit": api.DEFAULT_LIMIT,
            "rate_limit": getattr(settings, "OPENDATA_RATE_LIMIT", 120),
            "api_root": request.build_absolute_uri(reverse("api:index")),
            "datapackage_url": reverse("api:datapackage"),
            "snapshot": _snapshot_context(),
            "incident_aggregates": monitoring.reference_entry(
                request.build_absolute_uri(reverse("api:incident_aggregates"))
            ),
            "exports": [
                {
                    "name": e.name,
                    "title": e.title,
                    "description": e.description,
                    "links": [
                        (fmt.upper(), reverse("api:export", args=[e.name, fmt]))
                        for fmt in exports.FORMATS
                    ],
                }
                for e in exports.EXPORTS.values()
            ],
        },
    )
