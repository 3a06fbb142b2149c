"""Extra personas and helpers for the stakeholders tests."""

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from minga.accounts.models import Role
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Pages and URLs in English, so that tests read the source strings."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Uploaded logos go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield


@pytest.fixture
def member(db, organization):
    """An approved (non-representative) member of the organization."""
    user = f.make_user("member@example.org", display_name="Mario Member")
    f.add_member(user, organization, role=MembershipRole.MEMBER)
    return user


@pytest.fixture
def committee_without_mfa(db, review):
    user = f.make_user("committee-nomfa@example.org", display_name="Committee No MFA")
    f.grant(user, Role.COMMITTEE_MEMBER, review=review)
    return user


@pytest.fixture
def network(db):
    return f.make_organization("Red Regional de Migración", iso2="CL", is_network=True)


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 90, 80)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def upload() -> Callable[..., SimpleUploadedFile]:
    """Build an uploaded file: upload("logo.png", b"...") or upload("logo.png", fmt="PNG")."""

    def make(
        name: str = "logo.png",
        content: bytes | None = None,
        *,
        fmt: str = "PNG",
        content_type: str = "image/png",
    ) -> SimpleUploadedFile:
        data = content if content is not None else image_bytes(fmt)
        return SimpleUploadedFile(name, data, content_type=content_type)

    return make
