"""Login and the device token: the token lives in the OS keyring (via `keyring`), never on disk,
one per data folder (the keyring entry is named by server, user and folder).

With no usable keyring backend the token is kept in this process's memory only, so the user is
asked for the password again in the next session. The password itself is never stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import keyring
import keyring.errors
from keyring.backends import fail

from app.profile import carry_own_profile, own_user
from app.session import ACTOR_SETTING, get_setting, set_setting
from app.sync import settings as keys
from app.sync.errors import AuthRequired, ServerUnreachable, SyncError
from app.sync.urls import normalize_url
from db.store import Store

if TYPE_CHECKING:
    from app.sync.client import SyncClient

SERVICE = "compound-desk"
NO_KEYRING_MESSAGE = (
    "no usable system keyring was found: the login is kept only until the app closes, "
    "and the password will be asked for again next time"
)
# Attempts of one login (the first and its retries after a timeout or a dropped connection):
# all carry the same idempotency key, so the server mints one token whatever arrives.
LOGIN_ATTEMPTS = 3

# Tokens of this process when the keyring cannot hold them: {keyring username: token}.
_session_tokens: dict[str, str] = {}


@dataclass(frozen=True)
class Account:
    """Who this data folder syncs as: server, user, and the folder itself — each data folder
    has its own device token, so two folders logged in as one user are two devices (their
    edits conflict with each other as any two devices' do)."""

    url: str
    user: str
    folder: str = ""  # folder_id of the data folder


def folder_id(store: Store) -> str:
    """A short stable name for the store's data folder (not the path itself, which anyone
    listing the keyring would read): a copied or moved folder is another device."""
    where = str(store.path.resolve().parent)
    return hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def account_of(store: Store, url: str, user: str) -> Account:
    return Account(normalize_url(url), user, folder_id(store))


def keyring_username(account: Account) -> str:
    return f"{normalize_url(account.url)}|{account.user}|{account.folder}"


def _shared_username(account: Account) -> str:
    """The name a token had when every folder of one user shared it (before folder ids)."""
    return f"{normalize_url(account.url)}|{account.user}"


def keyring_usable() -> bool:
    """False when keyring fell back to its 'fail' backend (no Secret Service, no Keychain…)."""
    return not isinstance(keyring.get_keyring(), fail.Keyring)


def save_token(account: Account, token: str) -> bool:
    """Keep the token; True if it went into the OS keyring, False if only into memory."""
    name = keyring_username(account)
    if keyring_usable():
        try:
            keyring.set_password(SERVICE, name, token)
            _session_tokens.pop(name, None)
            return True
        except keyring.errors.KeyringError:
            pass
    _session_tokens[name] = token
    return False


def load_token(account: Account) -> str | None:
    """This folder's token. One kept under the shared name of an earlier version is taken over
    by the first folder that asks (moved to its own name); any other folder of that user then
    logs in again and gets a token of its own."""
    name = keyring_username(account)
    if name in _session_tokens:
        return _session_tokens[name]
    if not keyring_usable():
        return None
    try:
        token = keyring.get_password(SERVICE, name)
        shared = _shared_username(account)
        if token is None and (token := keyring.get_password(SERVICE, shared)):
            keyring.set_password(SERVICE, name, token)
            keyring.delete_password(SERVICE, shared)
        return token
    except keyring.errors.KeyringError:
        return None


def forget_token(account: Account) -> None:
    name = keyring_username(account)
    _session_tokens.pop(name, None)
    if keyring_usable():
        with contextlib.suppress(keyring.errors.KeyringError):
            keyring.delete_password(SERVICE, name)


@dataclass
class LoginOutcome:
    account: Account
    user: dict[str, Any]
    in_keyring: bool
    warnings: list[str] = field(default_factory=list)


def current_account(store: Store) -> Account | None:
    with store.session() as session:
        url, user = get_setting(session, keys.SERVER_URL), get_setting(session, keys.USER)
    return account_of(store, url, user) if url and user else None


def login(store: Store, url: str, user: str, password: str, device_name: str | None = None
          ) -> LoginOutcome:
    """Exchange the password for a device token; remember the server and user for next time."""
    account = account_of(store, url, user)
    url = account.url
    from app.sync.client import SyncClient  # the HTTP library, only now
    with SyncClient(url, retries=LOGIN_ATTEMPTS - 1) as client:
        meta = client.meta()
        # One key for this login and its retries: a timeout never leaves a second token behind.
        result = client.login(user, password, device_name or socket.gethostname(),
                              idempotency_key=secrets.token_urlsafe(32))
    in_keyring = save_token(account, result.token)
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
    return LoginOutcome(account, result.user, in_keyring, warnings)


def _profiles_at_login(store: Store, url: str, token: str) -> list[str]:
    """The own profile (and the colleagues') at once, so a new laptop prints the right signer
    before its first sync; best effort — the next sync does it anyway. Never for demo data."""
    from app.demo import DEMO_SETTING
    from app.sync.profiles import exchange_profiles

    with store.session() as session:
        if get_setting(session, DEMO_SETTING) == "1":
            return []
    try:
        from app.sync.client import SyncClient  # the HTTP library, only now
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
    token = load_token(account)
    if token:
        try:
            from app.sync.client import SyncClient  # the HTTP library, only now
            with SyncClient(account.url, token, retries=0, timeout=10) as client:
                client.logout()
        except (ServerUnreachable, AuthRequired):
            pass  # offline or already revoked: forgetting it locally is what matters
    forget_token(account)


def connect(store: Store, **client_options: Any) -> SyncClient:
    """A client for the stored server and user with their token; AuthRequired when there is none."""
    account = current_account(store)
    if account is None:
        raise AuthRequired(code="sync.client.not_logged_in")
    token = load_token(account)
    if not token:
        raise AuthRequired(code="sync.client.not_logged_in_as", user=account.user, url=account.url)
    from app.sync.client import SyncClient  # the HTTP library, only now
    return SyncClient(account.url, token, **client_options)
