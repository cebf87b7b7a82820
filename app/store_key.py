"""Keys derived from the store's key, and sealing bytes with them (evidence files, backups).

Everything else the app keeps in the data folder that holds personal data is encrypted with a key
derived from the store's own key (HKDF-SHA256, one `purpose` per kind of file), so the one secret
in the keyring — or the one passphrase — opens all of it, and a key for one purpose tells nothing
about another. Sealed bytes are AES-256-GCM: `MAGIC`, a random 96-bit nonce, then ciphertext and
tag; the tag makes any flipped byte a refusal rather than wrong data.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.errors import BadInput
from db import keys
from db.store import STORE_FILENAME

MAGIC = b"CDSEAL1\0"
NONCE_BYTES = 12
PassphraseSource = keys.PassphraseSource


def set_passphrase_source(source: PassphraseSource | None) -> None:
    """Register who asks for the passphrase when there is no usable keyring (the GUI's dialog,
    the CLI's terminal or stdin reader). Without one such a store refuses to open."""
    keys.set_passphrase_source(source)


def store_key(data_dir: Path) -> bytes:
    """The 32 secret bytes of the store in `data_dir` (its raw key, or the key SQLCipher derives
    from its passphrase). The store must already exist; the passphrase is asked for only if this
    process has not opened the store yet."""
    marker = keys.read_marker(data_dir)
    if marker is None:
        raise BadInput(code="store.no_encrypted_data", folder=str(data_dir))
    key = keys.existing_key(data_dir, marker)
    keys.remember(data_dir, key)
    return key.material(data_dir / STORE_FILENAME)


def derive_key(data_dir: Path, purpose: str) -> bytes:
    """A 256-bit key for one `purpose` (e.g. "evidence", "backup"), derived from the store key."""
    return derive_from(store_key(data_dir), purpose)


def derive_from(material: bytes, purpose: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"compound-desk/" + purpose.encode("utf-8")).derive(material)


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def seal(key: bytes, plaintext: bytes, associated: bytes = b"") -> bytes:
    """AES-256-GCM of `plaintext`; `associated` (e.g. a file's name) is authenticated, not stored."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, plaintext, associated or None)


def unseal(key: bytes, sealed: bytes, associated: bytes = b"", name: str = "") -> bytes:
    """The plaintext of `seal`'s output; a damaged, foreign or wrongly keyed one is BadInput
    naming the file `name`."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not is_sealed(sealed) or len(sealed) < len(MAGIC) + NONCE_BYTES + 16:
        raise BadInput(code="store.sealed_foreign", file=name)
    nonce = sealed[len(MAGIC):len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, sealed[len(MAGIC) + NONCE_BYTES:], associated or None)
    except InvalidTag:
        raise BadInput(code="store.sealed_damaged", file=name) from None
