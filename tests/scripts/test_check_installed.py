"""scripts/check_installed.py: `pip check` may report only what the overrides file names."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_installed", ROOT / "scripts" / "check_installed.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_installed"] = module
    spec.loader.exec_module(module)
    return module


check = load_script()
MATPLOTLIB = (
    "rasa 3.6.21 has requirement matplotlib<3.6,>=3.1, but you have matplotlib 3.6.3."
)


@pytest.fixture
def overrides(tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "overrides.txt"
    path.write_text(
        "# comment\n\nmatplotlib==3.6.3  # no cp311 wheel below 3.6\n"
        "Rasa_SDK==3.6.2  # Requires-Python <3.11 overridden\n"
    )
    return check.read_overrides(path)


@pytest.mark.parametrize(
    ("line", "accepted"),
    [
        (MATPLOTLIB, True),  # the overridden version
        (MATPLOTLIB.replace("3.6.3.", "3.7.0."), False),  # another version
        (
            "sanic 21.12.2 has requirement multidict<6.0,>=5.0, but you have "
            "multidict 6.0.5.",
            False,
        ),  # not in this overrides file
        ("rasa 3.6.21 requires dask, which is not installed.", False),
    ],
)
def test_pip_check_line_is_accepted_only_for_an_overridden_version(
    overrides: dict[str, object], line: str, accepted: bool
) -> None:
    ok, failed = check.judge_pip_check([line], overrides)

    assert (ok != []) is accepted
    assert (failed == [line]) is not accepted
    if accepted:
        assert "no cp311 wheel below 3.6" in ok[0]  # the reason is printed


def test_names_are_compared_normalized(overrides: dict[str, object]) -> None:
    assert "rasa-sdk" in overrides


def test_override_line_without_reason_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "overrides.txt"
    path.write_text("numpy==1.23.5\n")

    with pytest.raises(ValueError, match="name==version  # reason"):
        check.read_overrides(path)


def test_this_venv_has_no_unaccepted_conflict() -> None:
    """The venv running the tests: its own lock's overrides file, or none on 3.10."""
    overrides = (
        ROOT / "requirements" / "overrides-py{}.{}.txt".format(*sys.version_info[:2])
    )
    args = ["--overrides", str(overrides)] if overrides.exists() else []

    assert check.main(args) == 0
