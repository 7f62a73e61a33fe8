"""Delete conversations from the tracker store.

    python -m privacy.cli purge --days 30 [--db PATH|URL | --endpoints FILE] [--dry-run]
    python -m privacy.cli forget --sender ID [--db PATH|URL | --endpoints FILE] [--dry-run]

``--db`` defaults to $TRACKER_DB, else var/conversations.db (the same as
endpoints.yml and `make run`). It is the path of the SQLite file, or an
SQLAlchemy URL (e.g. ``postgresql://rasa@db.internal/rasa``; libpq takes the
password from $PGPASSWORD). ``--endpoints endpoints.prod.yml`` uses the tracker
store of that file instead, exactly as the Rasa server does (with $PG_HOST,
$PG_PASSWORD... from the environment).

Prints only counts: never message text, never sender ids. Exit status: 0 done
(also when there was nothing to delete), 1 database problem, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from privacy.retention import (
    MAX_DAYS,
    Deleted,
    RetentionError,
    check_days,
    check_sender,
    forget_sender,
    purge_older_than,
    tracker_store_url,
)

DEFAULT_DB = "var/conversations.db"


def default_db() -> str:
    return os.environ.get("TRACKER_DB") or DEFAULT_DB


def describe(db: str | URL) -> str:
    """The database for messages: a path, or a URL with its password hidden."""
    if isinstance(db, str) and "://" not in db:
        return db
    try:
        return make_url(db).render_as_string(hide_password=True)
    except ArgumentError:
        return "the given database URL"


def positive_days(text: str) -> int:
    if len(text) > 12:
        raise argparse.ArgumentTypeError(f"DAYS is far too large: {text[:12]}...")
    try:
        return check_days(int(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"DAYS must be a whole number of days from 1 to {MAX_DAYS} (e.g. 30), "
            f"not {text!r}"
        ) from None


def sender_id(text: str) -> str:
    try:
        return check_sender(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "SENDER must not be empty: give the conversation's sender id"
        ) from None


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    where = common.add_mutually_exclusive_group()
    where.add_argument(
        "--db",
        default=None,
        help="SQLite file or SQLAlchemy URL of the tracker store "
        f"(default: $TRACKER_DB, else {DEFAULT_DB})",
    )
    where.add_argument(
        "--endpoints",
        default=None,
        metavar="FILE",
        help="use the tracker store configured in this endpoints file "
        "(e.g. endpoints.prod.yml), as the Rasa server does",
    )
    common.add_argument(
        "--dry-run",
        action="store_true",
        help="only count what would be deleted; delete nothing",
    )
    parser = argparse.ArgumentParser(
        prog="python -m privacy.cli",
        description="Delete conversations from the Rasa SQL tracker store.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    purge = commands.add_parser(
        "purge",
        parents=[common],
        help="delete conversations whose last event is older than DAYS days",
        description="Delete every conversation whose LAST event is older than DAYS "
        "days. A conversation is deleted whole or kept whole.",
    )
    purge.add_argument("--days", type=positive_days, required=True, metavar="DAYS")
    forget = commands.add_parser(
        "forget",
        parents=[common],
        help="delete one sender's conversation",
        description="Delete every event of one sender (exact sender id).",
    )
    forget.add_argument("--sender", type=sender_id, required=True, metavar="ID")
    return parser


def run(args: argparse.Namespace) -> str:
    """Do the command; return the line to print (raises on database problems)."""
    if args.endpoints:
        db: str | URL = tracker_store_url(Path(args.endpoints))
        where = f"{describe(db)} (the tracker store of {args.endpoints})"
    else:
        db = args.db or default_db()
        where = describe(db)
    deleted: Deleted
    if args.command == "purge":
        deleted = purge_older_than(db, args.days, dry_run=args.dry_run)
        what = f"whose last event is older than {plural(args.days, 'day')}"
    else:
        deleted = forget_sender(db, args.sender, dry_run=args.dry_run)
        if not deleted.events:
            return (
                f"forget: no conversation of the given sender in {where}: "
                "nothing to delete (check the sender id)"
            )
        what = "of the given sender"
    verb = "would delete" if args.dry_run else "deleted"
    return (
        f"{args.command}: {verb} {plural(deleted.conversations, 'conversation')} "
        f"({plural(deleted.events, 'event')}) {what} in {where}"
        + (" (dry run: nothing deleted)" if args.dry_run else "")
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        print(run(args))
        return 0
    except RetentionError as error:
        problem = str(error)
    except DBAPIError as error:
        reason = " ".join(str(error.orig).split())
        db = args.db or (args.endpoints and f"of {args.endpoints}") or default_db()
        problem = f"cannot use the database {describe(db)}: {reason}"
    except ArgumentError:
        # Its message would repeat the URL, password included.
        problem = "not a usable database URL (or its driver is not installed)"
    except SQLAlchemyError as error:
        problem = f"database error ({type(error).__name__})"
    print(f"error: {problem}; nothing deleted", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
