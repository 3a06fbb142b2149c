"""Full-text index beside search_searchentry, per database (see minga/search/models.py).

SQLite: a plain FTS5 table keyed by the entry id. It keeps its own copy of title and body
(so snippet() works and no trigger can be lost when Django rebuilds the main table during a
later migration); minga.search.indexer writes it together with the entry.

PostgreSQL: a STORED generated tsvector column (title weight A, body weight B) with the
text-search configuration of the entry's language, and a GIN index on it.
"""

from typing import Any

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_searchentry_fts USING fts5("
    "title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_searchentry_fts"]

CONFIGS = {"es": "spanish", "en": "english", "pt": "portuguese", "fr": "french"}


def _vector(config: str) -> str:
    return (
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(title, '')), 'A') || "
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(body, '')), 'B')"
    )


POSTGRES_FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "CASE language "
    + " ".join(f"WHEN '{code}' THEN {_vector(config)}" for code, config in CONFIGS.items())
    + f" ELSE {_vector('simple')} END) STORED",
    "CREATE INDEX search_searchentry_vector_gin ON search_searchentry USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_searchentry_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
