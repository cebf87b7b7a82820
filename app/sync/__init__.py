"""The sync client: talks the wire protocol of docs/sync-protocol.md to the district server.

`auth` keeps the device token in the OS keyring, `client` is the HTTP layer (timeouts, retries),
`apply` writes pulled rows and push results into the local store, `engine.sync()` runs one
push-then-pull round, `conflicts` lists and resolves what both sides changed, `status` sums up
the local sync state for the status bar.
"""
