"""The sealing construction of the monitoring mechanism (docs/security.md, "Monitoring").

- A report part gets a random 256-bit content key. Its fields, its contact envelope and each of
  its files are encrypted with AES-256-GCM under that key (random 96-bit nonce, associated data
  binding the ciphertext to the report reference and to what it is, so envelopes cannot be
  swapped between reports or fields).
- The content key is sealed to each recipient's X25519 public key: an ephemeral X25519 key pair,
  ECDH with the recipient's key, HKDF-SHA256 (salt = ephemeral public ‖ recipient public,
  info = ``minga-monitoring-seal-v1``) → a 256-bit wrapping key, AES-256-GCM over the content key.
  ``sealed = ephemeral public (32) ‖ nonce (12) ‖ ciphertext+tag (48)``.
- Recipients decrypt with their private key; reviewers do it in their browser with WebCrypto
  (static/monitoring/reviewer.js implements the same steps), the recovery key offline.

The server holds a content key only while it seals a submission (in memory) and forgets it.
"""

import base64
import hashlib
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEAL_INFO = b"minga-monitoring-seal-v1"
REPORTER_INFO = b"minga-monitoring-reporter-key-v1"
KEY_BYTES = 32
NONCE_BYTES = 12
SEALED_BYTES = 32 + NONCE_BYTES + KEY_BYTES + 16


class CryptoError(ValueError):
    """A ciphertext that does not authenticate, or a malformed key."""


def new_content_key() -> bytes:
    return os.urandom(KEY_BYTES)


def aad(reference: str, part: str) -> bytes:
    return f"minga-monitoring:v1:{reference}:{part}".encode()


def encrypt(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def decrypt(key: bytes, blob: bytes, associated: bytes) -> bytes:
    if len(blob) < NONCE_BYTES + 16:
        raise CryptoError("ciphertext too short")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], associated)
    except Exception as exc:  # InvalidTag
        raise CryptoError("ciphertext does not authenticate") from exc


def public_key_from_b64(value: str) -> X25519PublicKey:
    try:
        raw = base64.b64decode(value.strip(), validate=True)
        if len(raw) != 32:
            raise ValueError
        return X25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise CryptoError("not an X25519 public key (32 bytes, base64)") from exc


def public_raw(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_b64: str) -> str:
    """A short, human-comparable fingerprint of a public key (SHA-256, 16 hex groups)."""
    digest = hashlib.sha256(base64.b64decode(public_b64)).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def _wrapping_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral + recipient, info=SEAL_INFO
    ).derive(shared)


def seal(content_key: bytes, recipient_b64: str, associated: bytes) -> bytes:
    recipient = public_key_from_b64(recipient_b64)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_pub = public_raw(ephemeral.public_key())
    shared = ephemeral.exchange(recipient)
    wrapping = _wrapping_key(shared, ephemeral_pub, public_raw(recipient))
    return ephemeral_pub + encrypt(wrapping, content_key, associated)


def unseal(sealed: bytes, private_key: X25519PrivateKey, associated: bytes) -> bytes:
    if len(sealed) != SEALED_BYTES:
        raise CryptoError("sealed key has the wrong length")
    try:
        ephemeral = X25519PublicKey.from_public_bytes(sealed[:32])
        shared = private_key.exchange(ephemeral)
    except ValueError as exc:
        raise CryptoError("bad ephemeral key") from exc
    wrapping = _wrapping_key(shared, sealed[:32], public_raw(private_key.public_key()))
    return decrypt(wrapping, sealed[32:], associated)


def generate_key_pair() -> tuple[str, str]:
    """(private, public) as base64 of the raw 32-byte keys."""
    private = X25519PrivateKey.generate()
    raw = private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return base64.b64encode(raw).decode(), base64.b64encode(
        public_raw(private.public_key())
    ).decode()


def private_key_from_b64(value: str) -> X25519PrivateKey:
    try:
        raw = base64.b64decode(value.strip(), validate=True)
        return X25519PrivateKey.from_private_bytes(raw)
    except ValueError as exc:
        raise CryptoError("not an X25519 private key (32 bytes, base64)") from exc


def reporter_private_key(receipt_secret: str) -> X25519PrivateKey:
    """The reporter's key pair is derived from the secret half of their receipt: reviewers'
    questions are sealed to it and only someone holding the receipt can read them."""
    seed = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=REPORTER_INFO).derive(
        receipt_secret.encode()
    )
    return X25519PrivateKey.from_private_bytes(seed)


def reporter_public_b64(receipt_secret: str) -> str:
    return base64.b64encode(public_raw(reporter_private_key(receipt_secret).public_key())).decode()
