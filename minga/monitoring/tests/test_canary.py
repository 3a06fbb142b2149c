"""Canary tests (issue 6): after a report carrying a unique string and a file with unique
bytes and GPS EXIF, neither appears in the database, the media folder, the cache, the
temporary folder or any log; the file a reviewer decrypts has no GPS tag. A request from a
unique address and user agent leaves no trace of either anywhere."""

import io
import logging
import os
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import ExifTags, Image

from minga.monitoring import sealing
from minga.monitoring.logging import RedactClientAddress
from minga.monitoring.models import SealedKey, Submission

from .conftest import jpeg_with_gps, report_data
from .test_intake import receipt_of


def database_dump() -> bytes:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        chunks.append(bytes(value))
                    elif value is not None:
                        chunks.append(str(value).encode())
    return b"\n".join(chunks)


def folder_dump(folder: Path, since: float = 0.0) -> bytes:
    chunks = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            try:
                stat = path.stat()
                if stat.st_mtime >= since and stat.st_size < 50 * 1024 * 1024:
                    chunks.append(path.read_bytes())
            except OSError:
                continue
    return b"\n".join(chunks)


def redis_dump(client: Any) -> list[bytes]:
    """Every key and value of a Redis database, whatever the value's type."""
    chunks: list[bytes] = []
    for key in client.scan_iter(count=1000):
        chunks.append(key)
        kind = client.type(key)
        if kind == b"string":
            chunks.append(client.get(key) or b"")
        elif kind == b"list":
            chunks.extend(client.lrange(key, 0, -1))
        elif kind == b"hash":
            for field, value in client.hgetall(key).items():
                chunks += [field, value]
        elif kind == b"set":
            chunks.extend(client.smembers(key))
        elif kind == b"zset":
            chunks.extend(client.zrange(key, 0, -1))
    return chunks


def cache_dump() -> bytes:
    """Every cache's contents: the in-memory cache's dict, or the whole Redis database."""
    chunks: list[bytes] = []
    for alias in caches:
        store = getattr(caches[alias], "_cache", {})
        if hasattr(store, "get_client"):  # django.core.cache.backends.redis
            chunks.extend(redis_dump(store.get_client()))
            continue
        for key, value in dict(store).items():
            chunks.append(str(key).encode())
            chunks.append(value if isinstance(value, bytes) else str(value).encode())
    return b"\n".join(chunks)


@pytest.fixture
def everywhere(settings, tmp_path, monkeypatch, caplog, capfd):
    """Run the test with its own media and temp folders and every log captured; return a
    function giving all the places where data could leak."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    own_tmp = tmp_path / "tmp"
    own_tmp.mkdir()
    system_tmp = Path(tempfile.gettempdir())
    monkeypatch.setattr(tempfile, "tempdir", str(own_tmp))
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    start = time.time() - 1
    connection.force_debug_cursor = True  # SQL statements and parameters go to the log too

    def places() -> dict[str, bytes]:
        out, err = capfd.readouterr()
        return {
            "database": database_dump(),
            "media": folder_dump(tmp_path / "media"),
            "temp (own)": folder_dump(own_tmp),
            "temp (system, new files)": folder_dump(system_tmp, since=start),
            "cache": cache_dump(),
            "logs": caplog.text.encode() + out.encode() + err.encode(),
        }

    yield places
    connection.force_debug_cursor = False


@pytest.mark.django_db
def test_canary_report_leaves_no_plaintext(
    client, reviewer, reviewer_key, everywhere, caplog, capfd
):
    canary = f"canary-{secrets.token_hex(12)}"
    file_canary = secrets.token_hex(16).encode()
    with caplog.at_level(logging.WARNING):  # making the test photo is not the server's doing
        photo = jpeg_with_gps(b"FILE-" + file_canary)
    assert file_canary in photo
    response = client.post(
        "/en/monitoring/report/",
        {
            **report_data(what_happened=f"Something happened: {canary}", place=canary),
            "contact": f"call {canary}",
            "consent_contact": "on",
            "keep_originals": "",
            "attachments": [SimpleUploadedFile("photo.jpg", photo, content_type="image/jpeg")],
        },
    )
    assert response.status_code == 200
    code = receipt_of(response)
    added = client.post(
        "/en/monitoring/follow-up/",
        {"receipt": code, "step": "add", "text": f"More: {canary}"},
    )
    assert added.status_code == 200

    places = everywhere()
    assert b'INSERT INTO "monitoring_submission"' in places["logs"]  # SQL was logged
    for place, data in places.items():
        assert canary.encode() not in data, place
        assert file_canary not in data, place
        assert photo[:2000] not in data, place

    # The reviewer (their private key stands in for their browser) gets a clean photo back.
    submission = Submission.objects.get(kind="report")
    sealed = SealedKey.objects.get(submission=submission, public_key=reviewer_key.public)
    key, payload, contact = sealing.open_submission(
        submission, sealed.sealed, reviewer_key.private_key
    )
    assert canary in payload["what_happened"]
    assert canary in contact
    decrypted = sealing.open_file(submission, submission.files.get(), key)
    assert file_canary not in decrypted
    with Image.open(io.BytesIO(decrypted)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Make not in exif


@pytest.mark.django_db
def test_ip_and_user_agent_canary(client, reviewer, everywhere):
    address = f"203.0.113.{secrets.randbelow(200) + 20}"
    forwarded = f"198.51.100.{secrets.randbelow(200) + 20}"
    agent = f"CanaryBrowser/{secrets.token_hex(8)}"
    headers = {"REMOTE_ADDR": address, "HTTP_USER_AGENT": agent, "HTTP_X_FORWARDED_FOR": forwarded}
    assert client.get("/en/monitoring/report/", **headers).status_code == 200
    response = client.post("/en/monitoring/report/", report_data(), **headers)
    code = receipt_of(response)
    client.post("/en/monitoring/report/", report_data(what_happened=""), **headers)  # an error
    client.post("/en/monitoring/follow-up/", {"receipt": code}, **headers)
    client.post("/en/monitoring/follow-up/", {"receipt": "WRONG"}, **headers)
    client.post("/en/monitoring/report/", report_data(), HTTP_ORIGIN="https://x.example", **headers)
    for place, data in everywhere().items():
        for trace in (address, forwarded, agent):
            assert trace.encode() not in data, (place, trace)


def test_server_access_log_drops_client_addresses(caplog):
    logger = logging.getLogger("uvicorn.access")
    assert any(isinstance(f, RedactClientAddress) for f in logger.filters)
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        logger.info(
            '%s - "%s %s HTTP/%s" %d',
            "203.0.113.99:5555",
            "POST",
            "/es/monitoring/follow-up/?receipt=SECRET",
            "1.1",
            200,
        )
    assert "203.0.113.99" not in caplog.text
    assert "SECRET" not in caplog.text
    assert "/es/monitoring/follow-up/" in caplog.text
