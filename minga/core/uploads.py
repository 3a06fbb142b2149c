"""Uploaded images and PDFs (proposal attachments, initiative sources, ...) are checked by
their content, never by their name or declared type.

Images are decoded with Pillow and re-saved without their metadata (EXIF, GPS); PDFs must
start with the ``%PDF-`` signature. Sizes are limited below.
"""

import io
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 6000 * 6000
# Pillow format → (extension, content type).
IMAGE_FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # "image" or "pdf"
    extension: str
    content_type: str
    content: bytes  # what we store (images: re-encoded without metadata)
    original_name: str


def _too_large(name: str, size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is too large (%(size)s). The limit is %(limit)s."),
        code="too_large",
        params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
    )


def _strip_image(raw: bytes, image_format: str) -> bytes:
    """Re-encode the image from its pixels only: no EXIF, GPS, comments or colour profiles."""
    with Image.open(io.BytesIO(raw)) as opened:
        opened.load()
        image = ImageOps.exif_transpose(opened) if image_format == "JPEG" else opened.copy()
        transparency = image.info.get("transparency") if image_format != "JPEG" else None
        image.info = {}
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        options: dict[str, Any] = {"quality": 88} if image_format == "JPEG" else {}
        if transparency is not None and image_format in ("PNG", "GIF"):
            options["transparency"] = transparency
        out = io.BytesIO()
        image.save(out, format=image_format, **options)
        return out.getvalue()


def check_attachment(file: IO[bytes] | Any) -> CheckedFile:
    """Return the checked file ready to store, or raise ValidationError."""
    name = str(getattr(file, "name", "") or "file")[-120:]
    size = getattr(file, "size", None)
    unsupported = ValidationError(
        _(
            "“%(name)s” is not a PNG, JPEG, WebP or GIF image nor a PDF document, whatever "
            "its name says. Only images and PDF files are accepted."
        ),
        code="unsupported",
        params={"name": name},
    )
    if size is not None and size > MAX_PDF_BYTES:
        raise _too_large(name, size, MAX_PDF_BYTES)
    file.seek(0)
    raw = file.read(MAX_PDF_BYTES + 1)
    file.seek(0)
    if len(raw) > MAX_PDF_BYTES:
        raise _too_large(name, len(raw), MAX_PDF_BYTES)
    if not raw:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": name})
    if raw.startswith(b"%PDF-"):
        if b"%%EOF" not in raw[-2048:]:
            raise unsupported
        return CheckedFile("pdf", "pdf", "application/pdf", raw, name)
    try:
        with Image.open(io.BytesIO(raw)) as image:
            image_format = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise unsupported from None
    if image_format not in IMAGE_FORMATS:
        raise unsupported
    if len(raw) > MAX_IMAGE_BYTES:
        raise _too_large(name, len(raw), MAX_IMAGE_BYTES)
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("“%(name)s” has too many pixels. Use an image of at most 6000 × 6000 pixels."),
            code="too_many_pixels",
            params={"name": name},
        )
    try:
        content = _strip_image(raw, image_format)
    except (OSError, ValueError, SyntaxError):
        raise unsupported from None
    extension, content_type = IMAGE_FORMATS[image_format]
    return CheckedFile("image", extension, content_type, content, name)
