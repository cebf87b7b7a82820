"""Backups and restore: the file format, the CLI, rotation, the 备份与恢复 dialog, the server extra."""
