"""Monitoring personas: reviewers with approved keys (their private keys known to the tests,
standing in for their browsers) and the offline recovery key."""

import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from minga.accounts.models import Role
from minga.monitoring import crypto
from minga.monitoring.models import KeyStatus, ReviewerKey
from minga.testing import factories as f


@dataclass
class KeyPair:
    private: str
    public: str

    @property
    def private_key(self) -> Any:
        return crypto.private_key_from_b64(self.private)


def make_reviewer(email: str, *, approved: bool = True) -> tuple[Any, KeyPair]:
    user = f.make_user(email, display_name=email.split("@")[0].title())
    f.grant(user, Role.MONITORING_REVIEWER)
    f.give_mfa(user)
    private, public = crypto.generate_key_pair()
    ReviewerKey.objects.create(
        user=user,
        public_key=public,
        fingerprint=crypto.fingerprint(public),
        status=KeyStatus.APPROVED if approved else KeyStatus.PENDING,
        approved_at=timezone.now() if approved else None,
    )
    return user, KeyPair(private, public)


@pytest.fixture
def recovery(settings) -> KeyPair:
    private, public = crypto.generate_key_pair()
    settings.MINGA_MONITORING_RECOVERY_PUBLIC_KEY = public
    return KeyPair(private, public)


@pytest.fixture
def reviewer_pair(db, recovery):
    return make_reviewer("reviewer@example.org")


@pytest.fixture
def reviewer(reviewer_pair):
    return reviewer_pair[0]


@pytest.fixture
def reviewer_key(reviewer_pair) -> KeyPair:
    return reviewer_pair[1]


@pytest.fixture
def reviewer2_pair(db, recovery):
    return make_reviewer("reviewer2@example.org")


@pytest.fixture
def reviewer2(reviewer2_pair):
    return reviewer2_pair[0]


@pytest.fixture
def reviewer_no_mfa(db):
    user = f.make_user("nomfa@example.org", display_name="No MFA")
    f.grant(user, Role.MONITORING_REVIEWER)
    return user


def jpeg_with_gps(marker: bytes = b"") -> bytes:
    from PIL import ExifTags, Image

    image = Image.new("RGB", (40, 30), (180, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = (marker or b"photo").decode()
    exif[ExifTags.Base.Make] = "CanaryPhone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (14.0, 5.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (87.0, 12.0, 10.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def report_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "what_happened": "Officials pushed a group back at the river crossing.",
        "month": "3",
        "year": str(timezone.localdate().year),
        "country": "GT",
        "place": "",
        "incident_types": ["pushback"],
        "affected": ["adult_men"],
        "how_many": "6-20",
        "perpetrator": "border_police",
        "consent_aggregates": "on",
    }
    data.update(overrides)
    return data
