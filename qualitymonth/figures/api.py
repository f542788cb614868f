"""Open data in the JSON API: the same datasets as the ZIP, read from the worker's latest
export; an unchanged dataset answers 304 to its ETag."""

from django.http import HttpResponseNotModified, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from qualitymonth.core.api_auth import ANYONE
from qualitymonth.core.api_schema import ErrorOut
from qualitymonth.figures import selectors

router = Router(tags=["open data"])


class DatasetOut(Schema):
    key: str
    name: str
    description: str
    columns: list[list[str]]
    rows: int
    url: str


class IndexOut(Schema):
    generated_at: str
    datasets: list[DatasetOut]


def _etag(request, tag: str, body: dict):
    quoted = f'"{tag}"'
    asked = request.headers.get("If-None-Match", "")
    if quoted in [part.strip().removeprefix("W/") for part in asked.split(",")]:
        response = HttpResponseNotModified()
    else:
        response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["ETag"] = quoted
    response["Cache-Control"] = "public, max-age=300"
    return response


def _none_yet():
    raise HttpError(404, _("The open data has not been generated yet."))


@router.get("", response={200: IndexOut, 404: ErrorOut}, auth=ANYONE, summary="The open datasets")
def datasets(request):
    export = selectors.latest_export()
    if export is None:
        _none_yet()
    body = {
        "generated_at": export.created_at.isoformat(),
        "datasets": [
            {
                **{k: entry[k] for k in ("key", "name", "description", "columns", "rows")},
                # Beside this index wherever the router is mounted.
                "url": request.build_absolute_uri(f"{request.path.rstrip('/')}/{entry['key']}"),
            }
            for entry in export.manifest
        ],
    }
    return _etag(request, export.digest[:32], body)


@router.get(
    "/{key}",
    response={200: dict, 404: ErrorOut},
    auth=ANYONE,
    summary="One open dataset: its columns and rows",
)
def dataset(request, key: str):
    found = selectors.export_rows(key)
    if found is None:
        if selectors.latest_export() is None:
            _none_yet()
        raise HttpError(404, _("There is no open dataset of this name."))
    export, entry, rows = found
    columns = [name for name, _meaning in entry["columns"]]
    body = {
        "key": entry["key"],
        "name": entry["name"],
        "generated_at": export.created_at.isoformat(),
        "columns": entry["columns"],
        "rows": [dict(zip(columns, row, strict=False)) for row in rows],
    }
    return _etag(request, entry["digest"], body)
