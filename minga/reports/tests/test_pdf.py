"""The report PDF: its table of contents gives the pages where the headings really are, and
paragraphs print as one block when they can (the layout that keeps big reports fast)."""

import io
import re
from typing import Any

from pypdf import PdfReader

from bench import generate
from minga.reports import bench, pdf
from minga.reports.queries import latest_version

TOC_LINE = re.compile(r"^(\d+(?:\.\d+)?\.? \S.*?) ?\.{3,} ?(\d+)$")


def _bench_version(scale: float) -> Any:
    ctx = generate.generate_base(scale)
    bench.generate(ctx)
    version = latest_version(bench._report_pk())
    assert version is not None
    return version


def _outline_pages(reader: PdfReader, items: list[Any]) -> dict[str, int]:
    pages: dict[str, int] = {}
    for item in items:
        if isinstance(item, list):
            pages.update(_outline_pages(reader, item))
        else:
            number = reader.get_destination_page_number(item)
            assert number is not None
            pages[item.title] = number + 1
    return pages


def test_table_of_contents_gives_the_real_pages_of_the_headings(db) -> None:
    reader = PdfReader(io.BytesIO(pdf.render_pdf(_bench_version(0.05), "es")))
    texts = [page.extract_text() for page in reader.pages]
    toc: dict[str, int] = {}
    for text in texts[1:4]:  # after the cover
        for line in text.splitlines():
            match = TOC_LINE.match(line.strip())
            if match:
                toc[match.group(1).strip()] = int(match.group(2))
    chapters = [title for title in toc if re.match(r"^\d+\. ", title)]
    sections = [title for title in toc if re.match(r"^\d+\.\d+ ", title)]
    assert len(chapters) == bench.CHAPTERS and sections
    bookmarks = _outline_pages(reader, reader.outline)
    for title in [*chapters[:3], chapters[-1], sections[0], sections[len(sections) // 2]]:
        number = toc[title]
        lines = [line.strip() for line in texts[number - 1].splitlines()]
        assert title in lines, (title, number)  # the heading is on the page the TOC gives
        assert f"{number} / {len(reader.pages)}" in lines  # and that page is numbered so
        assert bookmarks[title] == number  # the PDF bookmarks agree
    assert toc[chapters[1]] > toc[chapters[0]] > 2  # after the cover and the contents


def test_paragraphs_print_as_one_block_with_number_and_evidence(db) -> None:
    version = _bench_version(0.02)
    chapter = version.snapshot["chapters"][0]
    first = chapter["sections"][0]["paragraphs"][0]
    second = chapter["sections"][1]["paragraphs"][0]
    second["html"] = "<p>Primer bloque.</p>\n<ul>\n<li>Un punto.</li>\n</ul>"
    html = pdf.render_html(version, "es")
    assert f'<p class="p" id="p-{first["n"]}">¶{first["n"]} ' in html
    assert '<a href="#ev-1">[1]</a></p>' in html  # the evidence reference, inline
    assert '<li id="ev-1">[1] ' in html  # and its entry in the annex
    # Several blocks keep their structure, in one block with the paragraph's anchor.
    assert f'<div class="p" id="p-{second["n"]}">¶{second["n"]}<p>Primer bloque.</p>' in html
    reader = PdfReader(io.BytesIO(pdf.render_pdf(version, "es")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert f"¶{first['n']} Las organizaciones" in text and "Un punto." in text
