"""Local settings the sync keeps beside the data (never a secret: the token lives in the keyring)."""

from __future__ import annotations

SERVER_URL = "sync.server_url"
USER = "sync.user"
ROLE = "sync.role"
STREET_NAME = "sync.street_name"
CURSOR = "sync.cursor"  # the server version up to which this store has pulled
LAST_SYNC_AT = "sync.last_sync_at"  # ISO time of the last complete sync
PAUSED = "sync.paused"  # a reason text while sync is paused (401: log in again), else ""
# "F|R": this store holds the push answers of every version from F on that this device's pushes
# got, as long as the store's restore mark (app.backups.restoring) is still R. Pulls leave such
# rows out (the server's exclude_own_from).
OWN_FROM = "sync.own_from"
