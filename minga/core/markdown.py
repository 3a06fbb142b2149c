"""Markdown rendering with sanitising: the only way user text becomes HTML."""

import threading

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


_local = threading.local()


def _parser() -> md.Markdown:
    """One parser per thread, reset between uses (building one costs more than rendering)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = md.Markdown(
            extensions=["tables", "sane_lists"], output_format="html"
        )
    return parser


def render_markdown(text: str) -> SafeString:
    parser = _parser()
    try:
        html = parser.convert(text or "")
    finally:
        parser.reset()
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
