"""`python -m privacy.cli` and the `make purge` / `make forget` targets."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest

from privacy import cli
from tests.privacy.conftest import (
    TEXT_MARKER,
    StoreFactory,
    events_by_sender,
    save_conversations,
)
from tests.privacy.conftest import run_make as make

ROOT = Path(__file__).resolve().parents[2]


def run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit status, stdout, stderr)."""
    try:
        code = cli.main(argv)
    except SystemExit as exit_:  # argparse rejects the arguments
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
async def store(make_store: StoreFactory) -> Path:
    """Two idle conversations (40 and 31 days), one recent (2 days), in real time."""
    return await make_store(
        {
            "+15551230000": [41, 40],
            "idle-web-user": [31],
            "recent-user": [3, 2],
        },
        now=time.time(),
    )


def test_purge_prints_counts_only(store: Path, capsys):
    code, out, err = run(["purge", "--days", "30", "--db", str(store)], capsys)

    assert code == 0, err
    assert out.strip() == (
        f"purge: deleted 2 conversations (3 events) whose last event is older "
        f"than 30 days in {store}"
    )
    assert events_by_sender(store) == {"recent-user": 2}
    for private in (TEXT_MARKER, "fever", "+1555", "idle-web-user", "recent-user"):
        assert private not in out + err


def test_purge_dry_run_deletes_nothing(store: Path, capsys):
    before = events_by_sender(store)
    code, out, _ = run(
        ["purge", "--days", "35", "--db", str(store), "--dry-run"], capsys
    )

    assert code == 0
    assert "would delete 1 conversation (2 events)" in out
    assert "dry run: nothing deleted" in out
    assert events_by_sender(store) == before


def test_forget_deletes_one_sender_and_does_not_print_it(store: Path, capsys):
    code, out, err = run(
        ["forget", "--sender", "+15551230000", "--db", str(store)], capsys
    )

    assert code == 0, err
    assert "forget: deleted 1 conversation (2 events) of the given sender" in out
    assert "+1555" not in out + err and TEXT_MARKER not in out + err
    assert events_by_sender(store) == {"idle-web-user": 1, "recent-user": 2}


def test_forget_an_unknown_sender_says_so_and_deletes_nothing(store: Path, capsys):
    before = events_by_sender(store)
    code, out, _ = run(["forget", "--sender", "nobody", "--db", str(store)], capsys)

    assert code == 0
    assert "no conversation of the given sender" in out
    assert events_by_sender(store) == before


def test_db_defaults_to_tracker_db_then_var_conversations_db(
    tmp_path: Path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRACKER_DB", raising=False)
    code, _, err = run(["purge", "--days", "30"], capsys)
    assert code == 1 and "var/conversations.db" in err
    assert not (tmp_path / "var").exists()

    (tmp_path / "var").mkdir()
    asyncio.run(save_conversations(tmp_path / "var" / "conversations.db", {"a": [1]}))
    code, out, _ = run(["forget", "--sender", "a"], capsys)
    assert code == 0 and "deleted 1 conversation" in out

    elsewhere = tmp_path / "elsewhere.db"
    asyncio.run(save_conversations(elsewhere, {"b": [1]}))
    monkeypatch.setenv("TRACKER_DB", str(elsewhere))
    code, out, _ = run(["forget", "--sender", "b"], capsys)
    assert code == 0 and str(elsewhere) in out
    assert events_by_sender(elsewhere) == {}


BAD_ARGUMENTS = [
    # id, arguments after the command, exit status, part of the message
    ("days zero", ["purge", "--days", "0"], 2, "whole number of days from 1"),
    ("days negative", ["purge", "--days", "-3"], 2, "DAYS"),
    ("days not a number", ["purge", "--days", "abc"], 2, "not 'abc'"),
    ("days a fraction", ["purge", "--days", "1.5"], 2, "not '1.5'"),
    ("days empty", ["purge", "--days", ""], 2, "DAYS"),
    ("days huge", ["purge", "--days", "9" * 40], 2, "too large"),
    ("days missing", ["purge"], 2, "--days"),
    ("sender empty", ["forget", "--sender", ""], 2, "SENDER must not be empty"),
    ("sender blank", ["forget", "--sender", "   "], 2, "SENDER must not be empty"),
    ("sender missing", ["forget"], 2, "--sender"),
    ("no command", [], 2, "COMMAND"),
    ("unknown command", ["delete-all"], 2, "invalid choice"),
]


@pytest.mark.parametrize(
    "argv, status, message",
    [case[1:] for case in BAD_ARGUMENTS],
    ids=[case[0] for case in BAD_ARGUMENTS],
)
def test_bad_arguments_fail_clearly_and_delete_nothing(
    store: Path, capsys, argv, status, message
):
    before = events_by_sender(store)
    db = ["--db", str(store)] if argv else []

    code, out, err = run(argv + db, capsys)

    assert code == status
    assert message in err
    assert "deleted" not in out
    assert events_by_sender(store) == before


def test_a_missing_database_fails_and_is_not_created(tmp_path: Path, capsys):
    missing = tmp_path / "nope" / "conversations.db"
    code, out, err = run(["purge", "--days", "30", "--db", str(missing)], capsys)

    assert code == 1
    assert f"no tracker store database at {missing}" in err
    assert not missing.exists() and not missing.parent.exists()


def test_a_database_that_is_not_a_tracker_store_fails(tmp_path: Path, capsys):
    empty = tmp_path / "empty.db"
    empty.touch()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not an sqlite file" * 100)

    code, _, err = run(["forget", "--sender", "a", "--db", str(empty)], capsys)
    assert code == 1 and "not a Rasa SQL tracker store" in err
    code, _, err = run(["forget", "--sender", "a", "--db", str(garbage)], capsys)
    assert code == 1 and "cannot use the database" in err
    assert empty.read_bytes() == b""


def test_a_password_in_a_database_url_is_never_printed(capsys):
    url = "postgresql://rasa:s3cr3t-pw@127.0.0.1:1/rasa"
    code, out, err = run(["forget", "--sender", "a", "--db", url], capsys)

    assert code == 1
    assert "s3cr3t-pw" not in out + err
    code, out, err = run(
        ["forget", "--sender", "a", "--db", "nope://u:s3cr3t-pw@h/x"], capsys
    )
    assert code == 1
    assert "s3cr3t-pw" not in out + err


def test_runs_as_a_module(store: Path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "privacy.cli",
            "purge",
            "--days",
            "30",
            "--db",
            str(store),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "deleted 2 conversations (3 events)" in done.stdout


# --- make purge / make forget --------------------------------------------------


@pytest.mark.parametrize(
    "arguments, usage",
    [
        (["purge"], "usage: make purge DAYS=<days>"),
        (["purge", "DAYS="], "usage: make purge DAYS=<days>"),
        (["forget"], "usage: make forget SENDER=<sender id>"),
        (["forget", "SENDER="], "usage: make forget SENDER=<sender id>"),
    ],
)
def test_make_without_its_variable_prints_usage_and_fails(
    store: Path, arguments, usage
):
    before = events_by_sender(store)
    done = make(*arguments, f"TRACKER_DB={store}")

    assert done.returncode != 0
    assert usage in done.stderr
    assert events_by_sender(store) == before


def test_make_purge_with_bad_days_fails(store: Path):
    done = make("purge", "DAYS=thirty", f"TRACKER_DB={store}")
    assert done.returncode != 0
    assert "DAYS must be a whole number" in done.stderr


def test_make_purge_and_forget(store: Path):
    done = make("purge", "DAYS=35", "DRY_RUN=1", f"TRACKER_DB={store}")
    assert done.returncode == 0, done.stderr
    assert "would delete 1 conversation (2 events)" in done.stdout

    done = make("purge", "DAYS=30", f"TRACKER_DB={store}")
    assert done.returncode == 0, done.stderr
    assert "deleted 2 conversations (3 events)" in done.stdout

    done = make("forget", "SENDER=recent-user", f"TRACKER_DB={store}")
    assert done.returncode == 0, done.stderr
    assert "deleted 1 conversation (2 events)" in done.stdout
    assert events_by_sender(store) == {}


async def test_make_forget_passes_any_sender_id_as_is(make_store: StoreFactory):
    # (make itself expands "$": write "$$" on make's command line for a "$")
    odd = 'it\'s "odd"; `id` & | > < * ~ ()'
    path = await make_store({odd: [1, 1], "other": [1]})

    done = make("forget", f"SENDER={odd}", f"TRACKER_DB={path}")

    assert done.returncode == 0, done.stderr
    assert "deleted 1 conversation (2 events)" in done.stdout
    assert events_by_sender(path) == {"other": 1}


def test_make_help_lists_the_targets():
    done = make("help")
    assert done.returncode == 0
    assert "make purge" in done.stdout and "make forget" in done.stdout


def test_db_and_endpoints_are_exclusive(store: Path, capsys):
    code, _, err = run(
        ["purge", "--days", "3", "--db", str(store), "--endpoints", "endpoints.yml"],
        capsys,
    )
    assert code == 2 and "not allowed with argument" in err
