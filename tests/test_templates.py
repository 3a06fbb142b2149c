"""Template hygiene checks that Django itself does not make."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def template_files() -> list[Path]:
    files = list((ROOT / "templates").rglob("*.html"))
    files += list((ROOT / "minga").rglob("templates/**/*.html"))
    return files


def test_no_multiline_short_comments():
    """`{# … #}` must close on its line; otherwise Django prints the comment to the page."""
    offenders = []
    for path in template_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "{#" in line and "#}" not in line[line.index("{#") :]:
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_no_inline_styles_or_scripts_without_nonce():
    """The CSP forbids inline styles and scripts without a nonce."""
    offenders = []
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        if " style=" in text or "<style" in text:
            offenders.append(f"{path.relative_to(ROOT)}: inline style")
        for chunk in text.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            if "src=" not in tag and "csp_nonce" not in tag:
                offenders.append(f"{path.relative_to(ROOT)}: inline script without nonce")
    assert offenders == []
