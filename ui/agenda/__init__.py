"""听、议、定 in the UI: the board, the filtered list, item detail with its timeline, stage
dialogs, the meetings list and meeting mode (full-screen, keyboard-first, autosaving)."""
