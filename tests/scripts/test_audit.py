"""scripts/audit.py: which pip-audit results make `make audit` fail (no network)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "audit", ROOT / "scripts" / "audit.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


audit = _load_audit()

TODAY = dt.date(2027, 1, 15)


def pip_audit_json(
    *vulns: dict[str, Any], skipped: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The shape of `pip-audit --format json --aliases on --desc on` output."""
    return {
        "dependencies": [
            {"name": "keras", "version": "2.12.0", "vulns": list(vulns)},
            {"name": "requests", "version": "2.34.2", "vulns": []},
            *(
                {"name": name, "skip_reason": f"Dependency not found on PyPI: {name}"}
                for name in skipped
            ),
        ],
        "fixes": [],
    }


LAMBDA = {
    "id": "GHSA-aaaa-bbbb-cccc",
    "fix_versions": ["2.13.1"],
    "aliases": ["CVE-2024-3660", "PYSEC-2024-1"],
    "description": "Arbitrary code injection through Lambda layers in load_model.",
}


def accepted(**overrides: Any) -> dict[str, Any]:
    entry = {
        "id": "GHSA-aaaa-bbbb-cccc",
        "package": "keras",
        "reason": "Only our own weights are loaded with load_weights().",
        "review_by": dt.date(2027, 3, 1),
    }
    entry.update(overrides)
    return entry


def verdict(
    report: dict[str, Any], *entries: dict[str, Any], today: dt.date = TODAY
) -> Any:
    accepted_list = audit.parse_accepted({"advisories": list(entries)})
    return audit.evaluate(audit.parse_report(report), accepted_list, today)


def statuses(result: Any) -> list[tuple[str, str, str]]:
    return [(row.status, row.package, row.advisory) for row in result.rows]


# --- The three cases the audit exists for ------------------------------------------------


def test_new_advisory_fails() -> None:
    result = verdict(pip_audit_json(LAMBDA))

    assert result.failed
    assert statuses(result) == [("NEW", "keras", "GHSA-aaaa-bbbb-cccc (CVE-2024-3660)")]


def test_accepted_entry_past_its_review_date_fails() -> None:
    result = verdict(pip_audit_json(LAMBDA), accepted(review_by=dt.date(2027, 1, 14)))

    assert result.failed
    assert [row.status for row in result.rows] == ["EXPIRED"]
    assert "2027-01-14 has passed" in result.rows[0].note


def test_accepted_entry_in_date_passes() -> None:
    result = verdict(pip_audit_json(LAMBDA), accepted())

    assert not result.failed
    assert [row.status for row in result.rows] == ["accepted"]
    assert "until 2027-03-01: Only our own weights" in result.rows[0].note


# --- Matching and the edges ------------------------------------------------------------


def test_entry_matches_through_an_alias_either_way() -> None:
    by_cve = verdict(pip_audit_json(LAMBDA), accepted(id="CVE-2024-3660"))
    by_entry_alias = verdict(
        pip_audit_json({**LAMBDA, "id": "PYSEC-2024-1", "aliases": []}),
        accepted(aliases=["PYSEC-2024-1"]),
    )

    assert [row.status for row in by_cve.rows] == ["accepted"]
    assert [row.status for row in by_entry_alias.rows] == ["accepted"]


def test_entry_for_another_package_does_not_accept() -> None:
    result = verdict(pip_audit_json(LAMBDA), accepted(package="tensorflow"))

    assert result.failed
    assert [row.status for row in result.rows] == ["NEW", "unused"]


def test_package_names_compare_as_pypi_does() -> None:
    report = {
        "dependencies": [
            {
                "name": "scikit-learn",
                "version": "1.1.3",
                "vulns": [{"id": "X-1", "fix_versions": []}],
            }
        ]
    }
    result = verdict(report, accepted(id="X-1", package="Scikit_Learn"))

    assert not result.failed


def test_review_date_today_is_still_in_date() -> None:
    result = verdict(pip_audit_json(LAMBDA), accepted(review_by=TODAY))

    assert not result.failed


def test_package_not_audited_fails() -> None:
    """pip-audit skips what its service cannot answer for: that is no all-clear."""
    result = verdict(pip_audit_json(skipped=("tensorflow",)))

    assert result.failed
    assert statuses(result) == [("NOT AUDITED", "tensorflow", "")]
    assert result.report.audited == 2


def test_unused_entry_warns_but_an_expired_one_fails() -> None:
    in_date = verdict(pip_audit_json(), accepted())
    expired = verdict(pip_audit_json(), accepted(review_by=dt.date(2026, 12, 31)))

    assert not in_date.failed
    assert [row.status for row in in_date.rows] == ["unused"]
    assert expired.failed
    assert [row.status for row in expired.rows] == ["EXPIRED"]


def test_clean_report_passes_with_no_rows() -> None:
    result = verdict(pip_audit_json())

    assert not result.failed
    assert result.rows == ()


# --- The accepted file --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (accepted(reason=" "), "'reason' is missing or empty"),
        (
            {k: v for k, v in accepted().items() if k != "review_by"},
            "'review_by' is missing",
        ),
        (accepted(review_by="next spring"), "review_by must be a date"),
        (accepted(review_date="2027-03-01"), "unknown keys ['review_date']"),
        (accepted(aliases="CVE-2024-3660"), "'aliases' must be a list"),
    ],
)
def test_malformed_entry_is_an_error(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(
        audit.AuditError, match=message.replace("[", r"\[").replace("]", r"\]")
    ):
        audit.parse_accepted({"advisories": [entry]})


def test_duplicate_entry_is_an_error() -> None:
    with pytest.raises(audit.AuditError, match="listed twice"):
        audit.parse_accepted({"advisories": [accepted(), accepted(package="Keras")]})


def test_review_date_as_a_string_is_read() -> None:
    (entry,) = audit.parse_accepted({"advisories": [accepted(review_by="2027-03-01")]})

    assert entry.review_by == dt.date(2027, 3, 1)


def test_project_accepted_file_is_well_formed() -> None:
    entries = audit.load_accepted(ROOT / "security" / "accepted-advisories.yml")

    assert entries
    for entry in entries:
        assert len(entry.reason) > 80, (
            f"{entry.id}: say which code path makes it harmless"
        )


# --- The command line ----------------------------------------------------------------------


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, default=str) if path.suffix == ".json" else data)
    return path


def run_main(tmp_path: Path, report: dict[str, Any], accepted_yaml: str) -> int:
    code: int = audit.main(
        [
            "--report", str(write(tmp_path / "report.json", report)),
            "--accepted", str(write(tmp_path / "accepted.yml", accepted_yaml)),
            "--today", TODAY.isoformat(),
        ]
    )  # fmt: skip
    return code


ACCEPTED_YAML = """advisories:
  - id: CVE-2024-3660
    package: keras
    reason: Only our own weights are loaded with load_weights().
    review_by: {date}
"""


def test_main_exit_codes_and_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run_main(
            tmp_path, pip_audit_json(LAMBDA), ACCEPTED_YAML.format(date="2027-03-01")
        )
        == 0
    )
    passed = capsys.readouterr().out
    assert "accepted" in passed and "make audit: passed" in passed

    assert (
        run_main(
            tmp_path, pip_audit_json(LAMBDA), ACCEPTED_YAML.format(date="2027-01-01")
        )
        == 1
    )
    expired = capsys.readouterr().out
    assert "EXPIRED" in expired and "make audit: FAILED" in expired

    assert run_main(tmp_path, pip_audit_json(LAMBDA), "advisories: []\n") == 1
    new = capsys.readouterr().out
    lines = new.splitlines()
    assert lines[0].split() == [
        "STATUS",
        "PACKAGE",
        "VERSION",
        "ADVISORY",
        "FIXED",
        "IN",
        "NOTE",
    ]
    assert lines[2].split()[:4] == ["NEW", "keras", "2.12.0", "GHSA-aaaa-bbbb-cccc"]
    assert "Arbitrary code injection through Lambda layers" in new  # shown to judge it


def test_main_malformed_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(tmp_path, {"not": "pip-audit"}, "advisories: []\n") == 2
    assert "no 'dependencies' list" in capsys.readouterr().err
    assert run_main(tmp_path, pip_audit_json(), "- just a list\n") == 2


def test_pip_audit_is_run_on_the_lock_with_hashes(tmp_path: Path) -> None:
    """A stand-in pip-audit that records its arguments and exits 1, as pip-audit does
    when it found something."""
    args_file = tmp_path / "args.json"
    fake = tmp_path / "pip-audit"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"json.dump(sys.argv[1:], open({str(args_file)!r}, 'w'))\n"
        f"print(json.dumps({pip_audit_json(LAMBDA)!r}))\n"
        "sys.exit(1)\n"
    )
    fake.chmod(0o755)
    lock = tmp_path / "lock.txt"

    data = audit.run_pip_audit(str(fake), lock, "pypi")

    assert audit.parse_report(data).findings[0].id == "GHSA-aaaa-bbbb-cccc"
    args = json.loads(args_file.read_text())
    assert args[:2] == ["--requirement", str(lock)]
    for flag in ("--require-hashes", "--disable-pip"):
        assert flag in args
    assert args[args.index("--format") + 1] == "json"
    assert args[args.index("--vulnerability-service") + 1] == "pypi"


def test_pip_audit_failure_is_an_error(tmp_path: Path) -> None:
    fake = tmp_path / "pip-audit"
    fake.write_text("#!/bin/sh\necho 'ConnectionError: no route' >&2\nexit 1\n")
    fake.chmod(0o755)

    with pytest.raises(audit.AuditError, match="no route"):
        audit.run_pip_audit(str(fake), tmp_path / "lock.txt", "osv")
