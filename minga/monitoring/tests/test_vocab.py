"""Every code of every vocabulary has a label in each interface language."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from minga.monitoring import vocab

LOCALES = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["es", "pt", "fr"])
def test_every_code_has_a_translated_label(language):
    catalog = polib.pofile(str(LOCALES / language / "LC_MESSAGES" / "django.po"))
    translations: dict[str, set[str]] = {}
    for entry in catalog:
        if entry.msgstr and "fuzzy" not in entry.flags and not entry.obsolete:
            translations.setdefault(entry.msgid, set()).add(entry.msgstr)
    missing = []
    for vocabulary in vocab.VOCABULARIES:
        for code, label in vocabulary.choices:
            with translation.override(None):
                msgid = str(label)
            with translation.override(language):
                shown = str(label)
            if shown not in translations.get(msgid, set()):
                missing.append(f"{vocabulary.__name__}.{code}")
    assert not missing, f"{language}: no label for {missing}"


def test_codes_are_stable_identifiers():
    for vocabulary in vocab.VOCABULARIES:
        for code in vocabulary.values:
            assert code == code.strip() and len(code) <= 30
    grouped = [code for codes in vocab.INCIDENT_GROUPS.values() for code in codes]
    assert sorted(grouped) == sorted(vocab.IncidentType.values)
    assert vocab.group_of("pushback") == "protection"
