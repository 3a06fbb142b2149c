"""The site search index: one row per searchable item, filled from ``search.index`` events.

The full-text part lives beside this table and is created by the migrations per database:

- SQLite: an FTS5 table ``search_searchentry_fts`` (rowid = entry id) with the porter stemmer
  and unicode61 ``remove_diacritics 2`` tokenizer, written by ``minga.search.indexer``.
- PostgreSQL: a generated ``search_vector`` tsvector column built with the entry language's
  text-search configuration (spanish, english, portuguese, french, simple) and a GIN index.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("kind"), max_length=100, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=8, db_index=True)
    url = models.CharField(_("address"), max_length=500)
    # "|3|15|" and "|BR|MX|": filtered with LIKE on every database (no JSON operators needed).
    objectives = models.CharField(_("objectives"), max_length=200, blank=True, default="")
    countries = models.CharField(_("countries"), max_length=800, blank=True, default="")
    created_at = models.DateTimeField(_("created"))
    updated = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_entry_once_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}: {self.title}"

    @property
    def objective_numbers(self) -> list[int]:
        return [int(n) for n in self.objectives.strip("|").split("|") if n]

    @property
    def country_codes(self) -> list[str]:
        return [c for c in self.countries.strip("|").split("|") if c]
