"""`demo [--size small|large]`: fill an empty local store with the demo district."""

from __future__ import annotations

import argparse
import json

HELP = "fill an empty local store with the demo district (演示数据)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--size", choices=("small", "large"), default="small",
                        help="small (~60 compounds) or large (2,000 compounds, 200,000 units)")


def run(args: argparse.Namespace) -> int:
    from app.demo import generate
    from app.session import open_local_store

    store = open_local_store(args.data_dir)
    try:
        counts = generate(store, size=args.size)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"size": args.size, "counts": counts}, ensure_ascii=False, sort_keys=True))
    else:
        print(f"demo district ({args.size}) created in {args.data_dir}:")
        for table, count in counts.items():
            print(f"  {table:<24} {count:>8}")
    return 0
