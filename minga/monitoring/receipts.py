"""Receipt codes: ``LOOKUP`` (8 characters, stored as is to find the report) followed by the
``SECRET`` (32 characters, ~157 bits, stored only as an Argon2id hash; it also derives the
reporter's key for reading reviewers' questions). Shown in groups of four."""

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U
LOOKUP_LEN = 8
SECRET_LEN = 32
_hasher = PasswordHasher()  # Argon2id, library defaults (RFC 9106 low-memory profile)


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_receipt() -> tuple[str, str]:
    """(lookup, secret)."""
    return _random(LOOKUP_LEN), _random(SECRET_LEN)


def display(lookup: str, secret: str) -> str:
    code = lookup + secret
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def parse(value: str) -> tuple[str, str] | None:
    code = "".join(c for c in (value or "").upper() if c.isalnum())
    code = code.replace("0", "O").replace("1", "I")
    if len(code) != LOOKUP_LEN + SECRET_LEN or any(c not in ALPHABET for c in code):
        return None
    return code[:LOOKUP_LEN], code[LOOKUP_LEN:]


def hash_secret(secret: str) -> str:
    return _hasher.hash(secret)


def check_secret(secret: str, stored: str) -> bool:
    try:
        return _hasher.verify(stored, secret)
    except (VerificationError, InvalidHashError):
        return False
