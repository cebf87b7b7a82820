"""HTTP layer of the sync protocol (docs/sync-protocol.md): one method per call.

Network errors and 5xx are retried with exponential backoff and jitter (every call is safe to
repeat: a push is idempotent by op id, a login by its idempotency key); a 429 or 503 with
`Retry-After` waits that long (plus jitter, so clients told the same wait do not return at once)
when it is short enough to wait for. 401/403/409/422 and other 4xx are never retried — they go to
the user, as an error carrying the server's code and params (app.sync.reasons words them).
The device token is sent in a header and never logged.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from app.errors import Cancelled
from app.messages import catalogue
from app.sync.errors import (
    AuthRequired,
    NotAllowed,
    ProtocolTooOld,
    ServerRefused,
    ServerUnreachable,
    SyncError,
)
from app.sync.reasons import NAMESPACE, display_params, envelope_of
from app.sync.urls import API_PREFIX, normalize_url

PROTOCOL_VERSION = 1
MAX_CLOCK_SKEW_SECONDS = 5 * 60
MAX_PULL_LIMIT = 5000
MAX_PUSH_OPS = 1000
# A Retry-After longer than this is not waited for: the call fails and says how long to wait.
MAX_RETRY_AFTER_SECONDS = 30.0
RETRY_AFTER_STATUSES = (429, 503)


class NotFoundOnServer(ServerRefused):
    """404: the server has no such thing (e.g. no signing key under that id)."""


class ClashOnServer(ServerRefused):
    """409: the request clashes with the server's state (e.g. a key registered to another user)."""


@dataclass(frozen=True)
class Meta:
    protocol: int
    min_protocol: int
    server_time: datetime
    skew_seconds: float

    @property
    def skew_warning(self) -> str | None:
        if abs(self.skew_seconds) <= MAX_CLOCK_SKEW_SECONDS:
            return None
        minutes = round(abs(self.skew_seconds) / 60)
        side = "ahead of" if self.skew_seconds < 0 else "behind"
        return (
            f"this computer's clock is about {minutes} minutes {side} the server's; "
            "please correct the system time"
        )


@dataclass(frozen=True)
class LoginResult:
    token: str
    user: dict[str, Any]


class SyncClient:
    """A connection to one sync server, optionally with a device token."""

    def __init__(
        self, base_url: str, token: str | None = None, *, timeout: float = 30.0,
        retries: int = 3, backoff: float = 0.2,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.base_url = normalize_url(base_url)
        self.retries = retries
        self.backoff = backoff
        self.should_stop = should_stop or (lambda: False)
        self.last_push_after: int | None = None
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            base_url=self.base_url + API_PREFIX, headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            # Plain http (loopback, trials) needs no TLS context; building one costs ~60 ms.
            verify=self.base_url.startswith("https://"),
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- calls -------------------------------------------------------------------------------

    def meta(self) -> Meta:
        """Protocol check and clock skew; raises ProtocolTooOld for an outdated app."""
        before = datetime.now(UTC)
        body = self._call("GET", "/meta")
        after = datetime.now(UTC)
        try:
            server_time = datetime.fromisoformat(str(body["server_time"]))
            protocol, min_protocol = int(body["protocol"]), int(body["min_protocol"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ServerRefused(code="sync.client.not_a_server", url=self.base_url) from exc
        if server_time.tzinfo is None:
            server_time = server_time.replace(tzinfo=UTC)
        if min_protocol > PROTOCOL_VERSION:
            raise ProtocolTooOld(code="sync.client.protocol_too_old", min_protocol=min_protocol)
        local = before + (after - before) / 2
        return Meta(protocol, min_protocol, server_time, (server_time - local).total_seconds())

    def login(self, username: str, password: str, device_name: str, *,
              idempotency_key: str | None = None) -> LoginResult:
        """POST /login. Retried (as every call) only when `idempotency_key` is given: with it
        the server answers a retry with the token of the first attempt; without it a retry after
        a timeout could leave a second token behind, so there is none."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        body = self._call(
            "POST", "/login",
            json={"username": username, "password": password, "device_name": device_name},
            auth_message="wrong user name or password", headers=headers,
            retries=None if idempotency_key else 0,
        )
        return LoginResult(token=str(body["token"]), user=dict(body.get("user") or {}))

    def logout(self) -> None:
        self._call("POST", "/logout")

    def pull(self, since: int, limit: int = MAX_PULL_LIMIT, *,
             exclude_own_from: int | None = None) -> dict[str, Any]:
        """A page of changes after `since`; with `exclude_own_from`, without the rows whose
        latest version (from that one on) this device pushed (server.pull)."""
        params = {"since": since, "limit": limit}
        if exclude_own_from is not None:
            params["exclude_own_from"] = exclude_own_from
        return self._call("GET", "/pull", params=params)

    def push(self, ops: list[dict[str, Any]], *, brief: bool = False) -> list[dict[str, Any]]:
        """One result per op; `last_push_after` is then the server's newest version before this
        push (None from a server that does not say). `brief`: an op the server takes exactly as
        sent is answered with its version and stamp, without the row (a server of the previous
        release ignores it and sends rows)."""
        return self.push_encoded(encode_push(ops, brief=brief), len(ops))

    def push_encoded(self, body: bytes, count: int) -> list[dict[str, Any]]:
        """`push` of a request `encode_push` made (for `count` ops)."""
        answer = self._call("POST", "/push", content=body,
                            headers={"Content-Type": "application/json"})
        after = answer.get("after")
        self.last_push_after = after if type(after) is int else None
        results = list(answer.get("results") or [])
        if len(results) != count:
            raise ServerRefused(code="sync.client.answer_count", results=len(results), ops=count)
        return results

    def register_key(self, key_id: str, public_key: str, proof: str) -> None:
        """POST /keys: the caller's signing public key (base64, raw 32 bytes) under its key_id,
        with `proof` (base64 signature over the registration statement) showing the caller
        holds the private key. Raises ClashOnServer when the key is registered to another user,
        ServerRefused (422) when the proof does not verify."""
        self._call("POST", "/keys", json={"key_id": key_id, "public_key": public_key, "proof": proof})

    def fetch_key(self, key_id: str) -> dict[str, Any] | None:
        """GET /keys/{key_id} → {"key_id", "public_key", "user"}, or None when not registered."""
        try:
            return self._call("GET", f"/keys/{quote(key_id, safe='')}")
        except NotFoundOnServer:
            return None

    def own_profile(self) -> dict[str, Any]:
        """GET /profile: the caller's own profile (server/profiles.py)."""
        return self._call("GET", "/profile")

    def put_profile(self, fields: dict[str, Any]) -> dict[str, Any]:
        """PUT /profile: the caller's own profile → {"applied": bool, "profile": {...}}."""
        return self._call("PUT", "/profile", json=fields)

    def profiles(self) -> dict[str, Any]:
        """GET /profiles: {"profiles": [...]} of the signers the caller's client may print."""
        return self._call("GET", "/profiles")

    # -- plumbing ----------------------------------------------------------------------------

    def blobs_missing(self, digests: list[str]) -> list[str]:
        """POST /blobs/missing: which of these evidence files the caller cannot download."""
        body = self._call("POST", "/blobs/missing", json={"sha256": digests})
        return [str(d) for d in body.get("missing") or []]

    def blob_upload_state(self, digest: str) -> dict[str, Any]:
        """GET /blobs/{sha256}/upload → {"received", "complete", "limit_bytes", ...}."""
        return self._call("GET", f"/blobs/{digest}/upload")

    def put_blob_chunk(self, digest: str, offset: int, total: int, chunk: bytes) -> dict[str, Any]:
        """PUT one chunk of an evidence file at `offset` (server/routers/blobs.py)."""
        return self._call("PUT", f"/blobs/{digest}", params={"offset": offset, "total": total},
                          content=chunk, headers={"Content-Type": "application/octet-stream"})

    def get_blob(self, digest: str) -> bytes:
        """GET /blobs/{sha256}: the file's bytes (NotFoundOnServer when missing or not ours)."""
        return self._request("GET", f"/blobs/{digest}").content

    def _call(
        self, method: str, path: str, *, auth_message: str | None = None,
        retries: int | None = None, **kwargs: Any,
    ) -> dict[str, Any]:
        response = self._request(method, path, auth_message=auth_message, retries=retries,
                                 **kwargs)
        return _json(response) if response.status_code != 204 else {}

    def _request(
        self, method: str, path: str, *, auth_message: str | None = None,
        retries: int | None = None, **kwargs: Any,
    ) -> httpx.Response:
        """The answer to a call below 400, after the retries the module docstring describes."""
        retries = self.retries if retries is None else retries
        attempt = 0
        while True:
            if self.should_stop():
                raise Cancelled()
            wait: float | None = None
            try:
                response = self._http.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                failure: Exception = ServerUnreachable(
                    code="sync.client.unreachable", url=self.base_url,
                    cause=exc.__class__.__name__)
            else:
                if response.status_code < 400:
                    return response
                wait = retry_after(response)
                failure = (_client_error(response, auth_message) if response.status_code < 500
                           else ServerUnreachable(
                               code="sync.client.server_failed", url=self.base_url,
                               status=response.status_code, message=_message(response)))
                if wait is None and response.status_code < 500:
                    raise failure  # a refusal goes to the user; never repeated
                if wait is not None and wait > MAX_RETRY_AFTER_SECONDS:
                    raise failure  # too long to wait here: the message says to come back later
            attempt += 1
            if attempt > retries:
                raise failure
            self._sleep(_jittered(wait) if wait is not None
                        else _jittered(self.backoff * 2 ** (attempt - 1)))

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if self.should_stop():
                raise Cancelled()
            time.sleep(min(left, 0.05))


def encode_push(ops: list[dict[str, Any]], *, brief: bool = False) -> bytes:
    """The body of a push request, encoded as httpx encodes `json=` (UTF-8, compact)."""
    request: dict[str, Any] = {"ops": ops, "brief": True} if brief else {"ops": ops}
    return json.dumps(request, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def retry_after(response: httpx.Response) -> float | None:
    """Seconds a 429/503 asks the client to wait (`Retry-After` in seconds), else None. An
    HTTP-date form is not used by this server and counts as absent."""
    if response.status_code not in RETRY_AFTER_STATUSES:
        return None
    text = response.headers.get("Retry-After", "").strip()
    return float(text) if text.isdigit() else None


def _jittered(seconds: float) -> float:
    """`seconds` plus up to half again at random: clients told the same wait spread out."""
    return seconds + random.uniform(0, seconds / 2)


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError as exc:
        raise ServerRefused(code="sync.client.unreadable_answer", path=response.url.path) from exc
    if not isinstance(body, dict):
        raise ServerRefused(code="sync.client.unreadable_answer", path=response.url.path)
    return body


def _body(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def _message(response: httpx.Response) -> str:
    """The server's sentence (an envelope's message), for logs and the CLI's English."""
    body = _body(response)
    envelope = envelope_of(body)
    if envelope is not None:
        return str(envelope.get("message") or envelope.get("code"))
    if isinstance(body, dict) and body.get("error"):  # a server before the envelope
        return str(body["error"])
    if isinstance(body, dict) and body.get("detail"):
        return str(body["detail"])
    return response.reason_phrase or f"HTTP {response.status_code}"


_KINDS: dict[int, type[SyncError]] = {401: AuthRequired, 403: NotAllowed, 404: NotFoundOnServer,
                                      409: ClashOnServer}


def _client_error(response: httpx.Response, auth_message: str | None) -> SyncError:
    """The refusal as an error of its kind; from the server's code when it sent one (so the
    screen words it in its language), else from its sentence."""
    status = response.status_code
    kind = _KINDS.get(status, ServerRefused)
    envelope = envelope_of(_body(response))
    if envelope is not None and NAMESPACE + str(envelope.get("code")) in catalogue():
        params = envelope.get("params")
        error = kind(code=NAMESPACE + str(envelope["code"]),
                     **display_params(params if isinstance(params, dict) else {}))
        error.envelope = dict(envelope)
        return error
    message = _message(response)
    if status == 401:
        return AuthRequired(
            auth_message or f"please log in again (python main.py login URL USER): {message}"
        )
    if status == 403:
        return NotAllowed(f"not allowed: {message}")
    if status == 429:
        return ServerRefused(f"too many attempts, wait a while and try again: {message}")
    return kind(f"the sync server refused the request ({status}): {message}")
