"""`tally`: count an owners' assembly vote from two CSV files (DESIGN.md's contract).

Does not touch the local store: a caseworker can check an e-vote export against a register
before importing either.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "count an owners' assembly vote (Civil Code Art. 278) from units and ballots CSV files"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--units", type=Path, required=True,
                        help="owners' register CSV: unit_id,owner_id,area_m2,developer_unsold")
    parser.add_argument("--ballots", type=Path, required=True,
                        help="ballots CSV: owner_id,vote[,channel]")
    parser.add_argument("--matter", choices=("election", "ordinary", "major"), default="election",
                        help="election (names separated by ';'), ordinary or major (yes/no/abstain)")
    parser.add_argument("--seats", type=int, default=None,
                        help="seats to fill (election): elected lists at most this many")
    parser.add_argument("--candidates", default=None,
                        help="official candidate names separated by ';' (other names are refused)")
    parser.add_argument("--rules", type=Path, default=None,
                        help="rules file (default: resources/rules/shenzhen.toml)")


def run(args: argparse.Namespace) -> int:
    from app.elections.csv_input import read_ballots, read_units
    from app.elections.tally import count, split_names
    from app.errors import BadInput
    from app.rules import load_rules, load_rules_file

    rules = load_rules_file(args.rules) if args.rules else load_rules()
    if args.seats is not None and args.matter != "election":
        raise BadInput(code="tally.seats_only_election")
    if args.seats is not None and not rules.committee.size_ok(args.seats):
        raise BadInput(code="tally.seats_range", seats=args.seats,
            min_size=rules.committee.min_size, max_size=rules.committee.max_size,
            source=rules.committee.origin.source)
    candidates = split_names(args.candidates) if args.candidates else None
    units = read_units(args.units)
    ballots = read_ballots(args.ballots)
    result = count(
        units.rows, ballots.rows, rules, args.matter, args.seats, candidates,  # type: ignore[arg-type]
        unit_locate=units.locate, ballot_locate=ballots.locate,
    )
    if args.json:
        json.dump(result.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    out = sys.stdout.write
    out(f"业主总数 total owners: {result.total_owners}\n")
    out(f"专有部分总面积 total area: {result.total_area} m²\n")
    out(f"参与表决 participating: {result.participating_owners} owners, "
        f"{result.participating_area} m²\n")
    out(f"法定参与比例 quorum ({result.quorum.describe_zh()}): "
        f"{'已达到 met' if result.quorum_met else '未达到 not met'}\n")
    if not result.quorum_met:
        out(f"still missing for quorum: {result.missing_owners} owners, {result.missing_area} m²\n")
    if result.superseded:
        out(f"被电子投票取代的纸质票 paper ballots superseded by e-votes: {result.superseded}\n")
    if args.matter == "election":
        for c in result.candidates:
            mark = "通过 passed" if c.passed else "未通过"
            out(f"  {c.name}: {c.yes_owners} owners, {c.yes_area} m² — {mark}\n")
        out(f"当选 elected: {'、'.join(result.elected) or '（无）'}\n")
        if result.tied:
            out(f"末位同票，需另行决定 tied for the last seat: {'、'.join(result.tied)}\n")
    else:
        out(f"同意 yes: {result.yes_owners} owners, {result.yes_area} m²; "
            f"反对 no: {result.no_owners}; 弃权 abstain: {result.abstain_owners}\n")
        out(f"表决结果 result ({result.threshold.describe_zh()}): "
            f"{'通过 passed' if result.passed else '未通过 not passed'}\n")
    out(f"依据 rule: {result.threshold.origin.source}\n")
    return 0
