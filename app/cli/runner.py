"""Builds the argument parser from the verb table and maps failures to DESIGN.md's exit codes:
0 done, 1 the work failed, 2 bad input or usage — with one clear line on stderr (app/cli/faults.py
names the failures that are not our own errors: a full disk, a read-only folder, a store fault)."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType

from app import __version__
from app.cli.faults import describe, printable
from app.errors import BadInput, WorkFailed
from app.errors import describe as error_text
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
    parser.add_argument("--lang", choices=LANGUAGES, default=default,
                        help="language of error messages (zh_CN, the default, or en)")
    parser.add_argument(
        "--passphrase-stdin", action="store_true", default=False if top else argparse.SUPPRESS,
        help="read the data's passphrase from the first line of stdin (only where the OS has "
             "no usable keyring)",
    )


LANGUAGES = ("zh_CN", "en")
PREFIXES = {"zh_CN": ("错误：", "失败："), "en": ("Error: ", "Failed: ")}


def requested_verb(argv: Sequence[str], verbs: Mapping[str, str]) -> str | None:
    """The verb a command line names, found without importing any verb module; None when help
    for the whole program is asked for (it lists every verb's HELP) or no verb is named."""
    skip_value = False
    for arg in argv:
        if skip_value:
            skip_value = False
        elif arg in ("-h", "--help"):
            return None
        elif arg.startswith("--d") and "--data-dir".startswith(arg):  # argparse abbreviations
            skip_value = True
        elif arg in verbs:
            return arg
    return None


def build_parser(
    verbs: Mapping[str, str], only: str | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    """The parser of every verb; with `only`, just that verb's module is imported (start-up cost:
    a verb module may pull in heavy libraries), the others get a bare sub-parser."""
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
        if only is not None and verb != only:
            sub.add_parser(verb, add_help=False).add_argument("rest", nargs=argparse.REMAINDER)
            continue
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


def _parse(argv: list[str], verbs: Mapping[str, str]) -> tuple[argparse.Namespace, dict[str, ModuleType]]:
    only = requested_verb(argv, verbs)
    parser, loaded = build_parser(verbs, only)
    args = parser.parse_args(argv)
    if only is not None and args.verb != only:  # the quick scan guessed wrong: load every verb
        parser, loaded = build_parser(verbs)
        args = parser.parse_args(argv)
    return args, loaded


def dispatch(argv: Sequence[str], verbs: Mapping[str, str], gui: GuiLauncher) -> int:
    """Run one command line; returns the exit code."""
    try:
        args, loaded = _parse(list(argv), verbs)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    lang = args.lang or "zh_CN"
    bad, failed = PREFIXES[lang]
    try:
        from app.cli import passphrase

        passphrase.install(args.passphrase_stdin)  # the GUI without a keyring too (scripts)
        if args.verb is None:
            return gui(args)
        module = loaded.get(args.verb)
        if module is None:
            sys.stderr.write(f"main.py {args.verb}: not available yet\n")
            return EXIT_BAD_INPUT
        return int(module.run(args))
    except BadInput as exc:
        sys.stderr.write(f"{bad}{printable(error_text(exc, lang))}\n")
        return EXIT_BAD_INPUT
    except WorkFailed as exc:
        if _typed_wrong(exc):  # a passphrase not given or mistyped: bad input
            sys.stderr.write(f"{bad}{printable(error_text(exc, lang))}\n")
            return EXIT_BAD_INPUT
        sys.stderr.write(f"{failed}{printable(error_text(exc, lang))}\n")
        return EXIT_FAILED
    except KeyboardInterrupt:
        sys.stderr.write("已中断；未完成的步骤没有保存任何内容\n")
        return EXIT_FAILED
    except Exception as exc:  # a full disk, a read-only folder, a store error: still one line
        if _typed_wrong(exc):  # a passphrase not given or mistyped: bad input
            sys.stderr.write(f"{bad}{printable(error_text(exc, lang))}\n")
            return EXIT_BAD_INPUT
        message = describe(exc)
        if message is None:
            raise
        sys.stderr.write(f"失败：{printable(message)}\n")
        return EXIT_FAILED


def _typed_wrong(error: BaseException) -> bool:
    """A store key refusal of what the person typed, raised as is or as the app's coded
    `store.<code>` failure (db.keys is loaded once a store was opened)."""
    keys = sys.modules.get("db.keys")
    code = str(getattr(error, "code", None) or "").removeprefix("store.")
    return keys is not None and isinstance(error, (keys.StoreKeyError, WorkFailed)) and (
        code in keys.PASSPHRASE_REFUSALS)
