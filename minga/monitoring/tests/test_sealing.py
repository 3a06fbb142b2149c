import io

import pytest
from PIL import ExifTags, Image

from minga.monitoring import actions, cleaning, crypto, receipts, sealing
from minga.monitoring.models import Recipient, SealedKey, Submission, SubmissionKind

from .conftest import jpeg_with_gps, make_reviewer


def test_round_trip_and_tamper():
    key = crypto.new_content_key()
    associated = crypto.aad("MR-TEST", "payload:1")
    blob = crypto.encrypt(key, b"secret words", associated)
    assert crypto.decrypt(key, blob, associated) == b"secret words"
    flipped = bytearray(blob)
    flipped[-1] ^= 1
    with pytest.raises(crypto.CryptoError):
        crypto.decrypt(key, bytes(flipped), associated)
    with pytest.raises(crypto.CryptoError):
        crypto.decrypt(key, blob, crypto.aad("MR-OTHER", "payload:1"))
    with pytest.raises(crypto.CryptoError):
        crypto.decrypt(crypto.new_content_key(), blob, associated)


def test_seal_round_trip_and_tamper():
    private, public = crypto.generate_key_pair()
    content_key = crypto.new_content_key()
    associated = crypto.aad("MR-TEST", "key:1")
    sealed = crypto.seal(content_key, public, associated)
    assert len(sealed) == crypto.SEALED_BYTES
    assert crypto.unseal(sealed, crypto.private_key_from_b64(private), associated) == content_key
    tampered = bytearray(sealed)
    tampered[40] ^= 0x80
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(bytes(tampered), crypto.private_key_from_b64(private), associated)
    other_private, _other = crypto.generate_key_pair()
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(sealed, crypto.private_key_from_b64(other_private), associated)
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(sealed, crypto.private_key_from_b64(private), crypto.aad("MR-X", "key:1"))


def test_bad_public_key_is_refused():
    with pytest.raises(crypto.CryptoError):
        crypto.public_key_from_b64("not base64!")
    with pytest.raises(crypto.CryptoError):
        crypto.public_key_from_b64("AAAA")


def _submit(**kwargs):
    return actions.do_submit_report(
        None,
        answers={"what_happened": "Detained at the checkpoint.", "country": "MX"},
        uploads=kwargs.pop("uploads", []),
        **kwargs,
    )


@pytest.mark.django_db
def test_two_reviewers_and_recovery_each_decrypt_the_same_report(recovery):
    _first, first_key = make_reviewer("one@example.org")
    _second, second_key = make_reviewer("two@example.org")
    photo = cleaning.clean(jpeg_with_gps())
    receipt = _submit(
        contact="+502 5555 0000",
        consent_contact=True,
        uploads=[sealing.Upload("p.jpg", photo.content_type, photo.data)],
    )
    submission = Submission.objects.get(report=receipt.report)
    keys = {
        (row.recipient, row.public_key): row.sealed
        for row in SealedKey.objects.filter(submission=submission)
    }
    assert len(keys) == 3
    for pair in (first_key, second_key, recovery):
        recipient = Recipient.RECOVERY if pair is recovery else Recipient.REVIEWER
        key, payload, contact = sealing.open_submission(
            submission, keys[(recipient, pair.public)], pair.private_key
        )
        assert payload["what_happened"] == "Detained at the checkpoint."
        assert contact == "+502 5555 0000"
        sealed_file = submission.files.get()
        assert sealing.open_file(submission, sealed_file, key) == photo.data


@pytest.mark.django_db
def test_swapped_envelope_does_not_open(reviewer_key):
    one = _submit().report
    two = _submit().report
    s1 = Submission.objects.get(report=one)
    s2 = Submission.objects.get(report=two)
    sealed = SealedKey.objects.get(submission=s1, reviewer_key__public_key=reviewer_key.public)
    s1.payload = s2.payload
    with pytest.raises(crypto.CryptoError):
        sealing.open_submission(s1, sealed.sealed, reviewer_key.private_key)


@pytest.mark.django_db
def test_original_kept_separately_with_its_hash(reviewer_key):
    import hashlib

    original = jpeg_with_gps(b"keep-me")
    cleaned = cleaning.clean(original)
    receipt = _submit(
        uploads=[sealing.Upload("p.jpg", cleaned.content_type, cleaned.data, original=original)]
    )
    submission = Submission.objects.get(report=receipt.report)
    files = list(submission.files.order_by("is_original"))
    assert [f.is_original for f in files] == [False, True]
    assert files[1].original_sha256 == hashlib.sha256(original).hexdigest()
    sealed = SealedKey.objects.get(submission=submission, reviewer_key__isnull=False)
    key, _payload, _contact = sealing.open_submission(
        submission, sealed.sealed, reviewer_key.private_key
    )
    assert sealing.open_file(submission, files[1], key) == original


def test_image_metadata_is_removed():
    cleaned = cleaning.clean(jpeg_with_gps(b"DESCRIPTION-MARKER"))
    assert cleaned.content_type == "image/jpeg"
    assert b"DESCRIPTION-MARKER" not in cleaned.data
    assert b"CanaryPhone" not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Make not in exif


def test_pdf_metadata_is_removed():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Canary Author", "/Title": "Secret title"})
    out = io.BytesIO()
    writer.write(out)
    cleaned = cleaning.clean(out.getvalue())
    assert cleaned.content_type == "application/pdf"
    assert b"Canary Author" not in cleaned.data
    reader = PdfReader(io.BytesIO(cleaned.data))
    assert len(reader.pages) == 1
    assert reader.metadata is None or not reader.metadata.get("/Author")


def test_disguised_and_unsupported_files_are_refused():
    with pytest.raises(cleaning.UnsupportedFile):
        cleaning.clean(b"MZ\x90\x00 this is an executable named photo.jpg")
    with pytest.raises(cleaning.UnsupportedFile):
        cleaning.clean(b"\xff\xd8\xff\xe0 truncated jpeg")
    with pytest.raises(cleaning.UnsupportedFile):
        cleaning.clean(b"%PDF-1.7 garbage")


def test_receipts():
    lookup, secret = receipts.new_receipt()
    code = receipts.display(lookup, secret)
    assert receipts.parse(code) == (lookup, secret)
    assert receipts.parse(code.lower().replace("-", " ")) == (lookup, secret)
    assert receipts.parse("short") is None
    stored = receipts.hash_secret(secret)
    assert stored.startswith("$argon2id$")
    assert secret not in stored
    assert receipts.check_secret(secret, stored)
    assert not receipts.check_secret(secret[:-1] + "A", stored) or secret.endswith("A")


@pytest.mark.django_db
def test_question_is_sealed_to_the_reporter(reviewer, reviewer_key):
    receipt = _submit()
    actions.do_ask_question(reviewer, receipt.report, "Which day was it?")
    question = Submission.objects.get(report=receipt.report, kind=SubmissionKind.QUESTION)
    assert b"Which day" not in bytes(question.payload or b"")
    report, secret = actions.find_by_receipt(receipt.code)
    assert [q["text"] for q in actions.read_questions(report, secret)] == ["Which day was it?"]


@pytest.mark.django_db
def test_recovery_command(recovery, reviewer, tmp_path, monkeypatch):
    import json

    from django.core.management import CommandError, call_command

    receipt = _submit(contact="secret phone", consent_contact=True)
    monkeypatch.setattr("sys.stdin", io.StringIO(recovery.private + "\n"))
    call_command("monitoring_recover", receipt.report.reference, out=str(tmp_path))
    written = json.loads(next(tmp_path.glob("*.json")).read_text())
    assert written["payload"]["what_happened"] == "Detained at the checkpoint."
    assert written["contact"] == "secret phone"
    other_private, _public = crypto.generate_key_pair()
    monkeypatch.setattr("sys.stdin", io.StringIO(other_private + "\n"))
    with pytest.raises(CommandError):
        call_command("monitoring_recover", receipt.report.reference, out=str(tmp_path / "x"))
