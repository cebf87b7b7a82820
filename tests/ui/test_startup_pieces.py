"""The pieces that keep start-up and search fast still give the right answers: pinyin keys
without pypinyin's phrase data (polyphonic characters match any reading), their cache, the cheap
schema-head check, and the guard against PySide6 6.12's lost references to None."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from alembic.script import ScriptDirectory

from app import search
from app.search import matches, pinyin_forms, search_key
from db import migrate


def test_polyphonic_characters_match_every_reading() -> None:
    key = search_key("重庆花园")
    for query in ("zhongqing", "chongqing", "cqhy", "zqhy", "huayuan"):
        assert matches(key, query), query
    assert pinyin_forms("第五园") == ("diwuyuan", "dwy")
    assert pinyin_forms("绿景 A区1期") == ("lvjingaqu1qi", "ljaq1q")
    assert matches(search_key("绿景"), "lujing")  # ü typed as u finds it too


def test_mixed_text_keeps_letters_and_digits() -> None:
    key = search_key("第五园", "坂雪岗大道773号")
    for query in ("773", "dadao773", "bxgdd7h"):
        assert matches(key, query), query
    assert not matches(key, "dww坂")  # never across two parts of the key


def test_cache_round_trip_gives_the_same_keys(tmp_path: Path) -> None:
    path = tmp_path / "search-cache.json"
    expected = search_key("长安花园", "深南大道")
    search.save_cache(path)
    cached = json.loads(path.read_text(encoding="utf-8"))
    assert cached["version"] == search.CACHE_VERSION
    assert "长" in cached["readings"] and "长安花园" in cached["keys"]
    # a fresh interpreter reads the keys from the cache and agrees, without pypinyin loaded
    code = ("import sys; from pathlib import Path; from app import search; "
            f"search.load_cache(Path({str(path)!r})); "
            "key = search.search_key('长安花园', '深南大道'); "
            "print(key == " + repr(expected) + ", search._dictionary is None, "
            "'pypinyin' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.split() == ["True", "True", "False"]


def test_damaged_cache_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "search-cache.json"
    path.write_text("{not json", encoding="utf-8")
    search.load_cache(path)
    assert matches(search_key("第五园"), "dwy")


def test_scanned_head_is_alembics_head(store) -> None:  # type: ignore[no-untyped-def]
    heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert [migrate.scanned_head()] == heads
    assert migrate.current_revision(store.engine) == migrate.head_revision() == heads[0]


def test_scanned_head_defers_to_alembic_when_ambiguous(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text('revision = "a"\ndown_revision = None\n', encoding="utf-8")
    (versions / "b.py").write_text('revision = "b"\ndown_revision = None\n', encoding="utf-8")
    assert migrate.scanned_head(tmp_path) is None  # two heads: Alembic has to say


def test_none_survives_many_void_qt_calls() -> None:
    code = ("from ui.application import make_application; app = make_application(); "
            "from PySide6.QtWidgets import QLabel; label = QLabel()\n"
            "for i in range(300_000): label.setText('x')\n"
            "print('alive')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2],
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "alive"


def test_quitting_waits_for_writing_work_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    import threading

    from ui.operations import finish_for_exit, run_in_background

    release = threading.Event()
    wrote: list[str] = []

    def reading(_progress: object) -> None:
        release.wait(30)

    def writing(_progress: object) -> None:
        threading.Event().wait(0.3)
        wrote.append("committed")

    reader = run_in_background(reading, show_progress=False, read_only=True,
                               on_failure=lambda exc: None)
    writer = run_in_background(writing, show_progress=False, on_failure=lambda exc: None)
    assert not finish_for_exit(timeout=10, reads_timeout=0.2)  # the reader is still running
    assert wrote == ["committed"]  # the writer was waited for
    assert not reader.wait(0)  # the reader only briefly (it would have blocked 30 s)
    assert reader.progress.cancelled and writer.progress.cancelled
    release.set()
    assert reader.wait(10)
    qtbot.waitUntil(lambda: reader.done and writer.done)


def test_start_up_loads_no_heavy_library(demo_dir: Path) -> None:
    """Printing, spreadsheets, HTTP, signing, charts and the rules files' validation are imported
    when first used, never by starting the app and showing the list (each costs tens of
    milliseconds of every start)."""
    heavy = ("reportlab", "openpyxl", "httpx", "cryptography", "PySide6.QtCharts",
             "sqlalchemy.dialects.postgresql", "pydantic")
    code = ("import sys\nfrom pathlib import Path\nfrom ui.application import run\n"
            f"code = run(Path({str(demo_dir)!r}), exit_when_ready=True)\n"
            f"print(sorted(name for name in {heavy!r} if name in sys.modules), code)")
    # The first start on these settings validates the rules files (app.rules_stamp); the
    # starts after it, the usual ones, must not read them.
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, cwd=Path(__file__).resolve().parents[2], timeout=120)
    lines = done.stdout.split("\n")
    assert lines[0].strip().isdigit()  # the milliseconds to the list shown
    assert lines[1] == "[] 0", done.stdout + done.stderr


PREFETCH_SCRIPT = """
import sys, time
from pathlib import Path
import ui.main_window
from ui.application import make_application
from app.session import open_local_store
from ui.context import UiContext, make_settings
ui.main_window.PREFETCH_DELAY_MS = 0
app = make_application()
store = open_local_store(Path(sys.argv[1]))
window = ui.main_window.MainWindow(UiContext(store=store, data_dir=Path(sys.argv[1]),
                                             settings=make_settings()))
window.show()
before = None
deadline = time.monotonic() + 60
while time.monotonic() < deadline and "ui.agenda.meetings_widget" not in sys.modules:
    if before is None and window.page("compounds").is_loaded:
        before = sorted(m for m in ("ui.agenda.agenda_widget", "ui.pages.ratings_page")
                        if m in sys.modules)
    app.processEvents()
    time.sleep(0.005)
time.sleep(0.5)  # the worker finishes its list
from app.printing import fonts
deadline = time.monotonic() + 60
while time.monotonic() < deadline and fonts._choices is None:
    app.processEvents()
    time.sleep(0.01)
print(before, "ui.agenda.agenda_widget" in sys.modules, "ui.pages.sync_page" in sys.modules,
      fonts._choices is not None)
"""


def test_other_pages_code_is_imported_ahead_after_start_up(demo_dir: Path) -> None:
    """The first visit of 议事 or 评价 does not import their code on the UI thread, nor does the
    first print register the fonts; the sync page (HTTP, keyring) is left to load when opened."""
    done = subprocess.run([sys.executable, "-c", PREFETCH_SCRIPT, str(demo_dir)],
                          capture_output=True, text=True, check=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.split("\n")[0] == "[] True False True", done.stdout + done.stderr


PYDANTIC_THREAD_SCRIPT = """
import sys, threading, time
from pathlib import Path

first = []


class Watch:
    '''Notes the thread that first imports pydantic (a finder sees only new imports).'''

    def find_spec(self, name, path=None, target=None):
        if name == "pydantic" and not first:
            first.append(threading.current_thread() is threading.main_thread())
        return None


sys.meta_path.insert(0, Watch())
import ui.main_window
from ui.application import make_application
from app.session import open_local_store
from ui.context import UiContext, make_settings
ui.main_window.PREFETCH_DELAY_MS = 0
app = make_application()
store = open_local_store(Path(sys.argv[1]))
window = ui.main_window.MainWindow(UiContext(store=store, data_dir=Path(sys.argv[1]),
                                             settings=make_settings()))
window.show()
deadline = time.monotonic() + 60
while time.monotonic() < deadline and not (
        "ui.pages.dashboard_page" in sys.modules and window.counts_label.text()):
    app.processEvents()
    time.sleep(0.005)
print(first, bool(window.counts_label.text()), "ui.pages.dashboard_page" in sys.modules)
"""


def test_no_worker_thread_imports_pydantic_first(demo_dir: Path) -> None:
    """The status bar's counts and the printing warm-up run on workers, the pages' code is read
    ahead on the UI thread; pydantic (which the rules and rating forms use) is imported on the UI
    thread before them: a worker importing it first sometimes failed ("partially initialized
    module 'pydantic._internal._validators'")."""
    done = subprocess.run([sys.executable, "-c", PYDANTIC_THREAD_SCRIPT, str(demo_dir)],
                          capture_output=True, text=True, check=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.split("\n")[0] == "[True] True True", done.stdout + done.stderr


def test_quitting_waits_briefly_for_a_read_that_stops_when_cancelled(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A read cancelled at quit ends at its next check: it is waited for, so no worker is left
    running inside SQLCipher while the process exits."""
    from ui.operations import finish_for_exit, run_in_background

    def reading(progress) -> None:  # type: ignore[no-untyped-def]
        while not progress.cancelled:
            time.sleep(0.01)

    reader = run_in_background(reading, show_progress=False, read_only=True,
                               on_failure=lambda exc: None)
    assert finish_for_exit(timeout=10, reads_timeout=10)
    assert not reader.worker.is_alive()
    qtbot.waitUntil(lambda: reader.done)


LINGERING = """
import sys, threading, time
from PySide6.QtCore import QSettings
from sqlcipher3 import dbapi2
from ui.leaving import leave_now, lingering_workers

path, settings_file = sys.argv[1], sys.argv[2]
started = threading.Event()

def keep_opening() -> None:  # a reader opening connections: SQLCipher derives each key
    while True:
        connection = dbapi2.connect(path, check_same_thread=False)
        connection.execute("PRAGMA key = 'lingering'")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.close()
        started.set()

for _ in range(3):
    threading.Thread(target=keep_opening, daemon=True).start()
started.wait(30)
settings = QSettings(settings_file, QSettings.Format.IniFormat)
settings.setValue("window/kept", "yes")
print("ready", flush=False)
assert len(lingering_workers()) == 3
leave_now(3, settings)
"""


def test_leaving_with_readers_running_keeps_settings_and_output(tmp_path: Path) -> None:
    """The process leaves with the code asked for, the settings and the printed line saved,
    and no key derivation broken under a running reader."""
    from sqlcipher3 import dbapi2

    database = tmp_path / "reader.sqlite3"
    connection = dbapi2.connect(str(database))
    connection.execute("PRAGMA key = 'lingering'")
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    settings_file = tmp_path / "settings.ini"
    for _ in range(5):
        result = subprocess.run([sys.executable, "-c", LINGERING, str(database), str(settings_file)],
                                capture_output=True, text=True, timeout=120,
                                cwd=Path(__file__).resolve().parents[2])
        assert result.returncode == 3, result.stderr[-800:]
        assert result.stdout.strip() == "ready"
        assert "ERROR" not in result.stderr, result.stderr[-800:]
        assert "kept=yes" in settings_file.read_text(encoding="utf-8")
        settings_file.unlink()
