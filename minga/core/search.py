"""What a searchable item tells the site search (``minga.search``) about itself.

A model that wants to be found defines ``search_document(self) -> SearchDocument | None``
(None: not public now, e.g. hidden by moderation or a draft) and its actions publish
``events.publish("search.index", target=item)`` after creating or changing it, and
``events.publish("search.remove", content_type_id=..., object_id=...)`` before deleting it.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchDocument:
    kind: str  # "proposals.proposal", "dialogue.consultation", ... (model label_lower)
    title: str
    body: str  # plain text (Markdown is fine; it is indexed, not shown)
    language: str  # the item's own language code: es, en, pt, fr, ht, ...
    url: str  # absolute path of the item's page, with no language prefix handling needed
    created_at: datetime.datetime
    objectives: list[int] = field(default_factory=list)  # GCM objective numbers
    countries: list[str] = field(default_factory=list)  # ISO alpha-2 codes
