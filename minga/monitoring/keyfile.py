"""The reviewer key backup format (the same file static/monitoring/reviewer.js writes): the
PKCS#8 private key encrypted with AES-256-GCM under a key derived from the passphrase with
PBKDF2-SHA256 (600,000 iterations). Used by the demo and the tests; real reviewers' files
are made in their browsers."""

import base64
import json
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from . import crypto

ITERATIONS = 600_000


def _key(passphrase: str, salt: bytes, iterations: int) -> bytes:
    return PBKDF2HMAC(
        algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations
    ).derive(passphrase.encode())


def backup(private_b64: str, passphrase: str) -> str:
    private = crypto.private_key_from_b64(private_b64)
    pkcs8 = private.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    salt, iv = os.urandom(16), os.urandom(12)
    wrapped = AESGCM(_key(passphrase, salt, ITERATIONS)).encrypt(iv, pkcs8, None)
    public = base64.b64encode(crypto.public_raw(private.public_key())).decode()
    return json.dumps(
        {
            "format": "minga-monitoring-reviewer-key",
            "v": 1,
            "kdf": "PBKDF2-SHA256",
            "iterations": ITERATIONS,
            "salt": base64.b64encode(salt).decode(),
            "iv": base64.b64encode(iv).decode(),
            "wrapped": base64.b64encode(wrapped).decode(),
            "public": public,
        }
    )


def restore(text: str, passphrase: str) -> str:
    """The base64 raw private key in a backup file (raises on a wrong passphrase)."""
    data = json.loads(text)
    key = _key(passphrase, base64.b64decode(data["salt"]), int(data["iterations"]))
    pkcs8 = AESGCM(key).decrypt(
        base64.b64decode(data["iv"]), base64.b64decode(data["wrapped"]), None
    )
    private = serialization.load_der_private_key(pkcs8, password=None)
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()
