"""The UI thread gets the interpreter back quickly while worker threads run Python.

Every call from Qt into Python (a model's data(), a slot, an event filter) must take the GIL.
While a worker thread runs Python — the audit re-reading the district, a list being built — the
UI thread waits up to the interpreter's switch interval (5 ms by default) for each such call; a
table repaint makes hundreds of them. On the large district that turned a dashboard refresh into
a second of frozen window. 0.5 ms keeps those waits short; workers lose a little throughput.

The other long wait is the cyclic garbage collector's full walk of the heap, which holds the
interpreter whichever thread set it off: ui/heap.py moves it to when no work is running.
"""

from __future__ import annotations

import sys

SWITCH_INTERVAL_S = 0.0005


def favour_ui_thread() -> None:
    """For the app's process, once its QApplication exists."""
    from ui.heap import collect_between_actions

    sys.setswitchinterval(SWITCH_INTERVAL_S)
    collect_between_actions()
