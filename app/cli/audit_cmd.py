"""`audit`: every election, committee and agenda item against the rules; exit 1 lists each
violation (compound, record, rule broken, its source), exit 0 when all hold."""

from __future__ import annotations

import argparse
import json

HELP = "every election, committee and agenda item against the rules (exit 1 lists violations)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    return None


def run(args: argparse.Namespace) -> int:
    from app.agenda_rules import local_today
    from app.audit import run_audit
    from app.audit.messages import line_zh
    from app.errors import BadInput
    from app.rules import load_rules
    from app.session import open_local_store
    from db.store import STORE_FILENAME

    if not (args.data_dir / STORE_FILENAME).is_file():
        raise BadInput(code="cli.no_store", data_dir=args.data_dir)
    rules = load_rules()
    store = open_local_store(args.data_dir)
    try:
        with store.session() as session:
            report = run_audit(session, rules, local_today())
    finally:
        store.close()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, sort_keys=True))
        return 0 if report.ok else 1
    for finding in report.violations:
        print(f"违规：{line_zh(finding)}")
    for finding in report.info:
        print(f"说明：{line_zh(finding)}")
    checked = report.checked
    scope = (f"核查了 {checked['elections']} 场选举、{checked['committees']} 个现任业委会、"
             f"{checked['agenda_items']} 项议事事项")
    if report.ok:
        print(f"全部符合规则：{scope}" + (f"；另有 {len(report.info)} 条说明（不计为违规）"
                                         if report.info else ""))
    else:
        print(f"发现 {len(report.violations)} 处违规：{scope}"
              + (f"；另有 {len(report.info)} 条说明（不计为违规）" if report.info else ""))
    return 0 if report.ok else 1
