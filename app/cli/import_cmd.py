"""`import FILE`: a spreadsheet (.xlsx/.xls/.xlsb/.ods/.csv) of compounds, units (owners'
register) or party members, or a whole-store .json export (into an empty store). The CLI speaks
English (DESIGN.md); the problems it prints are the import's own Chinese messages."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HELP = ("import an .xlsx/.xls/.xlsb/.ods/.csv of compounds, units or party members, "
        "or a .json export")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help=".xlsx, .xls, .xlsb, .ods, .csv or .json file")


def run(args: argparse.Namespace) -> int:
    from app.importing import import_file
    from app.session import open_local_store

    store = open_local_store(args.data_dir)
    try:
        outcome = import_file(store, args.file)
    finally:
        store.close()
    if args.json:
        print(json.dumps({
            "kind": outcome.kind, "rows": outcome.rows, "inserted": dict(outcome.inserted),
            "updated": dict(outcome.updated), "unchanged": outcome.unchanged,
            "ignored_columns": outcome.ignored_headers,
            "withheld_columns": outcome.withheld_headers, "sheets_left_out": outcome.sheets_left_out,
        }, ensure_ascii=False, sort_keys=True))
        return 0
    print(f"{args.file.name}: {outcome.kind}, {outcome.rows} rows")
    for table, count in outcome.inserted.items():
        print(f"  inserted {count} {table}")
    for table, count in outcome.updated.items():
        if count:
            print(f"  updated {count} {table}")
    if outcome.unchanged:
        print(f"  {outcome.unchanged} rows already as in the file")
    if outcome.ignored_headers:
        print(f"  ignored columns: {', '.join(outcome.ignored_headers)}")
    if outcome.withheld_headers:
        print(f"  not stored (ID numbers are never kept): {', '.join(outcome.withheld_headers)}")
    if outcome.sheets_left_out:
        print(f"  sheets without a known header, left out: {', '.join(outcome.sheets_left_out)}")
    return 0
