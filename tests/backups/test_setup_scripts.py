"""scripts/system_packages.sh (what run.sh/test.sh/build.sh run first): missing Debian packages are
named with the exact command to install them when the script may not install them itself."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system_packages.sh"

# A dpkg-query that knows only some packages as installed (this machine has them all).
FAKE_DPKG_QUERY = """#!/bin/sh
for last; do :; done
case "$last" in
  fonts-noto-cjk|libxcb-cursor0) exit 1 ;;
  *) printf 'install ok installed' ;;
esac
"""


def run_as_user(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    import tempfile

    # Outside pytest's own temp folder (0700, root's): the other user must reach the fake tool.
    fake = Path(tempfile.mkdtemp(prefix="compound-desk-fake-bin-"))
    fake.chmod(0o755)
    (fake / "dpkg-query").write_text(FAKE_DPKG_QUERY, encoding="utf-8")
    (fake / "dpkg-query").chmod(0o755)
    env = {"PATH": f"{fake}:/usr/bin:/bin", "HOME": str(fake)}
    command = ["bash", str(SCRIPT), *args]
    if os.geteuid() == 0:  # as root it would install: run it as an ordinary user instead
        runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")
        if runuser is None:
            pytest.skip("runuser is needed to run the script as an ordinary user")
        command = [runuser, "-u", "nobody", "--", "env", f"PATH={env['PATH']}", *command]
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env, check=False,
                              timeout=120)
    finally:
        shutil.rmtree(fake, ignore_errors=True)


@pytest.mark.skipif(shutil.which("apt-get") is None, reason="a Debian/Ubuntu machine")
def test_missing_packages_stop_with_the_exact_command(tmp_path: Path) -> None:
    result = run_as_user(tmp_path, "app")
    assert result.returncode == 2, result.stderr
    assert "sudo apt-get install -y libxcb-cursor0 fonts-noto-cjk" in result.stderr


@pytest.mark.skipif(shutil.which("apt-get") is None, reason="a Debian/Ubuntu machine")
def test_nothing_missing_is_silent(tmp_path: Path) -> None:
    result = subprocess.run(["bash", str(SCRIPT), "test"], capture_output=True, text=True,
                            check=False, timeout=120,
                            env={**os.environ, "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"})
    if result.returncode == 0:
        assert result.stderr == ""
    else:  # a machine without the test packages: the command it prints is exact
        assert "apt-get install" in result.stderr


def test_an_unknown_kind_is_a_usage_error() -> None:
    result = subprocess.run(["bash", str(SCRIPT), "everything"], capture_output=True, text=True,
                            check=False, timeout=60)
    assert result.returncode == 2 and "usage" in result.stderr
