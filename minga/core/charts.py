"""Bar and column charts drawn on the server as accessible SVG (no JavaScript).

Each chart is one image (``role="img"`` with a ``<title>`` and a ``<desc>``); pages show the
same numbers in a data table next to it. Values that are ``None`` (for instance a group too
small to publish) are drawn as no bar and labelled with ``missing_label``.
"""

from collections.abc import Sequence
from typing import Any

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 170
WIDTH = 460
COLUMN_WIDTH = 640
COLUMN_AREA = 180
FILL = "#0b5d57"
TEXT = "#1d2b28"


def _svg(
    svg_id: str, title: Any, description: Any, width: int, height: int, body: Any
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" id="{}" font-family="system-ui, sans-serif" '
        'font-size="13"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        svg_id,
        svg_id,
        svg_id,
        svg_id,
        title,
        svg_id,
        description,
        body,
    )


def _shorten(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    rows: Sequence[tuple[str, int | None]],
    *,
    title: Any,
    description: Any,
    svg_id: str,
    missing_label: str = "",
) -> SafeString:
    """Horizontal bars, one per (label, value) row, in the given order."""
    top = max((v for _label, v in rows if v), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 60
    parts = []
    for i, (label, value) in enumerate(rows):
        y = i * (BAR_HEIGHT + GAP)
        length = round(room * (value or 0) / top, 1)
        shown = number_format(value) if value is not None else missing_label
        parts.append(
            (
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT / 2 + 4,
                _shorten(label),
                LABEL_WIDTH,
                y,
                length,
                BAR_HEIGHT,
                FILL,
                LABEL_WIDTH + length + 6,
                y + BAR_HEIGHT / 2 + 4,
                shown,
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" fill="' + TEXT + '">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" fill="' + TEXT + '">{}</text>',
        parts,
    )
    height = max(len(rows), 1) * (BAR_HEIGHT + GAP)
    return _svg(svg_id, title, description, WIDTH, height, body)


def column_chart(
    points: Sequence[tuple[str, int]],
    *,
    title: Any,
    description: Any,
    svg_id: str,
) -> SafeString:
    """Vertical columns over time (label under each column, value above it)."""
    top = max((v for _label, v in points), default=0) or 1
    step = COLUMN_WIDTH / max(len(points), 1)
    column = step * 0.7
    parts = []
    for i, (label, value) in enumerate(points):
        h = round(COLUMN_AREA * value / top, 1)
        x = round(i * step + (step - column) / 2, 1)
        y = 20 + COLUMN_AREA - h
        parts.append(
            (
                x,
                y,
                round(column, 1),
                h,
                FILL,
                round(x + column / 2, 1),
                y - 4,
                number_format(value),
                round(x + column / 2, 1),
                20 + COLUMN_AREA + 16,
                label,
            )
        )
    body = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" text-anchor="middle" fill="' + TEXT + '">{}</text>'
        '<text x="{}" y="{}" text-anchor="middle" fill="' + TEXT + '" font-size="10">{}</text>',
        parts,
    )
    axis = format_html(
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#8a9995"/>',
        20 + COLUMN_AREA,
        COLUMN_WIDTH,
        20 + COLUMN_AREA,
    )
    return _svg(svg_id, title, description, COLUMN_WIDTH, 20 + COLUMN_AREA + 24, axis + body)
