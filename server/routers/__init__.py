"""The sync server's routes, one APIRouter per part of the protocol (docs/sync-protocol.md):
meta and health, auth (login/logout), sync (pull/push), keys, profiles. server.app mounts them;
each route gets the database and the caller as dependencies (server.routers.deps)."""
