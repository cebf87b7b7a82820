"""Builds the argument parser from the verb table and maps failures to DESIGN.md's exit codes:
0 done, 1 the work failed, 2 bad input or usage — with one clear line on stderr."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType

from app import __version__
from app.errors import BadInput, WorkFailed
from app.paths import default_data_dir

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
GuiLauncher = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def _load(module_name: str) -> ModuleType | None:
    try:
        if importlib.util.find_spec(module_name) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(module_name)


def _common(parser: argparse.ArgumentParser, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", type=Path, default=default, help="local store folder")
    parser.add_argument(
        "--json", action="store_true", default=False if top else argparse.SUPPRESS,
        help="machine-readable output",
    )


def build_parser(verbs: Mapping[str, str]) -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    parser = _Parser(prog="main.py", description="Compound Desk (小区治理工作台)")
    _common(parser, top=True)
    parser.add_argument("--version", action="version", version=f"Compound Desk {__version__}")
    parser.add_argument(
        "--exit-when-ready", action="store_true",
        help="start the GUI, print ms until the compound list shows data, exit",
    )
    sub = parser.add_subparsers(dest="verb", parser_class=_Parser)
    loaded: dict[str, ModuleType] = {}
    for verb, module_name in verbs.items():
        module = _load(module_name)
        help_text = getattr(module, "HELP", "not available yet")
        verb_parser = sub.add_parser(verb, help=help_text, description=help_text)
        _common(verb_parser, top=False)
        if module is None:
            verb_parser.add_argument("rest", nargs=argparse.REMAINDER)
            continue
        module.add_arguments(verb_parser)
        loaded[verb] = module
    return parser, loaded


def dispatch(argv: Sequence[str], verbs: Mapping[str, str], gui: GuiLauncher) -> int:
    """Run one command line; returns the exit code."""
    parser, loaded = build_parser(verbs)
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    try:
        if args.verb is None:
            return gui(args)
        module = loaded.get(args.verb)
        if module is None:
            sys.stderr.write(f"main.py {args.verb}: not available yet\n")
            return EXIT_BAD_INPUT
        return int(module.run(args))
    except BadInput as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT
    except WorkFailed as exc:
        sys.stderr.write(f"failed: {exc}\n")
        return EXIT_FAILED
    except KeyboardInterrupt:
        sys.stderr.write("interrupted; nothing from the unfinished step was saved\n")
        return EXIT_FAILED
