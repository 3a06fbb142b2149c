"""Remove metadata (EXIF, GPS, XMP, authors) from photos and PDFs, in memory, before sealing.

Images are decoded and re-encoded from their pixels only (orientation applied first), so no
metadata block survives; PDFs are rewritten page by page without their document information
and XMP metadata. Anything else is refused: the type is read from the bytes, not the name.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
Image.MAX_IMAGE_PIXELS = 60_000_000


class UnsupportedFile(ValueError):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class CleanFile:
    data: bytes
    content_type: str


def sniff(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return ""


def clean_image(data: bytes) -> CleanFile:
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format or ""
            if fmt not in IMAGE_FORMATS:
                raise UnsupportedFile(_("This image format is not accepted."))
            image.load()
            upright = ImageOps.exif_transpose(image)
            if upright.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                upright = upright.convert("RGB")
            pixels = Image.new(upright.mode, upright.size)
            pixels.paste(upright)
            if fmt == "JPEG" and pixels.mode not in ("RGB", "L"):
                pixels = pixels.convert("RGB")
            out = io.BytesIO()
            pixels.save(out, format=fmt, **({"quality": 90} if fmt != "PNG" else {}))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        if isinstance(exc, UnsupportedFile):
            raise
        raise UnsupportedFile(_("This file looks like an image but cannot be read.")) from exc
    return CleanFile(out.getvalue(), IMAGE_FORMATS[fmt])


def clean_pdf(data: bytes) -> CleanFile:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnsupportedFile(_("Password-protected PDFs cannot be accepted."))
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer._info = None  # no /Info dictionary (author, producer, dates)
        if "/Metadata" in writer._root_object:
            del writer._root_object["/Metadata"]
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        if isinstance(exc, UnsupportedFile):
            raise
        raise UnsupportedFile(_("This PDF cannot be read.")) from exc
    return CleanFile(out.getvalue(), "application/pdf")


def clean(data: bytes) -> CleanFile:
    kind = sniff(data)
    if kind == "application/pdf":
        return clean_pdf(data)
    if kind.startswith("image/"):
        return clean_image(data)
    raise UnsupportedFile(_("Only photos (JPEG, PNG, WebP) and PDF documents are accepted."))
