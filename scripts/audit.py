#!/usr/bin/env python3
"""`make audit`: known vulnerabilities in the locked packages, judged against a list.

Runs pip-audit over the lock file (every package pinned by version and hash, so pip-audit
audits exactly that set and resolves nothing) with JSON output, and compares what it
reports with security/accepted-advisories.yml, where each accepted advisory has the
reason it is harmless in this project and a date by which it is looked at again.

Exit status: 0 when every advisory found is accepted and in date; 1 when an advisory is
not in the file, an accepted entry is past its review date, or a package could not be
audited (pip-audit skips what its vulnerability service has no answer for: that is no
all-clear); 2 when pip-audit did not run or a file is malformed.

    python scripts/audit.py [--pip-audit PATH] [--lock FILE] [--accepted FILE]
                            [--service pypi|osv|esms] [--report FILE] [--today YYYY-MM-DD]

--report reads a saved `pip-audit --format json` output instead of running pip-audit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LOCK = ROOT / "requirements" / "lock-py3.10.txt"
DEFAULT_ACCEPTED = ROOT / "security" / "accepted-advisories.yml"

ACCEPTED = "accepted"
NEW = "NEW"
EXPIRED = "EXPIRED"
NOT_AUDITED = "NOT AUDITED"
UNUSED = "unused"
FAILING = frozenset({NEW, EXPIRED, NOT_AUDITED})
ENTRY_KEYS = frozenset({"id", "aliases", "package", "reason", "review_by"})
MAX_SKIPPED_ROWS = 10


class AuditError(Exception):
    """pip-audit did not run, or a file is not what it should be."""


def canonical(name: str) -> str:
    """A package name as PyPI compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Finding:
    """One advisory that pip-audit reports for one locked package."""

    package: str
    version: str
    id: str
    aliases: tuple[str, ...] = ()
    fix_versions: tuple[str, ...] = ()
    description: str = ""

    @property
    def ids(self) -> frozenset[str]:
        return frozenset((self.id, *self.aliases))

    @property
    def label(self) -> str:
        cves = sorted(a for a in self.aliases if a.startswith("CVE-"))
        return f"{self.id} ({', '.join(cves)})" if cves else self.id


@dataclass(frozen=True)
class Skipped:
    """A package pip-audit could not audit."""

    package: str
    reason: str


@dataclass(frozen=True)
class Report:
    """What pip-audit said about the lock."""

    audited: int
    findings: tuple[Finding, ...]
    skipped: tuple[Skipped, ...]


@dataclass(frozen=True)
class Accepted:
    """An entry of the accepted-advisories file."""

    id: str
    package: str
    reason: str
    review_by: dt.date
    aliases: tuple[str, ...] = ()

    @property
    def ids(self) -> frozenset[str]:
        return frozenset((self.id, *self.aliases))

    def matches(self, finding: Finding) -> bool:
        """Same package, and one of the advisory's names (its id or an alias) in common."""
        return canonical(self.package) == canonical(finding.package) and bool(
            self.ids & finding.ids
        )

    def expired(self, today: dt.date) -> bool:
        return today > self.review_by


@dataclass(frozen=True)
class Row:
    status: str
    package: str
    version: str
    advisory: str
    fixed_in: str
    note: str
    finding: Finding | None = None


@dataclass(frozen=True)
class Verdict:
    rows: tuple[Row, ...]
    report: Report

    @property
    def failed(self) -> bool:
        return any(row.status in FAILING for row in self.rows)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


# --- Reading pip-audit's output and the accepted file ---------------------------------


def parse_report(data: Any) -> Report:
    """pip-audit's `--format json` output: {"dependencies": [...], "fixes": [...]}."""
    if not isinstance(data, dict) or not isinstance(data.get("dependencies"), list):
        raise AuditError("pip-audit's JSON has no 'dependencies' list")
    audited = 0
    findings: list[Finding] = []
    skipped: list[Skipped] = []
    for dep in data["dependencies"]:
        name = str(dep.get("name", "?"))
        if "skip_reason" in dep:
            skipped.append(Skipped(name, str(dep["skip_reason"])))
            continue
        audited += 1
        for vuln in dep.get("vulns") or []:
            findings.append(
                Finding(
                    package=name,
                    version=str(dep.get("version", "?")),
                    id=str(vuln["id"]),
                    aliases=tuple(str(a) for a in vuln.get("aliases") or ()),
                    fix_versions=tuple(str(v) for v in vuln.get("fix_versions") or ()),
                    description=str(vuln.get("description") or ""),
                )
            )
    return Report(audited, tuple(findings), tuple(skipped))


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise AuditError(
            f"{where}: review_by must be a date (YYYY-MM-DD), not {value!r}"
        ) from None


def parse_accepted(data: Any, source: str = "accepted advisories") -> list[Accepted]:
    """The YAML document: {"advisories": [{id, package, reason, review_by, aliases?}]}."""
    if not isinstance(data, dict) or "advisories" not in data:
        raise AuditError(f"{source}: needs a top-level 'advisories' list")
    entries = data["advisories"] or []
    if not isinstance(entries, list):
        raise AuditError(f"{source}: 'advisories' must be a list")
    accepted: list[Accepted] = []
    seen: set[tuple[str, str]] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"{source}, entry {number}"
        if not isinstance(entry, dict):
            raise AuditError(f"{where}: must be a mapping")
        unknown = set(entry) - ENTRY_KEYS
        if unknown:
            raise AuditError(f"{where}: unknown keys {sorted(unknown)}")
        for key in ("id", "package", "reason", "review_by"):
            if not str(entry.get(key) or "").strip():
                raise AuditError(f"{where}: '{key}' is missing or empty")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list):
            raise AuditError(f"{where}: 'aliases' must be a list")
        item = Accepted(
            id=str(entry["id"]).strip(),
            package=str(entry["package"]).strip(),
            reason=" ".join(str(entry["reason"]).split()),
            review_by=_date(entry["review_by"], where),
            aliases=tuple(str(a).strip() for a in aliases),
        )
        pair = (canonical(item.package), item.id)
        if pair in seen:
            raise AuditError(f"{where}: {item.package} {item.id} is listed twice")
        seen.add(pair)
        accepted.append(item)
    return accepted


def load_accepted(path: Path) -> list[Accepted]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise AuditError(f"{path}: {error}") from error
    return parse_accepted(data, str(path))


# --- The decision ------------------------------------------------------------------------


def evaluate(report: Report, accepted: Sequence[Accepted], today: dt.date) -> Verdict:
    """Every finding is NEW, EXPIRED or accepted; every skipped package is NOT AUDITED;
    an accepted entry that matched nothing is EXPIRED when past its date, else unused."""
    rows: list[Row] = []
    used: set[Accepted] = set()
    for finding in sorted(report.findings, key=lambda f: (canonical(f.package), f.id)):
        fixed_in = ", ".join(finding.fix_versions) or "none"
        entry = next((a for a in accepted if a.matches(finding)), None)
        if entry is None:
            status, note = NEW, "not in the accepted file: judge it (see below)"
        else:
            used.add(entry)
            if entry.expired(today):
                status = EXPIRED
                note = f"review by {entry.review_by} has passed: judge it again"
            else:
                status, note = ACCEPTED, f"until {entry.review_by}: {entry.reason}"
        rows.append(
            Row(
                status,
                finding.package,
                finding.version,
                finding.label,
                fixed_in,
                note,
                finding,
            )
        )
    for entry in accepted:
        if entry in used:
            continue
        if entry.expired(today):
            note = f"not reported; review by {entry.review_by} has passed: remove or renew it"
            rows.append(Row(EXPIRED, entry.package, "", entry.id, "", note))
        else:
            rows.append(
                Row(
                    UNUSED,
                    entry.package,
                    "",
                    entry.id,
                    "",
                    "accepted but not reported (any more?): remove it if so",
                )
            )
    for skip in sorted(report.skipped, key=lambda s: canonical(s.package)):
        rows.append(Row(NOT_AUDITED, skip.package, "", "", "", skip.reason))
    order = {NEW: 0, EXPIRED: 1, NOT_AUDITED: 2, ACCEPTED: 3, UNUSED: 4}
    rows.sort(key=lambda row: order[row.status])  # what fails first; stable otherwise
    return Verdict(tuple(rows), report)


# --- Output ------------------------------------------------------------------------------


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(rows: Sequence[Row], note_width: int = 70) -> str:
    header = Row("STATUS", "PACKAGE", "VERSION", "ADVISORY", "FIXED IN", "NOTE")
    shown = [r for r in rows if r.status != NOT_AUDITED]
    skipped = [r for r in rows if r.status == NOT_AUDITED]
    shown += skipped[:MAX_SKIPPED_ROWS]
    cells = [
        (
            r.status,
            r.package,
            r.version,
            r.advisory,
            _shorten(r.fixed_in, 20),
            _shorten(r.note, note_width),
        )
        for r in [header, *shown]
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(5)]
    lines = []
    for number, row in enumerate(cells):
        lines.append(
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False))
            + "  "
            + row[5]
        )
        if number == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(row[5]))
    if len(skipped) > MAX_SKIPPED_ROWS:
        lines.append(
            f"... and {len(skipped) - MAX_SKIPPED_ROWS} more packages not audited"
        )
    return "\n".join(line.rstrip() for line in lines)


def summary(verdict: Verdict, accepted_file: Path) -> str:
    report = verdict.report
    total = report.audited + len(report.skipped)
    lines = [
        f"{total} packages: {report.audited} audited, {len(report.skipped)} not audited; "
        f"{len(report.findings)} advisories: {verdict.count(ACCEPTED)} accepted, "
        f"{verdict.count(NEW)} new, {verdict.count(EXPIRED)} past their review date"
    ]
    to_judge = [
        r.finding for r in verdict.rows if r.status in (NEW, EXPIRED) and r.finding
    ]
    for finding in to_judge:
        text = " ".join(finding.description.split()) or "(no description)"
        lines.append(
            f"\n{finding.package} {finding.version} {finding.label}, fixed in "
            f"{', '.join(finding.fix_versions) or 'no release'}:\n  {_shorten(text, 600)}"
        )
    if verdict.count(NEW) or verdict.count(EXPIRED):
        lines.append(
            f"\nFor each NEW or EXPIRED one: upgrade past it if the pins allow (then make lock), "
            f"or, only if it cannot harm this project, add or renew its entry in "
            f"{accepted_file} (id, package, reason naming the code path, review_by)."
        )
    if report.skipped:
        lines.append(
            f"\n{len(report.skipped)} packages were not checked at all: the vulnerability "
            "service gave no answer for them (the 'pypi' service needs PyPI's per-release "
            "JSON API; --service osv asks OSV instead). That is not an all-clear."
        )
    lines.append("\nmake audit: " + ("FAILED" if verdict.failed else "passed"))
    return "\n".join(lines)


# --- Running pip-audit -------------------------------------------------------------------


def run_pip_audit(
    pip_audit: str, lock: Path, service: str, timeout: float = 1800
) -> Any:
    command = [
        pip_audit,
        "--requirement",
        str(lock),
        "--require-hashes",
        "--disable-pip",
        "--vulnerability-service",
        service,
        "--format",
        "json",
        "--aliases",
        "on",
        "--desc",
        "on",
        "--progress-spinner",
        "off",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AuditError(f"could not run {pip_audit}: {error}") from error
    # pip-audit exits 1 when it found vulnerabilities; its JSON is on stdout either way.
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise AuditError(
            f"pip-audit failed (exit {done.returncode}):\n{done.stderr.strip()[-2000:]}"
        )
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise AuditError(
            f"pip-audit's output is not JSON ({error}):\n{done.stderr[-2000:]}"
        ) from error


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pip-audit", default="pip-audit", help="the pip-audit to run")
    parser.add_argument("--lock", type=Path, default=DEFAULT_LOCK)
    parser.add_argument("--accepted", type=Path, default=DEFAULT_ACCEPTED)
    parser.add_argument("--service", default="pypi", choices=["pypi", "osv", "esms"])
    parser.add_argument("--report", type=Path, help="pip-audit JSON to judge instead")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args(argv)
    try:
        accepted = load_accepted(args.accepted)
        if args.report:
            data = json.loads(args.report.read_text(encoding="utf-8"))
        else:
            print(f"pip-audit ({args.service}) over {args.lock} ...", file=sys.stderr)
            data = run_pip_audit(args.pip_audit, args.lock, args.service)
        verdict = evaluate(parse_report(data), accepted, args.today)
    except (AuditError, OSError, json.JSONDecodeError) as error:
        print(f"make audit: error: {error}", file=sys.stderr)
        return 2
    if verdict.rows:
        print(format_table(verdict.rows))
        print()
    print(summary(verdict, args.accepted))
    return 1 if verdict.failed else 0


if __name__ == "__main__":
    sys.exit(main())
