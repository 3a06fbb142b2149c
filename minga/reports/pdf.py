"""PDF of a published version in one language, with WeasyPrint: cover, table of contents with
page numbers, paragraphs with anchors, evidence annex; fonts embedded (subsets of DejaVu)."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from . import snapshot
from .models import PublishedVersion

STYLESHEET = Path(__file__).with_name("pdf.css")


# A paragraph whose sanitised HTML is one <p> (the usual case) is printed as that one <p>, with
# its number and evidence references inline: fewer boxes to lay out and draw, denser pages.
SINGLE_P = re.compile(r"\A<p>((?:(?!</?p[\s>]).)*)</p>\s*\Z", re.DOTALL)


def _with_inline_paragraphs(doc: dict[str, Any]) -> dict[str, Any]:
    for chapter in doc["chapters"]:
        for section in chapter["sections"]:
            for p in section["paragraphs"]:
                match = SINGLE_P.match(p["html"])
                p["inline"] = match.group(1) if match else ""
    return doc


def render_html(version: PublishedVersion, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "reports/pdf.html",
            {
                "doc": _with_inline_paragraphs(snapshot.read(version.snapshot, language)),
                "version": version,
                "site_url": settings.SITE_URL.rstrip("/"),
            },
        )


def render_pdf(
    version: PublishedVersion, language: str, *, progress: Callable[[int], None] | None = None
) -> bytes:
    from weasyprint import CSS, HTML

    tell = progress or (lambda percent: None)
    html = render_html(version, language)
    tell(25)
    document = HTML(string=html).render(stylesheets=[CSS(string=STYLESHEET.read_text())])
    tell(75)
    data = document.write_pdf()
    tell(95)
    return bytes(data or b"")
