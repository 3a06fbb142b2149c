"""Where the project's .po files live, shared by compilemessages_po and check_translations."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

# The interface languages that must be complete (English is the source language).
REQUIRED_LANGUAGES = ("es", "pt", "fr")
DOMAIN = "django"


def locale_dirs() -> list[Path]:
    """LOCALE_PATHS plus the locale/ folders of the project's own apps (not installed packages)."""
    base = Path(settings.BASE_DIR).resolve()
    dirs = [Path(p).resolve() for p in settings.LOCALE_PATHS]
    for app in apps.get_app_configs():
        path = Path(app.path).resolve() / "locale"
        if path.is_relative_to(base) and ".venv" not in path.parts and path.is_dir():
            dirs.append(path)
    unique: list[Path] = []
    for path in dirs:
        if path not in unique:
            unique.append(path)
    return unique


def po_files(dirs: list[Path]) -> list[Path]:
    return sorted(p for d in dirs for p in d.glob("*/LC_MESSAGES/*.po"))
