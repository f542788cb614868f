"""Checks on uploaded photos and attachments: by content and size, never by the file name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
# Office files are ZIP archives; which one is told by the part every such file has.
OFFICE_PARTS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def photo_content_type(upload) -> str:
    """The photo's MIME type, or a ValidationError naming the file."""
    name = getattr(upload, "name", "")
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB.")
            % {"name": name, "limit": _megabytes(MAX_PHOTO_BYTES)},
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        kind = None  # a bomb is refused like any file that is not a usable picture
    finally:
        upload.seek(0)
    if kind not in PHOTO_FORMATS:
        raise ValidationError(
            _("%(name)s is not a JPEG, PNG, WebP or GIF picture.") % {"name": name},
            code="not_image",
        )
    return PHOTO_FORMATS[kind]


def attachment_content_type(upload) -> str:
    """PDF, Word, Excel, PowerPoint or a picture; anything else is refused."""
    import zipfile

    name = getattr(upload, "name", "")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB.")
            % {"name": name, "limit": _megabytes(MAX_ATTACHMENT_BYTES)},
            code="too_large",
        )
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
    except ValidationError:
        raise ValidationError(
            _("%(name)s is not a PDF, Word, Excel, PowerPoint or picture file.") % {"name": name},
            code="bad_type",
        ) from None
