"""Logos are checked by their content (Pillow), not by their name or declared type."""

from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Pillow format name → file extension we store the logo under.
ALLOWED_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
MAX_PIXELS = 4000 * 4000


def check_logo(file: IO[bytes] | Any) -> str:
    """Return the extension matching the file's real image format, or raise ValidationError.

    Leaves the file positioned at its start.
    """
    size = getattr(file, "size", None)
    limit = settings.MINGA_LOGO_MAX_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            _("The logo is too large (%(size)s). The limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    not_an_image = ValidationError(
        _("This file is not a PNG, JPEG, WebP or GIF image. Choose an image file."),
        code="not_image",
    )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    finally:
        file.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise not_an_image
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("The logo has too many pixels. Use an image of at most 4000 × 4000 pixels."),
            code="too_many_pixels",
        )
    return ALLOWED_FORMATS[image_format]
