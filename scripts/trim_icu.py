"""Trim the ICU data library Qt ships (libicudata.so.NN, about 30 MB) to what this app uses, for
the Linux bundle (build.spec calls `trim`; run alone: `python scripts/trim_icu.py LIB OUTDIR`).

Qt uses ICU for collation, case mapping, time-zone names and the non-Unicode text codecs. The app
is Chinese with an English option, so kept are: all of ICU's core data (normalisation, character
properties, break rules and dictionaries, time-zone rules, supplemental data), the root, zh* and
en* locales of every category, and the GB18030 and Windows-1252 converters; dropped are the other
languages' locale data, transliterators and the other code pages (about 22 MB).

Tools: `objcopy` (binutils), `icupkg` and `genccode` (Debian: icu-devtools; their ICU version
may be older than Qt's, the package format is the same), a C compiler (`cc`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

LOCALE_FILE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*\.res$")
KEPT_LOCALE = re.compile(r"^((root|zh|en)(_[A-Za-z0-9]+)*|pool|res_index)\.res$")
KEPT_CONVERTERS = {"gb18030.cnv", "ibm-5348_P100-1997.cnv", "ibm-1252_P100-2000.cnv"}
DROPPED_FOLDERS = {"translit"}
TOOLS = ("objcopy", "icupkg", "genccode", "cc", "nm")


class TrimFailed(Exception):
    """A tool is missing or said no; the message names it."""


def _run(*command: str | Path) -> str:
    try:
        done = subprocess.run([str(c) for c in command], capture_output=True, text=True,
                              check=False)
    except FileNotFoundError:
        raise TrimFailed(f"{command[0]} not found (Debian: apt-get install icu-devtools gcc "
                         "binutils)") from None
    if done.returncode != 0:
        raise TrimFailed(f"{Path(str(command[0])).name} failed: "
                         f"{(done.stderr or done.stdout).strip()[-300:]}")
    return done.stdout + done.stderr


def dropped(items: list[str]) -> list[str]:
    """The package items this app does not need."""
    out = []
    for item in items:
        name = item.rsplit("/", 1)[-1]
        folder = item.split("/", 1)[0] if "/" in item else ""
        if name.endswith(".cnv"):
            if name not in KEPT_CONVERTERS:
                out.append(item)
        elif folder in DROPPED_FOLDERS or (
            LOCALE_FILE.match(name) and not KEPT_LOCALE.match(name)
        ):
            out.append(item)
    return out


def trim(library: Path, work: Path) -> Path:
    """A trimmed copy of `library` (libicudata.so.NN) in `work`; the same soname and symbol."""
    for tool in TOOLS:
        if shutil.which(tool) is None:
            raise TrimFailed(f"{tool} not found (Debian: apt-get install icu-devtools gcc binutils)")
    symbols = _run("nm", "-D", "--defined-only", library)
    found = re.search(r"\b(icudt(\d+))_dat\b", symbols)
    if found is None:
        raise TrimFailed(f"{library.name} has no icudtNN_dat symbol")
    entry, version = found.group(1), found.group(2)
    package = f"{entry}{'l' if sys.byteorder == 'little' else 'b'}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "in").mkdir(parents=True)
    (work / "out").mkdir()
    full = work / "in" / f"{package}.dat"
    _run("objcopy", "-O", "binary", "--only-section=.rodata", library, full)
    items = _run("icupkg", "-l", full).split()
    remove = set(dropped(items))
    for _attempt in range(10):  # keep what kept items depend on (parent locales, aliases)
        (work / "remove.txt").write_text("\n".join(sorted(remove)) + "\n", encoding="utf-8")
        trimmed = work / "out" / f"{package}.dat"
        trimmed.unlink(missing_ok=True)
        done = subprocess.run(["icupkg", "-r", str(work / "remove.txt"), str(full), str(trimmed)],
                              capture_output=True, text=True, check=False)
        if done.returncode == 0 and trimmed.exists():
            break
        needed = set(re.findall(r"depends on missing item (\S+)", done.stderr + done.stdout))
        if not needed:
            raise TrimFailed(f"icupkg failed: {(done.stderr or done.stdout).strip()[-300:]}")
        remove -= needed
    else:
        raise TrimFailed("icupkg: dependencies did not settle")
    _run("genccode", "-a", "gcc", "-e", entry, "-d", work / "out", trimmed)
    assembly = next((work / "out").glob("*.S"))
    output = work / library.name
    _run("cc", "-shared", "-nostdlib", f"-Wl,-soname,libicudata.so.{version}", "-o", output,
         assembly)
    if f"{entry}_dat" not in _run("nm", "-D", "--defined-only", output):
        raise TrimFailed(f"the trimmed {output.name} lacks {entry}_dat")
    return output


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: trim_icu.py LIBICUDATA OUTDIR")
    try:
        made = trim(Path(sys.argv[1]), Path(sys.argv[2]))
    except TrimFailed as exc:
        sys.exit(f"trim_icu: {exc}")
    print(f"{made} ({made.stat().st_size / 1048576:.1f} MB, from "
          f"{Path(sys.argv[1]).stat().st_size / 1048576:.1f} MB)")
