"""Login and the device token: the token lives in the OS keyring (via `keyring`), never on disk.

With no usable keyring backend the token is kept in this process's memory only, so the user is
asked for the password again in the next session. The password itself is never stored.
"""

from __future__ import annotations

import contextlib
import socket
from dataclasses import dataclass, field
from typing import Any

import keyring
import keyring.errors
from keyring.backends import fail

from app.profile import carry_own_profile, own_user
from app.session import ACTOR_SETTING, get_setting, set_setting
from app.sync import settings as keys
from app.sync.client import SyncClient, normalize_url
from app.sync.errors import AuthRequired, ServerUnreachable, SyncError
from db.store import Store

SERVICE = "compound-desk"
NO_KEYRING_MESSAGE = (
    "no usable system keyring was found: the login is kept only until the app closes, "
    "and the password will be asked for again next time"
)

# Tokens of this process when the keyring cannot hold them: {keyring username: token}.
_session_tokens: dict[str, str] = {}


def keyring_username(url: str, user: str) -> str:
    return f"{normalize_url(url)}|{user}"


def keyring_usable() -> bool:
    """False when keyring fell back to its 'fail' backend (no Secret Service, no Keychain…)."""
    return not isinstance(keyring.get_keyring(), fail.Keyring)


def save_token(url: str, user: str, token: str) -> bool:
    """Keep the token; True if it went into the OS keyring, False if only into memory."""
    name = keyring_username(url, user)
    if keyring_usable():
        try:
            keyring.set_password(SERVICE, name, token)
            _session_tokens.pop(name, None)
            return True
        except keyring.errors.KeyringError:
            pass
    _session_tokens[name] = token
    return False


def load_token(url: str, user: str) -> str | None:
    name = keyring_username(url, user)
    if name in _session_tokens:
        return _session_tokens[name]
    if not keyring_usable():
        return None
    try:
        return keyring.get_password(SERVICE, name)
    except keyring.errors.KeyringError:
        return None


def forget_token(url: str, user: str) -> None:
    name = keyring_username(url, user)
    _session_tokens.pop(name, None)
    if keyring_usable():
        with contextlib.suppress(keyring.errors.KeyringError):
            keyring.delete_password(SERVICE, name)


@dataclass(frozen=True)
class Account:
    url: str
    user: str


@dataclass
class LoginOutcome:
    account: Account
    user: dict[str, Any]
    in_keyring: bool
    warnings: list[str] = field(default_factory=list)


def current_account(store: Store) -> Account | None:
    with store.session() as session:
        url, user = get_setting(session, keys.SERVER_URL), get_setting(session, keys.USER)
    return Account(url, user) if url and user else None


def login(store: Store, url: str, user: str, password: str, device_name: str | None = None
          ) -> LoginOutcome:
    """Exchange the password for a device token; remember the server and user for next time."""
    url = normalize_url(url)
    with SyncClient(url, retries=1) as client:
        meta = client.meta()
        result = client.login(user, password, device_name or socket.gethostname())
    in_keyring = save_token(url, user, result.token)
    server_name = str(result.user.get("name") or user)
    with store.transaction() as session:
        # A profile typed in settings before the first login goes with the account.
        carry_own_profile(session, own_user(session), server_name)
        set_setting(session, keys.SERVER_URL, url)
        set_setting(session, keys.USER, user)
        set_setting(session, keys.ROLE, str(result.user.get("role") or ""))
        set_setting(session, keys.STREET_NAME, str(result.user.get("street_name") or ""))
        set_setting(session, keys.PAUSED, "")
        # From now on this device acts (and signs sign-offs) as the server user: the server
        # accepts a sign-off only when its signer is the pushing user.
        set_setting(session, ACTOR_SETTING, server_name)
    store.actor = get_actor(store)
    warnings = [w for w in (meta.skew_warning,) if w]
    warnings.extend(_profiles_at_login(store, url, result.token))
    if not in_keyring:
        warnings.append(NO_KEYRING_MESSAGE)
    return LoginOutcome(Account(url, user), result.user, in_keyring, warnings)


def _profiles_at_login(store: Store, url: str, token: str) -> list[str]:
    """The own profile (and the colleagues') at once, so a new laptop prints the right signer
    before its first sync; best effort — the next sync does it anyway. Never for demo data."""
    from app.demo import DEMO_SETTING
    from app.sync.profiles import exchange_profiles

    with store.session() as session:
        if get_setting(session, DEMO_SETTING) == "1":
            return []
    try:
        with SyncClient(url, token, retries=0, timeout=10) as client:
            return exchange_profiles(store, client)
    except SyncError:
        return []


def get_actor(store: Store) -> str:
    with store.session() as session:
        return get_setting(session, ACTOR_SETTING) or store.actor


def logout(store: Store) -> None:
    """Revoke the token on the server when reachable, and forget it here either way."""
    account = current_account(store)
    if account is None:
        return
    token = load_token(account.url, account.user)
    if token:
        try:
            with SyncClient(account.url, token, retries=0, timeout=10) as client:
                client.logout()
        except (ServerUnreachable, AuthRequired):
            pass  # offline or already revoked: forgetting it locally is what matters
    forget_token(account.url, account.user)


def connect(store: Store, **client_options: Any) -> SyncClient:
    """A client for the stored server and user with their token; AuthRequired when there is none."""
    account = current_account(store)
    if account is None:
        raise AuthRequired("not logged in to a sync server: run python main.py login URL USER")
    token = load_token(account.url, account.user)
    if not token:
        raise AuthRequired(
            f"not logged in as {account.user} at {account.url}: "
            "run python main.py login URL USER"
        )
    return SyncClient(account.url, token, **client_options)
