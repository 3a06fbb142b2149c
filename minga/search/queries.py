"""Site search: ranked, highlighted, filtered results in two SQL queries (count + page).

User input never reaches the full-text query language: it is cut into word tokens (letters
and digits of any script) that are quoted (FTS5) or given as plain lexemes (to_tsquery), so
quotes, ``*``, ``NEAR``, ``OR``, parentheses... are searched as words or ignored.

Stemming:
- SQLite FTS5 uses the porter stemmer (English rules) over unicode61 with diacritics removed:
  "migración" = "migracion", "trabalhadores" = "trabalhador" (plural -s/-es), "migrants" =
  "migrant"; Spanish/Portuguese/French verb and gender endings are not reduced.
- PostgreSQL stems each entry with its language's configuration and matches the query in
  every configuration at once (spanish, english, portuguese, french, simple). The Spanish
  snowball stemmer drops acute accents, so "migracion" finds "migración" in Spanish items;
  other languages keep accents (unaccent is not used: it cannot go in a generated column).
"""

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import SearchEntry

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
PAGE_SIZE = 20
SIMILAR_LIMIT = 5
MARK_OPEN = "\x02"
MARK_CLOSE = "\x03"
_WORD = re.compile(r"\w+")
_MARKED = re.compile(f"{MARK_OPEN}(.*?){MARK_CLOSE}", re.DOTALL)
PG_TITLE_OPTIONS = f"HighlightAll=true, StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}"
PG_SNIPPET_OPTIONS = (
    f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=30, MinWords=12, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)
PG_CONFIGS = {"es": "spanish", "en": "english", "pt": "portuguese", "fr": "french"}


def terms_of(q: str) -> list[str]:
    """The words of a query, at most MAX_TERMS, without any search syntax."""
    return _WORD.findall(q or "")[:MAX_TERMS]


def highlight(text: str) -> SafeString:
    """Escape ``text`` and turn the FTS marks into <mark> elements (nothing else is HTML)."""
    escaped = escape(text or "")
    marked = _MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(MARK_OPEN, "").replace(MARK_CLOSE, ""))  # noqa: S308


def searchable_models() -> list[Any]:
    return [m for m in apps.get_models() if callable(getattr(m, "search_document", None))]


def kind_choices() -> list[tuple[str, str]]:
    return [(m._meta.label_lower, str(m._meta.verbose_name_plural)) for m in searchable_models()]


@dataclass
class SearchResult:
    content_type_id: int
    object_id: int
    kind: str
    title_html: SafeString
    snippet_html: SafeString
    path: str
    language: str
    created_at: datetime.datetime
    objectives: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        return str(model._meta.verbose_name) if model is not None else self.kind

    @property
    def url(self) -> str:
        return f"/{get_language() or 'es'}{self.path}"


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    objective: int | None = None
    country: str | None = None
    language: str | None = None

    def sql(self) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if self.kind:
            where.append("e.kind = %s")
            params.append(self.kind)
        if self.objective:
            where.append("e.objectives LIKE %s")
            params.append(f"%|{int(self.objective)}|%")
        if self.country:
            where.append("e.countries LIKE %s")
            params.append(f"%|{self.country.upper()}|%")
        if self.language:
            where.append("e.language = %s")
            params.append(self.language)
        return "".join(f" AND {w}" for w in where), params


def _fts5_match(terms: list[str], *, any_term: bool, prefix_last: bool) -> str:
    quoted = [f'"{t}"' for t in terms]
    if prefix_last and quoted:
        quoted[-1] += "*"
    return (" OR " if any_term else " ").join(quoted)


def _pg_tsquery(terms: list[str], *, any_term: bool, prefix_last: bool) -> tuple[str, list[str]]:
    lexemes = [f"'{t}'" for t in terms]
    if prefix_last and lexemes:
        lexemes[-1] += ":*"
    text = (" | " if any_term else " & ").join(lexemes)
    configs = [*PG_CONFIGS.values(), "simple"]
    sql = " || ".join(f"to_tsquery('{c}'::regconfig, %s)" for c in configs)
    return f"({sql})", [text] * len(configs)


def _pg_config_sql() -> str:
    whens = " ".join(f"WHEN '{code}' THEN '{c}'::regconfig" for code, c in PG_CONFIGS.items())
    return f"CASE e.language {whens} ELSE 'simple'::regconfig END"


_COLUMNS = (
    "e.id, e.content_type_id, e.object_id, e.kind, e.url, e.language, e.created_at, "
    "e.objectives, e.countries"
)


def _sql(
    terms: list[str], filters: Filters, *, any_term: bool = False, prefix_last: bool = False
) -> tuple[str, str, list[Any]]:
    """(count SQL, page SQL with LIMIT/OFFSET placeholders at the end, shared params)."""
    filter_sql, filter_params = filters.sql()
    if connection.vendor == "postgresql":
        query_sql, query_params = _pg_tsquery(terms, any_term=any_term, prefix_last=prefix_last)
        base = f"FROM search_searchentry e WHERE e.search_vector @@ {query_sql}{filter_sql}"
        count = f"SELECT COUNT(*) {base}"
        config = _pg_config_sql()
        # Only constants and placeholders are interpolated; every value is a parameter.
        page = (
            f"SELECT {_COLUMNS}, "  # noqa: S608
            f"ts_headline({config}, e.title, q.query, %s) AS title_marked, "
            f"ts_headline({config}, e.body, q.query, %s) AS snippet_marked "
            f"FROM (SELECT e.id, ts_rank(e.search_vector, {query_sql}) AS rank {base} "
            "ORDER BY rank DESC, e.created_at DESC LIMIT %s OFFSET %s) hit "
            "JOIN search_searchentry e ON e.id = hit.id "
            f"CROSS JOIN (SELECT {query_sql} AS query) q "
            "ORDER BY hit.rank DESC, e.created_at DESC"
        )
        return count, page, [query_params, filter_params]
    match = _fts5_match(terms, any_term=any_term, prefix_last=prefix_last)
    base = (
        "FROM search_searchentry_fts JOIN search_searchentry e "
        "ON e.id = search_searchentry_fts.rowid "
        f"WHERE search_searchentry_fts MATCH %s{filter_sql}"
    )
    count = f"SELECT COUNT(*) {base}"
    page = (
        f"SELECT {_COLUMNS}, "
        f"highlight(search_searchentry_fts, 0, '{MARK_OPEN}', '{MARK_CLOSE}') AS title_marked, "
        f"snippet(search_searchentry_fts, 1, '{MARK_OPEN}', '{MARK_CLOSE}', ' … ', 30) "
        f"AS snippet_marked {base} "
        "ORDER BY bm25(search_searchentry_fts, 5.0, 1.0), e.created_at DESC LIMIT %s OFFSET %s"
    )
    return count, page, [[match], filter_params]


class _Results:
    """Lazy result list for Django's Paginator: count() and one slice, one query each."""

    def __init__(self, terms: list[str], filters: Filters, **options: Any) -> None:
        self.count_sql, self.page_sql, parts = _sql(terms, filters, **options)
        self.query_params, self.filter_params = parts
        self.postgres = connection.vendor == "postgresql"

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(self.count_sql, [*self.query_params, *self.filter_params])
            return int(cursor.fetchone()[0])

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[SearchResult]:
        start = index.start or 0
        limit = (index.stop or start + PAGE_SIZE) - start
        if self.postgres:
            params = [
                PG_TITLE_OPTIONS,
                PG_SNIPPET_OPTIONS,
                *self.query_params,
                *self.query_params,
                *self.filter_params,
                limit,
                start,
                *self.query_params,
            ]
        else:
            params = [*self.query_params, *self.filter_params, limit, start]
        return [_result(row) for row in SearchEntry.objects.raw(self.page_sql, params)]

    def __iter__(self) -> Iterator[SearchResult]:
        return iter(self[0:PAGE_SIZE])


def _result(row: Any) -> SearchResult:
    return SearchResult(
        content_type_id=row.content_type_id,
        object_id=row.object_id,
        kind=row.kind,
        title_html=highlight(row.title_marked),
        snippet_html=highlight(row.snippet_marked),
        path=row.url,
        language=row.language,
        created_at=row.created_at,
        objectives=row.objective_numbers,
        countries=row.country_codes,
    )


def search(
    q: str,
    kind: str | None = None,
    objective: int | None = None,
    country: str | None = None,
    language: str | None = None,
    page: Any = 1,
) -> Page:
    """A page of results for ``q`` (best first); an empty page when ``q`` has no words."""
    terms = terms_of(q)
    filters = Filters(kind=kind, objective=objective, country=country, language=language)
    if not terms:
        return Paginator([], PAGE_SIZE).get_page(1)
    return Paginator(_Results(terms, filters), PAGE_SIZE).get_page(page)  # type: ignore[arg-type]


def similar(q: str, kind: str | None = None, limit: int = SIMILAR_LIMIT) -> list[SearchResult]:
    """Up to ``limit`` items sharing words with ``q`` (the last word may be unfinished): one
    query, no count."""
    terms = terms_of(q)
    if not terms:
        return []
    results = _Results(terms, Filters(kind=kind), any_term=True, prefix_last=True)
    return results[0:limit]
