"""Backups of the local store, as Anki keeps them: one encrypted file per backup in the data
dir's `backups/` (the store's consistent snapshot and the evidence attachments), made on closing
the app and at most daily while it runs, rotated (daily, weekly, monthly), and restored whole.

container.py — the file format (header, AES-GCM chunks, checksum); payload.py — the files inside;
rotation.py — which automatic backups to keep; making.py — making and listing; restoring.py —
checking and restoring (docs/backups.md).
"""
