"""Uploaded photos and attachments: checked by content and size (never by the file name),
pictures re-encoded to a bounded size with a thumbnail, files written once the row commits.

A picture is opened by its header first: a small file can declare a huge canvas (a PNG of
144 megapixels fits in 17 KB) that would take gigabytes to decode, so the pixel count is
checked before any pixel is read. An accepted picture is decoded, turned upright (the EXIF
orientation applied) and saved again without its metadata, so location and camera data never
reach the storage, at most `MAX_SIDE` pixels on its longest side, with a `THUMB_SIDE` thumbnail
for the pages that list photos.

Files are written in `transaction.on_commit`: a submission that is refused or rolled back,
whether by its own transaction or by one around it, writes nothing, so no file is left without
its row. (A crash between the commit and the write leaves a row whose file is missing; the
file views answer 404 for it.) `remove_orphan_files` (the `clean_uploads` command, run daily)
removes files that no row names, whoever left them.
"""

import datetime
import io
import re
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# A 40-megapixel picture decodes to about 120 MB; phones take 12 to 50 megapixels.
MAX_IMAGE_PIXELS = 40_000_000
MAX_SIDE = 2560
THUMB_SIDE = 480
JPEG_QUALITY = 85
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
# Office files are ZIP archives; which one is told by the part every such file has.
OFFICE_PARTS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


@dataclass(frozen=True)
class Picture:
    """A checked picture as it is stored: re-encoded, bounded, without metadata."""

    content: bytes
    thumbnail: bytes
    content_type: str
    extension: str
    width: int
    height: int

    def name_like(self, original: str) -> str:
        """The original file name with the extension of what is stored."""
        stem = PurePosixPath(original or "photo").stem[:200] or "photo"
        return f"{stem}{self.extension}"


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def _not_a_picture(upload, field=None) -> ValidationError:
    return ValidationError(
        _("%(name)s is not a JPEG, PNG, WebP or GIF picture.")
        % {"name": getattr(upload, "name", "")},
        code="not_image",
    )


def _too_many_pixels(upload, field, pixels: int) -> ValidationError:
    values = {
        "name": getattr(upload, "name", ""),
        "pixels": f"{pixels / 1_000_000:.0f}",
        "limit": f"{MAX_IMAGE_PIXELS / 1_000_000:.0f}",
    }
    if field:
        message = _(
            "%(field)s: %(name)s is a picture of %(pixels)s megapixels; "
            "at most %(limit)s megapixels are accepted."
        ) % {**values, "field": field}
    else:
        message = (
            _("%(name)s is a picture of %(pixels)s megapixels; at most %(limit)s are accepted.")
            % values
        )
    return ValidationError(message, code="too_many_pixels")


def _check_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB.")
            % {"name": getattr(upload, "name", ""), "limit": _megabytes(limit)},
            code="too_large",
        )


def _open(upload, field=None) -> Image.Image:
    """The picture with only its header read, or a ValidationError (bombs included)."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that; the count is checked
            # below against ours, which is lower.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload)
    except Image.DecompressionBombError as error:
        found = re.search(r"\((\d+) pixels\)", str(error))
        pixels = int(found.group(1)) if found else 2 * (Image.MAX_IMAGE_PIXELS or 0)
        raise _too_many_pixels(upload, field, pixels) from None
    except _UNREADABLE:
        raise _not_a_picture(upload, field) from None
    if image.format not in PHOTO_FORMATS:
        raise _not_a_picture(upload, field)
    pixels = image.width * image.height
    if pixels > MAX_IMAGE_PIXELS:
        raise _too_many_pixels(upload, field, pixels)
    return image


def photo_content_type(upload, *, field=None) -> str:
    """The photo's MIME type, or a ValidationError naming the file (and the field, if given)."""
    _check_size(upload, MAX_PHOTO_BYTES)
    try:
        image = _open(upload, field)
        with image:
            try:
                image.verify()
            except _UNREADABLE:
                raise _not_a_picture(upload, field) from None
            return PHOTO_FORMATS[image.format]
    finally:
        upload.seek(0)


def prepare_photo(upload, *, field=None) -> Picture:
    """Check a photo and re-encode it: upright, no metadata, bounded size, with a thumbnail."""
    photo_content_type(upload, field=field)
    try:
        with _open(upload, field) as image:
            if image.format == "JPEG":
                # Decode a JPEG at a reduced scale when it is far larger than what is kept.
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            source_format = image.format
            image.load()
            upright = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (*_UNREADABLE, Image.DecompressionBombError):
        raise _not_a_picture(upload, field) from None
    finally:
        upload.seek(0)
    keeps_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    # Lossless sources (screenshots, drawings) and transparent ones stay lossless; photos
    # (JPEG, WebP) become JPEG.
    if keeps_alpha or source_format in ("PNG", "GIF"):
        upright = upright.convert("RGBA" if keeps_alpha else "RGB")
        kind, extension, save = "image/png", ".png", {"format": "PNG", "optimize": True}
    else:
        upright = upright.convert("RGB")
        kind, extension = "image/jpeg", ".jpg"
        save = {"format": "JPEG", "quality": JPEG_QUALITY, "optimize": True}
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumb = upright.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return Picture(
        content=_encoded(upright, save),
        thumbnail=_encoded(thumb, save),
        content_type=kind,
        extension=extension,
        width=upright.width,
        height=upright.height,
    )


def _encoded(image: Image.Image, options: dict) -> bytes:
    # Nothing from the original's info (EXIF, XMP, comments) is passed on.
    output = io.BytesIO()
    image.save(output, **options)
    return output.getvalue()


def attachment_content_type(upload) -> str:
    """PDF, Word, Excel, PowerPoint or a picture; anything else is refused."""
    name = getattr(upload, "name", "")
    _check_size(upload, MAX_ATTACHMENT_BYTES)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            names = []
        finally:
            upload.seek(0)
        for prefix, content_type in OFFICE_PARTS.items():
            if any(part.startswith(prefix) for part in names):
                return content_type
    try:
        return photo_content_type(upload)
    except ValidationError as error:
        if error.code == "too_many_pixels":
            raise
        raise ValidationError(
            _("%(name)s is not a PDF, Word, Excel, PowerPoint or picture file.") % {"name": name},
            code="bad_type",
        ) from None


@dataclass(frozen=True)
class CheckedFile:
    """An attachment as it will be stored: a picture re-encoded (no metadata, bounded size),
    anything else as sent."""

    upload: object
    content_type: str
    picture: Picture | None

    def name(self, max_length: int = 255) -> str:
        original = getattr(self.upload, "name", "") or ""
        return (self.picture.name_like(original) if self.picture else original)[:max_length]

    @property
    def size(self) -> int:
        return len(self.picture.content) if self.picture else self.upload.size


def check_attachment(upload, *, field=None) -> CheckedFile:
    """A PDF, Office file or picture judged by content, pictures re-encoded; or a
    ValidationError whose message starts with `field` when one is given (a form or a desk
    with several uploads shows the messages in a summary, where the field must be named)."""
    try:
        content_type = attachment_content_type(upload)
        picture = prepare_photo(upload) if content_type.startswith("image/") else None
    except ValidationError as error:
        if field is None:
            raise
        message = _("%(field)s: %(error)s") % {"field": field, "error": error.messages[0]}
        raise ValidationError(message, code=error.code) from None
    return CheckedFile(upload, picture.content_type if picture else content_type, picture)


def store_checked_on_commit(instance, field_name: str, checked: CheckedFile) -> str:
    """Name the file on the (unsaved) row now; write it when the transaction commits."""
    if checked.picture:
        return store_on_commit(
            instance, field_name, checked.picture.content, checked.picture.extension
        )
    return store_on_commit(instance, field_name, checked.upload, checked.name())


def delete_on_commit(file) -> None:
    """Remove a stored file once its row's deletion commits (a rollback keeps both)."""
    if file:
        storage, name = file.storage, file.name
        transaction.on_commit(lambda: storage.delete(name))


def store_on_commit(instance, field_name: str, content, filename: str, *, using=None) -> str:
    """Give the file field its name now and write the file once the transaction commits.

    `content` is bytes or a file; `filename` (or just an extension) gives the suffix. The name
    is made unique here (a random part), so the row
    and the file agree without asking the storage after the commit.
    """
    field = instance._meta.get_field(field_name)
    suffix = PurePosixPath(f"x{filename}" if filename.startswith(".") else filename).suffix
    suffix = suffix.lower()[:8]
    name = field.generate_filename(instance, f"{uuid.uuid4().hex}{suffix}")
    setattr(instance, field_name, name)
    data = content if isinstance(content, bytes) else None

    def write():
        if data is not None:
            field.storage.save(name, ContentFile(data), max_length=field.max_length)
        else:
            content.seek(0)
            field.storage.save(name, content, max_length=field.max_length)

    transaction.on_commit(write, using=using)
    return name


def remove_orphan_files(*, older_than: datetime.timedelta, dry_run: bool = False) -> list[str]:
    """Delete stored files that no row names, once they are older than `older_than`.

    Files are written after their row commits, so an orphan comes from elsewhere: a process
    killed mid-write, a writer that saves inside its transaction, or a photo kept aside for a
    submission that never came back. The age keeps files whose row is still being written.
    """
    from django.apps import apps
    from django.core.files.storage import default_storage
    from django.db.models import FileField

    named = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField):
                rows = model._base_manager.exclude(**{field.name: ""}).values_list(field.name)
                named.update(name for (name,) in rows.iterator() if name)
    cutoff = timezone.now() - older_than
    removed = []
    for name in _all_files(default_storage, ""):
        if name in named or default_storage.get_modified_time(name) >= cutoff:
            continue
        if not dry_run:
            default_storage.delete(name)
        removed.append(name)
    return removed


def _all_files(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _all_files(storage, f"{folder}/{sub}" if folder else sub)
