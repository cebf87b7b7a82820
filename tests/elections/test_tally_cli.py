"""`python main.py tally` as a caseworker runs it: real CSV files, a real subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import run_main

UNITS = """unit_id,owner_id,area_m2,developer_unsold
1-101,王伟,89.50,0
1-102,王伟,45.25,0
1-201,李娜,120.00,0
1-202,张敏,100.00,0
2-101,开发商,300.00,1
2-102,开发商,150.00,1
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_election_json(tmp_path: Path) -> None:
    units = write(tmp_path, "units.csv", UNITS)
    ballots = write(tmp_path, "ballots.csv",
                    "owner_id,vote,channel\n王伟,甲;乙,paper\n李娜,甲,electronic\n"
                    "开发商,乙;丙,electronic\n王伟,甲,electronic\n")
    done = run_main("tally", "--units", str(units), "--ballots", str(ballots),
                    "--matter", "election", "--seats", "5", "--json", data_dir=tmp_path / "d")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["total_owners"] == 4 and out["total_area"] == "804.75"
    assert out["participating_owners"] == 3 and out["participating_area"] == "704.75"
    assert out["quorum_met"] is True and out["superseded_ballots"] == 1
    by_name = {c["name"]: c for c in out["candidates"]}
    assert by_name["甲"] == {"name": "甲", "yes_owners": 2, "yes_area": "254.75", "passed": False}
    assert by_name["乙"]["yes_owners"] == 1
    assert out["elected"] == []


def test_ordinary_text_shows_missing_for_quorum(tmp_path: Path) -> None:
    units = write(tmp_path, "units.csv", UNITS)
    ballots = write(tmp_path, "ballots.csv", "owner_id,vote\n李娜,yes\n")
    done = run_main("tally", "--units", str(units), "--ballots", str(ballots),
                    "--matter", "ordinary", data_dir=tmp_path / "d")
    assert done.returncode == 0, done.stderr
    # need ceil(2/3·4)=3 owners and 2/3·804.75 = 536.50 m²; 李娜 brings 1 owner and 120 m²
    assert "still missing for quorum: 2 owners, 416.50 m²" in done.stdout
    assert "未通过" in done.stdout


@pytest.mark.parametrize(
    ("units_text", "ballots_text", "message"),
    [
        (UNITS, "owner_id,vote\n李娜,yes\n赵六,no\n", "ballots.csv 第 3 行，owner_id 列：业主“赵六”不在业主名册中"),
        (UNITS, "owner_id,vote\n李娜,yes\n李娜,no\n", "ballots.csv 第 3 行，owner_id 列：业主“李娜”的第二张选票"),
        (UNITS.replace("120.00", "12O.00"), "owner_id,vote\n", "units.csv 第 4 行，area_m2 列：'12O.00' 不是数字"),
        (UNITS.replace(",0\n1-202", ",2\n1-202"), "owner_id,vote\n", "units.csv 第 4 行，developer_unsold 列"),
        (UNITS, "owner,vote\n李娜,yes\n", "ballots.csv 第 1 行：缺少列 owner_id"),
        (UNITS, "owner_id,vote\n李娜,perhaps\n", "ballots.csv 第 2 行，vote 列"),
    ],
)
def test_bad_input_exits_2_naming_file_row_column(
    tmp_path: Path, units_text: str, ballots_text: str, message: str
) -> None:
    units = write(tmp_path, "units.csv", units_text)
    ballots = write(tmp_path, "ballots.csv", ballots_text)
    done = run_main("tally", "--units", str(units), "--ballots", str(ballots),
                    "--matter", "ordinary", data_dir=tmp_path / "d")
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stdout == ""


def test_bad_input_in_english_with_lang_en(tmp_path: Path) -> None:
    units = write(tmp_path, "units.csv", UNITS)
    ballots = write(tmp_path, "ballots.csv", "owner_id,vote\n李娜,yes\n赵六,no\n")
    done = run_main("tally", "--lang", "en", "--units", str(units), "--ballots", str(ballots),
                    "--matter", "ordinary", data_dir=tmp_path / "d")
    assert done.returncode == 2
    assert done.stderr == ("Error: ballots.csv row 3, column owner_id: owner “赵六” is not in the "
                           "owners' register\n")


def test_a_gb18030_register_reads_as_utf8_and_even_seats_are_bad_input(tmp_path: Path) -> None:
    """Registers come from WPS in GB18030 (issue 18): read the same as UTF-8; garbage is refused."""
    units = tmp_path / "units.csv"
    ballots = write(tmp_path, "ballots.csv", "owner_id,vote\n")
    units.write_text(UNITS, encoding="utf-8")
    plain = run_main("tally", "--units", str(units), "--ballots", str(ballots), data_dir=tmp_path / "d")
    units.write_bytes(UNITS.encode("gb18030"))
    wps = run_main("tally", "--units", str(units), "--ballots", str(ballots), data_dir=tmp_path / "d")
    assert wps.returncode == plain.returncode == 0 and wps.stdout == plain.stdout
    units.write_bytes(bytes(range(256)) * 4)
    done = run_main("tally", "--units", str(units), "--ballots", str(ballots), data_dir=tmp_path / "d")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    units.write_text(UNITS, encoding="utf-8")
    done = run_main("tally", "--units", str(units), "--ballots", str(ballots), "--seats", "6",
                    data_dir=tmp_path / "d")
    assert done.returncode == 2 and "--seats 6" in done.stderr
