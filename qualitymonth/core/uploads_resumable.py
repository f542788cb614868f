"""Resumable uploads of large files: the server side of the tus 1.0 protocol (core, creation,
termination), which the browser speaks through the tus-js-client library.

A file arrives in chunks (PATCH requests) appended to a temporary file under
`RESUMABLE_UPLOAD_DIR` (default: VAR_DIR/uploads), never under MEDIA_ROOT: a half-sent file
is never served. What an upload is (its owner, length, purpose, target) is a small JSON file
beside it, and its offset is the size of the temporary file, so both survive a dropped
connection and a server restart; the client asks the offset (HEAD) and sends the rest.

When the last byte arrives the app's `on_complete` receives the assembled file: it checks it
by content and saves its row in one transaction, or raises ValidationError, in which case the
file is discarded and the message goes back to the browser. An upload that nobody finishes
is removed by `remove_abandoned_uploads` (the `clean_uploads` command).

Who may touch an upload is decided by the app's view; here an upload is found only by its
owner and for its purpose and target, so anyone else's answers 404.
"""

import base64
import binascii
import datetime
import fcntl
import json
import os
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,termination"
READ_BLOCK = 1024 * 1024
ID = re.compile(r"[0-9a-f]{32}$")
OFFSET_TYPE = "application/offset+octet-stream"


def folder() -> Path:
    configured = getattr(settings, "RESUMABLE_UPLOAD_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "uploads"


@dataclass(frozen=True)
class Upload:
    id: str
    owner: int
    length: int
    purpose: str
    target: dict
    filename: str
    created: float

    @property
    def part(self) -> Path:
        return folder() / f"{self.id}.part"

    @property
    def info(self) -> Path:
        return folder() / f"{self.id}.json"

    @property
    def offset(self) -> int:
        try:
            return self.part.stat().st_size
        except FileNotFoundError:
            return 0

    def discard(self) -> None:
        self.part.unlink(missing_ok=True)
        self.info.unlink(missing_ok=True)


class AssembledFile(File):
    """The complete upload, moved (not copied) into the storage when saved there: a 1 GB
    video is not written twice (FileSystemStorage moves a file that has a temporary path)."""

    def __init__(self, upload: Upload):
        super().__init__(open(upload.part, "rb"), name=upload.filename)  # noqa: SIM115
        self._path = str(upload.part)

    def temporary_file_path(self) -> str:
        return self._path

    @property
    def size(self) -> int:
        return os.path.getsize(self._path)


def create(*, owner: int, length: int, purpose: str, target: dict, filename: str) -> Upload:
    upload = Upload(
        id=uuid.uuid4().hex,
        owner=owner,
        length=length,
        purpose=purpose,
        target=target,
        filename=Path(filename or "upload").name[:200] or "upload",
        created=time.time(),
    )
    folder().mkdir(parents=True, exist_ok=True)
    upload.part.touch()
    # The description last: an upload is found by it, and its part is there by then.
    temporary = upload.info.with_suffix(".tmp")
    temporary.write_text(json.dumps(upload.__dict__))
    temporary.replace(upload.info)
    return upload


def find(upload_id: str, *, owner: int, purpose: str, target: dict) -> Upload | None:
    """The upload, only for its owner and for the purpose and target it was made for."""
    if not ID.match(upload_id or ""):
        return None
    try:
        data = json.loads((folder() / f"{upload_id}.json").read_text())
        upload = Upload(**data)
    except (OSError, ValueError, TypeError):
        return None
    if upload.owner != owner or upload.purpose != purpose or upload.target != target:
        return None
    return upload


class OffsetMismatch(Exception):
    pass


def append(upload: Upload, offset: int, stream, length: int) -> int:
    """Writes up to `length` bytes of `stream` at `offset`, which must be where the file
    ends; returns the new offset. What arrives before a dropped connection is kept."""
    with open(upload.part, "ab") as part:
        # One writer at a time: a client that retries while its first request still runs
        # would otherwise interleave bytes.
        fcntl.flock(part, fcntl.LOCK_EX)
        if part.seek(0, os.SEEK_END) != offset:
            raise OffsetMismatch
        remaining = min(length, upload.length - offset)
        try:
            while remaining > 0:
                data = stream.read(min(READ_BLOCK, remaining))
                if not data:
                    break
                part.write(data)
                remaining -= len(data)
        except OSError:
            pass  # the connection dropped; what was written stays
        part.flush()
        os.fsync(part.fileno())
        return part.tell()


def remove_abandoned_uploads(*, older_than: datetime.timedelta, dry_run=False) -> list[str]:
    """Uploads that received nothing for `older_than`, and strays of either half."""
    cutoff = time.time() - older_than.total_seconds()
    removed = []
    try:
        entries = list(folder().iterdir())
    except FileNotFoundError:
        return removed
    for path in entries:
        if path.suffix not in (".part", ".json", ".tmp"):
            continue
        part = path.with_suffix(".part")
        try:
            touched = max(p.stat().st_mtime for p in (path, part) if p.exists())
        except (OSError, ValueError):
            continue
        if touched >= cutoff:
            continue
        if not dry_run:
            path.unlink(missing_ok=True)
        removed.append(f"{folder().name}/{path.name}")
    return removed


def parse_metadata(header: str) -> dict[str, str]:
    """Upload-Metadata: comma-separated `key base64(value)` pairs."""
    metadata = {}
    for pair in header.split(","):
        key, _, value = pair.strip().partition(" ")
        if not key:
            continue
        try:
            metadata[key] = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            metadata[key] = ""
    return metadata


# --- HTTP ----------------------------------------------------------------------------------


def _tus(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def _refused(message: str, status: int) -> HttpResponse:
    return _tus(JsonResponse({"error": message}, status=status))


def _options(max_bytes: int) -> HttpResponse:
    response = _tus(HttpResponse(status=204))
    response["Tus-Version"] = TUS_VERSION
    response["Tus-Extension"] = EXTENSIONS
    response["Tus-Max-Size"] = str(max_bytes)
    return response


def _number(header: str | None) -> int | None:
    return int(header) if header and header.isdigit() else None


def creation_view(
    request, *, purpose: str, target: dict, max_bytes: int, location: Callable[[str], str]
) -> HttpResponse:
    """POST: a new upload of `Upload-Length` bytes; OPTIONS: what the server offers."""
    if request.method == "OPTIONS":
        return _options(max_bytes)
    if request.method != "POST":
        return _tus(HttpResponse(status=405, headers={"Allow": "POST, OPTIONS"}))
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        return _refused(_("This upload needs a newer page: reload it."), 412)
    length = _number(request.headers.get("Upload-Length"))
    if not length:
        return _refused(_("The file is empty or its size was not sent."), 400)
    if length > max_bytes:
        message = _("The file is larger than %(limit)s MB.") % {
            "limit": f"{max_bytes / 1024 / 1024:.0f}"
        }
        return _refused(message, 413)
    metadata = parse_metadata(request.headers.get("Upload-Metadata", ""))
    upload = create(
        owner=request.user.pk,
        length=length,
        purpose=purpose,
        target=target,
        filename=metadata.get("filename", ""),
    )
    response = _tus(HttpResponse(status=201))
    response["Location"] = request.build_absolute_uri(location(upload.id))
    return response


def upload_view(
    request,
    upload_id: str,
    *,
    purpose: str,
    target: dict,
    max_bytes: int,
    on_complete: Callable[[Upload, AssembledFile], None],
) -> HttpResponse:
    """HEAD: how much has arrived; PATCH: the next chunk; DELETE: give up.

    `on_complete` runs when the last byte is in: it raises ValidationError to refuse the
    file (the upload is then discarded and the message sent back), otherwise the upload's
    temporary files are removed once its transaction commits."""
    if request.method == "OPTIONS":
        return _options(max_bytes)
    upload = find(upload_id, owner=request.user.pk, purpose=purpose, target=target)
    if upload is None:
        # The platform's own 404: the client starts a new upload (tus-js-client does).
        raise Http404
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        return _refused(_("This upload needs a newer page: reload it."), 412)
    if request.method == "HEAD":
        response = _tus(HttpResponse(status=200))
        response["Upload-Offset"] = str(upload.offset)
        response["Upload-Length"] = str(upload.length)
        return response
    if request.method == "DELETE":
        upload.discard()
        return _tus(HttpResponse(status=204))
    if request.method != "PATCH":
        return _tus(HttpResponse(status=405, headers={"Allow": "HEAD, PATCH, DELETE, OPTIONS"}))
    if request.content_type != OFFSET_TYPE:
        return _refused(_("The chunk was not sent as the upload protocol asks."), 415)
    offset = _number(request.headers.get("Upload-Offset"))
    length = _number(request.META.get("CONTENT_LENGTH"))
    if offset is None or length is None:
        return _refused(_("The chunk came without its offset or length."), 400)
    if offset + length > upload.length:
        return _refused(_("The chunk goes past the end of the file."), 400)
    try:
        new_offset = append(upload, offset, request, length)
    except OffsetMismatch:
        message = _("This chunk does not start where the file ends (%(offset)s bytes).")
        return _refused(message % {"offset": upload.offset}, 409)
    if new_offset == upload.length:
        return _complete(upload, on_complete)
    response = _tus(HttpResponse(status=204))
    response["Upload-Offset"] = str(new_offset)
    return response


def _complete(upload: Upload, on_complete) -> HttpResponse:
    from django.db import transaction

    assembled = AssembledFile(upload)
    try:
        on_complete(upload, assembled)
    except ValidationError as error:
        assembled.close()
        upload.discard()
        return _refused(" ".join(error.messages), 422)
    except Exception:
        assembled.close()
        raise

    def done():
        assembled.close()
        upload.discard()

    # After the app's own on_commit writes (the file moved into the storage), not before.
    transaction.on_commit(done)
    response = _tus(HttpResponse(status=204))
    response["Upload-Offset"] = str(upload.length)
    return response
