"""Writes of the open-data download: the worker builds the ZIP of CSVs and keeps the same
rows for the JSON API. Nothing here runs on a page request."""

import csv
import hashlib
import io
import json
import zipfile
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qualitymonth.core.figures import Dataset
from qualitymonth.figures.models import OpenDataExport
from qualitymonth.figures.registry import all_datasets

KEEP = 3  # older exports are deleted with their files


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return round(value, 4)
    return str(value)


def _digest(obj) -> str:
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _csv(dataset: Dataset, rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in dataset.columns])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read UTF-8


def _readme(entry: dict, generated: str) -> str:
    lines = [
        f"# {entry['key']}.csv — {entry['name']}",
        "",
        entry["description"],
        "",
        _("Generated: %(when)s. Rows: %(rows)s. Encoding: UTF-8, comma-separated, one header row.")
        % {"when": generated, "rows": entry["rows"]},
        "",
        "| " + _("Column") + " | " + _("Meaning") + " |",
        "|---|---|",
    ]
    lines += [f"| {name} | {meaning} |" for name, meaning in entry["columns"]]
    return "\n".join(lines) + "\n"


def _index(manifest: list[dict], generated: str) -> str:
    lines = [
        "# " + _("Open data of the Quality Month platform"),
        "",
        _(
            "Public records and figures, one CSV file per dataset, each described by the "
            "README beside it. No personal data is included."
        ),
        _("Generated: %(when)s.") % {"when": generated},
        "",
    ]
    lines += [f"- {e['key']}.csv — {e['name']} ({e['rows']})" for e in manifest]
    return "\n".join(lines) + "\n"


def collect() -> tuple[list[dict], dict[str, list[list]]]:
    """Every dataset's rows and its description, in the platform's language."""
    manifest, data = [], {}
    for dataset in all_datasets():
        rows = [[_cell(value) for value in row] for row in dataset.rows()]
        data[dataset.key] = rows
        manifest.append(
            {
                "key": dataset.key,
                "name": str(dataset.name),
                "description": str(dataset.description),
                "columns": [[c.name, str(c.description)] for c in dataset.columns],
                "rows": len(rows),
                "digest": _digest([[c.name for c in dataset.columns], rows])[:32],
            }
        )
    return manifest, data


def build_open_data() -> OpenDataExport:
    """Run by the worker (nightly and after a year is published). When no row changed (and
    its file is still there) the latest export stays, so its ETags stay valid."""
    with translation.override(settings.LANGUAGE_CODE):
        manifest, data = collect()
        digest = _digest(data)
        latest = OpenDataExport.objects.first()
        if (
            latest is not None
            and latest.digest == digest
            and latest.file.storage.exists(latest.file.name)
        ):
            return latest
        now = timezone.now()
        generated = timezone.localtime(now).strftime("%Y-%m-%d %H:%M")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.md", _index(manifest, generated))
            for dataset, entry in zip(all_datasets(), manifest, strict=True):
                archive.writestr(f"{entry['key']}.csv", _csv(dataset, data[entry["key"]]))
                archive.writestr(f"{entry['key']}.README.md", _readme(entry, generated))
    content = buffer.getvalue()
    export = OpenDataExport(
        created_at=now, size=len(content), digest=digest, manifest=manifest, data=data
    )
    export.file.save(f"open-data-{now:%Y%m%d-%H%M%S}.zip", ContentFile(content), save=False)
    with transaction.atomic():
        export.save()
        _prune()
    return export


def _prune() -> None:
    for old in OpenDataExport.objects.all()[KEEP:]:
        old.file.delete(save=False)
        old.delete()


def queue_open_data() -> None:
    from qualitymonth.figures.tasks import build_open_data_task

    transaction.on_commit(lambda: build_open_data_task.enqueue())
