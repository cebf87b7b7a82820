"""Test entry point: open meeting mode on a real store (offscreen), type into the decision
field one character at a time (as an input method commits them), and say how far it got — so a
test can SIGKILL it mid-entry and check that what was typed survived.

After PAUSE_AFTER characters the typist pauses for PAUSE_MS (listening to the speaker), longer
than meeting mode's autosave debounce, then types on; the test kills the process during that
pause, with the field still focused and the window open.

    python -m tests.agenda.meeting_mode_entry DATA_DIR MEETING_ID TEXT
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PAUSE_AFTER = 9
PAUSE_MS = 5000


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.session import open_local_store
    from tests.agenda.typing import ime_type
    from ui.agenda.meeting_mode import MeetingMode

    data_dir, meeting_id, text = Path(argv[0]), argv[1], argv[2]
    app = QApplication(sys.argv[:1])
    store = open_local_store(data_dir)
    mode = MeetingMode(store, meeting_id)
    mode.showFullScreen()
    mode.decision.setFocus()
    typed = 0

    def type_next() -> None:
        nonlocal typed
        if typed < len(text):
            ime_type(mode.decision, text[typed])
            typed += 1
            print(f"typed {typed}", flush=True)
            QTimer.singleShot(PAUSE_MS if typed == PAUSE_AFTER else 20, type_next)
        else:
            print("waiting", flush=True)  # mid-entry: the field still has focus, nothing closed

    QTimer.singleShot(0, type_next)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
