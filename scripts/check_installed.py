"""Check the installed venv: `pip check`, and each package's Requires-Python.

Without --overrides both must be clean. With --overrides FILE (requirements/
overrides-py3.11.txt) a departure is accepted only when that file names the package
with the installed version and a reason (the comment on its line), and every accepted
departure is printed with its reason; any other conflict fails (exit 1).

Usage: python scripts/check_installed.py [--overrides FILE]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

OVERRIDE_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)\s*#\s*(.+)$")
# pip check: "rasa 3.6.21 has requirement matplotlib<3.6,>=3.1, but you have matplotlib 3.6.3."
VERSION_CONFLICT = re.compile(
    r"^(\S+) (\S+) has requirement (.+), but you have (\S+) (\S+)\.$"
)


@dataclass(frozen=True)
class Override:
    version: str
    reason: str


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_overrides(path: Path) -> dict[str, Override]:
    """Pinned lines of an overrides file; each must carry a reason comment."""
    overrides: dict[str, Override] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = OVERRIDE_LINE.match(line)
        if match is None:
            raise ValueError(
                f"{path}:{number}: expected 'name==version  # reason', got {line!r}"
            )
        name, version, reason = match.groups()
        overrides[normalize(name)] = Override(version, reason.strip())
    return overrides


def pip_check_lines(python: str) -> list[str]:
    result = subprocess.run(
        [python, "-m", "pip", "check"], capture_output=True, text=True, check=False
    )
    if result.returncode == 0:
        return []
    return [line for line in result.stdout.splitlines() if line.strip()]


def judge_pip_check(
    lines: list[str], overrides: dict[str, Override]
) -> tuple[list[str], list[str]]:
    """(accepted lines with their reasons, conflicts that fail)."""
    accepted: list[str] = []
    failed: list[str] = []
    for line in lines:
        match = VERSION_CONFLICT.match(line)
        if match is not None:
            have_name, have_version = normalize(match.group(4)), match.group(5)
            override = overrides.get(have_name)
            if override is not None and override.version == have_version:
                accepted.append(f"{line}  [override: {override.reason}]")
                continue
        failed.append(line)
    return accepted, failed


def judge_requires_python(
    overrides: dict[str, Override], python_version: str
) -> tuple[list[str], list[str]]:
    """Installed packages whose Requires-Python excludes this interpreter."""
    accepted: list[str] = []
    failed: list[str] = []
    for dist in metadata.distributions():
        wanted = (dist.metadata.get_all("Requires-Python") or [""])[0]
        if not wanted:
            continue
        try:
            fits = python_version in SpecifierSet(wanted)
        except InvalidSpecifier:
            failed.append(
                f"{dist.metadata['Name']}: unreadable Requires-Python {wanted}"
            )
            continue
        if fits:
            continue
        name, version = dist.metadata["Name"], dist.version
        line = f"{name} {version} requires Python {wanted}, this is {python_version}"
        override = overrides.get(normalize(name))
        if override is not None and override.version == version:
            accepted.append(f"{line}  [override: {override.reason}]")
        else:
            failed.append(line)
    return sorted(accepted), sorted(failed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--overrides", type=Path, help="accepted departures")
    args = parser.parse_args(argv)
    try:
        overrides = read_overrides(args.overrides) if args.overrides else {}
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    python_version = "{}.{}.{}".format(*sys.version_info[:3])
    accepted, failed = judge_pip_check(pip_check_lines(sys.executable), overrides)
    rp_accepted, rp_failed = judge_requires_python(overrides, python_version)
    for line in rp_accepted + accepted:
        print(f"accepted: {line}")
    for line in rp_failed + failed:
        print(f"conflict: {line}", file=sys.stderr)
    if rp_failed or failed:
        source = f" or not in {args.overrides}" if args.overrides else ""
        print(
            f"error: {len(rp_failed) + len(failed)} conflict(s) not accepted{source}",
            file=sys.stderr,
        )
        return 1
    print(f"pip check: no conflicts beyond {len(accepted) + len(rp_accepted)} accepted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
