"""Shared test helpers: an in-memory keyring, CLI runners, store builders."""
