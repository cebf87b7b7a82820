"""`server-user profile`: an administrator sets the profile printed for an account."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from server.database import make_engine, read_transaction
from server.schema import User
from tests.helpers.cli import run_main


def test_an_administrator_sets_a_profile_and_a_bad_one_changes_nothing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    added = run_main("server-user", "add", "sup1", "--role", "supervisor", "--db", db,
                     data_dir=tmp_path, input_text="secret pass 9\n")
    assert added.returncode == 0, added.stderr
    ok = run_main("server-user", "profile", "sup1", "--display-name", "欧阳晓", "--title",
                  "物业管理科科长", "--office", "龙岗区住房和建设局", "--db", db, data_dir=tmp_path)
    assert ok.returncode == 0, ok.stderr
    bad = run_main("server-user", "profile", "sup1", "--display-name", "欧阳晓\x1b[2J", "--db", db,
                   data_dir=tmp_path)
    assert bad.returncode == 2 and "姓名：含有不可见的控制字符" in bad.stderr
    missing = run_main("server-user", "profile", "sup1", "--db", db, data_dir=tmp_path)
    assert missing.returncode == 2 and "--display-name" in missing.stderr
    engine = make_engine(db)
    try:
        with read_transaction(engine) as connection:
            row = connection.execute(select(User.display_name, User.title, User.office,
                                            User.profile_version).where(User.name == "sup1")).one()
    finally:
        engine.dispose()
    assert tuple(row) == ("欧阳晓", "物业管理科科长", "龙岗区住房和建设局", 1)
