"""Small text helpers shared by every app."""

import unicodedata


def name_sort_key(name: str) -> str:
    """Sort names as readers expect: accents and case ignored (“Équateur” near “Espagne”)."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
