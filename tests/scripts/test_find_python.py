"""scripts/find-python.sh: finds Python 3.11, then 3.10, or says how to get one on each
distribution.

PATH holds only a temporary folder with a fake `python3` (a real interpreter that reports
the version the test chooses), and HOME and PYENV_ROOT point at an empty folder, so the
script sees no other Python, no pyenv and no coreutils.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "find-python.sh"
BASH = "/bin/bash"

FAKE_PYTHON = """#!{python}
import sys
sys.version_info = ({major}, {minor}, 4, "final", 0)
if sys.argv[1:2] == ["-c"]:
    code = sys.argv[2]
    sys.argv = ["-c", *sys.argv[3:]]
    exec(compile(code, "<string>", "exec"), {{"__name__": "__main__"}})
"""


def run_with_fake_python3(
    tmp_path: Path, major: int, minor: int, *versions: str
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    bin_dir = tmp_path / "bin"
    home = tmp_path / "home"
    bin_dir.mkdir()
    home.mkdir()
    fake = bin_dir / "python3"
    fake.write_text(FAKE_PYTHON.format(python=sys.executable, major=major, minor=minor))
    fake.chmod(0o755)
    env = {"PATH": str(bin_dir), "HOME": str(home), "PYENV_ROOT": str(home / ".pyenv")}
    result = subprocess.run(
        [BASH, str(SCRIPT), *versions],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return fake, result


def test_no_python_311_or_310_fails_with_advice_for_each_distribution(
    tmp_path: Path,
) -> None:
    fake, result = run_with_fake_python3(tmp_path, 3, 12)

    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    advice = result.stderr
    assert "no Python 3.11 or 3.10 interpreter" in advice
    assert (
        f"{fake}: Python 3.12" in advice
    )  # says what it found and why it does not fit
    assert "command not found" not in advice  # builtins only: no ls, sort or cat needed
    for distribution, command in [
        ("Debian 12", "apt-get install python3-venv"),  # its python3 is 3.11
        ("Ubuntu 22.04", "apt-get install python3.10-venv"),  # its python3 is 3.10
        ("Ubuntu 24.04", "ppa:deadsnakes/ppa"),
    ]:
        assert distribution in advice
        assert command in advice
    assert "apt-get install python3.11 python3.11-venv" in advice  # Ubuntu 24.04
    assert "pyenv install 3.11" in advice
    assert "uv python install 3.11" in advice
    assert "make PYTHON=" in advice


def test_only_310_asked_for_gives_advice_for_310(tmp_path: Path) -> None:
    """`find-python.sh 3.10` (make test-py3.10): Debian 12's 3.11 does not fit."""
    fake, result = run_with_fake_python3(tmp_path, 3, 11, "3.10")

    assert result.returncode == 1, result.stderr
    advice = result.stderr
    assert "no Python 3.10 interpreter" in advice
    assert f"{fake}: Python 3.11" in advice
    assert "Debian has no python3.10 package" in advice
    assert "pyenv install 3.10" in advice
    assert "apt-get install python3.10 python3.10-venv" in advice  # Ubuntu 24.04


@pytest.mark.parametrize("minor", [11, 10])
def test_python_311_or_310_on_path_is_printed(tmp_path: Path, minor: int) -> None:
    fake, result = run_with_fake_python3(tmp_path, 3, minor)

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{fake}\n"
    assert result.stderr == ""


def test_pyenv_version_is_found_when_path_has_none(tmp_path: Path) -> None:
    """The newest X.Y.z under PYENV_ROOT, by patch number (.13 after .9), for the
    version of the interpreter running the tests (3.11 or 3.10)."""
    minor = "{}.{}".format(*sys.version_info[:2])
    bin_dir = tmp_path / "bin"
    root = tmp_path / "pyenv"
    bin_dir.mkdir()
    for version in (f"{minor}.9", f"{minor}.13", f"{minor}.2"):
        version_bin = root / "versions" / version / "bin"
        version_bin.mkdir(parents=True)
        (version_bin / "python").symlink_to(sys.executable)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path), "PYENV_ROOT": str(root)}
    result = subprocess.run(
        [BASH, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{root}/versions/{minor}.13/bin/python\n"
    assert os.path.realpath(result.stdout.strip()) == os.path.realpath(sys.executable)
