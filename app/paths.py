"""Where the local store lives: the platform's user data dir unless `--data-dir` says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "CompoundDesk"
DATA_DIR_ENV = "COMPOUND_DESK_DATA_DIR"


def default_data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))
