"""Photos of a submission that was refused: kept until it is sent again, never as answers.

An inspector whose answers need correcting should not have to take the photo again. A photo
that passed its own check is saved aside under a random name and remembered in the session,
tied to the submission's client id; the next submission with that id uses it unless a new
photo replaces it. It becomes an answer only when the response is stored, and is then
removed from the side; a session that never comes back leaves files that are a day old at
most when the next refused submission clears them.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.utils import timezone

from qualitymonth.core.uploads import prepare_photo

SESSION_KEY = "surveys_pending_photos"
FOLDER = "surveys/pending"
KEEP = datetime.timedelta(days=1)


def _pending(session) -> dict:
    return session.get(SESSION_KEY) or {}


def pending_names(session, client_id) -> dict[str, str]:
    """Question name → the original file name of each photo kept for this submission."""
    return {
        name: entry["name"] for name, entry in _pending(session).get(str(client_id), {}).items()
    }


def pending_files(session, client_id) -> dict[str, File]:
    """The photos kept for this submission, as files to store with the response."""
    files = {}
    for name, entry in _pending(session).get(str(client_id), {}).items():
        if default_storage.exists(entry["path"]):
            files[name] = File(default_storage.open(entry["path"], "rb"), name=entry["name"])
    return files


def keep(session, client_id, uploads: dict) -> None:
    """Save aside the photos that passed their check; a new one replaces the one kept."""
    if not uploads:
        return
    pending = _pending(session)
    kept = pending.setdefault(str(client_id), {})
    for name, upload in uploads.items():
        try:
            # Kept as it will be stored: re-encoded, so no location data waits on the disk.
            picture = prepare_photo(upload)
        except ValidationError:  # not a usable picture: not kept (the form says why)
            continue
        path = default_storage.save(
            f"{FOLDER}/{uuid.uuid4().hex}{picture.extension}", ContentFile(picture.content)
        )
        if name in kept:
            default_storage.delete(kept[name]["path"])
        kept[name] = {
            "path": path,
            "name": picture.name_like(upload.name)[:200],
            "at": timezone.now().isoformat(),
        }
    _clear_stale(pending)
    session[SESSION_KEY] = pending


def drop(session, client_id) -> None:
    """The submission is stored (or abandoned): its photos aside are removed."""
    pending = _pending(session)
    for entry in pending.pop(str(client_id), {}).values():
        default_storage.delete(entry["path"])
    session[SESSION_KEY] = pending


def _clear_stale(pending: dict) -> None:
    cutoff = timezone.now() - KEEP
    for client_id in list(pending):
        entries = pending[client_id]
        if all(datetime.datetime.fromisoformat(e["at"]) < cutoff for e in entries.values()):
            for entry in entries.values():
                default_storage.delete(entry["path"])
            del pending[client_id]
