"""Demo signing keys, kept in the demo store itself (never in the OS keyring).

The demo's sign-offs must be real — signed, verifiable, printable — yet a machine without a
keyring must be able to build the demo, and a demo must never leave a key in anyone's keyring.
So while the demo is built, `signing.key_source(StoreKeys(session))` is in force: each demo
signer's private key is derived from the demo seed and the signer's name (the same demo, the same
keys) and kept in the store's local settings, which never sync or export. A key source refuses to
serve a store that is not marked as demo data. The public keys reach the store's trusted keys the
ordinary way (signoff.remember_public_key), so `verify` and `audit` on that store accept them.
"""

from __future__ import annotations

import base64
import hashlib
from contextlib import AbstractContextManager, nullcontext

from sqlalchemy.orm import Session

from app.errors import BadInput
from app.signing import SigningKey

KEY_SETTING = "demo.signing_key."  # + the signer's name → base64 raw Ed25519 private key


class StoreKeys:
    """A `signing.KeySource` over a demo store's settings."""

    def __init__(self, session: Session, seed: int) -> None:
        from app.demo import DEMO_SETTING
        from app.session import get_setting

        if get_setting(session, DEMO_SETTING) != "1":
            raise BadInput(code="demo.keys_only_in_demo")
        self.session = session
        self.seed = seed

    def key_for(self, actor: str, create: bool) -> SigningKey | None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from app.session import get_setting, set_setting

        stored = get_setting(self.session, KEY_SETTING + actor)
        if stored:
            raw = base64.b64decode(stored)
        elif create:
            raw = hashlib.sha256(f"compound-desk demo key {self.seed} {actor}".encode()).digest()
            set_setting(self.session, KEY_SETTING + actor, base64.b64encode(raw).decode("ascii"))
        else:
            return None
        return SigningKey(actor, Ed25519PrivateKey.from_private_bytes(raw))


DEMO_KEY_SEED = 20240501  # app.demo.builder's default seed: the same demo, the same keys


def demo_keys_in(session: Session) -> AbstractContextManager[None]:
    """Where a caseworker signs in a demo store (trying the app out), the key comes from the
    demo store too — a machine without a keyring can sign there, and no demo sign-off leaves a
    key in the keyring; in any other store, nothing changes."""
    from app.demo import DEMO_SETTING
    from app.session import get_setting
    from app.signing import key_source

    if get_setting(session, DEMO_SETTING) != "1":
        return nullcontext()
    return key_source(StoreKeys(session, DEMO_KEY_SEED))
