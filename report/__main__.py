"""Write reports/report.html and reports/report.md from the tracker store.

    python -m report [--days 30] [--db PATH|URL | --endpoints FILE] [--out reports]

The store is the one the server uses, reached as privacy/cli.py does. A
progress bar on stderr while the events are read. Exit status: 0 written,
1 database problem, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from tqdm import tqdm

from privacy.cli import default_db, describe, positive_days
from privacy.events import read_events
from privacy.retention import SECONDS_PER_DAY, RetentionError, tracker_store_url
from report.metrics import build_report
from report.render import to_html, to_markdown


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m report", description=__doc__)
    parser.add_argument("--days", type=positive_days, default=30, metavar="DAYS")
    parser.add_argument("--out", type=Path, default=Path("reports"), metavar="DIR")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", default=None)
    where.add_argument("--endpoints", default=None, metavar="FILE")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db: URL | str = args.db or default_db()
    since = time.time() - args.days * SECONDS_PER_DAY
    bar = tqdm(desc="Reading the tracker store", unit=" events", file=sys.stderr)
    try:
        if args.endpoints:
            db = tracker_store_url(Path(args.endpoints))

        def set_total(total: int) -> None:
            bar.total = total
            bar.refresh()

        events = list(
            read_events(db, since=since, on_total=set_total, on_rows=bar.update)
        )
    except RetentionError as error:
        return fail(str(error))
    except DBAPIError as error:
        return fail(f"cannot use the database {describe(db)}: {error.orig}")
    except ArgumentError:
        return fail("not a usable database URL (or its driver is not installed)")
    except SQLAlchemyError as error:
        return fail(f"database error ({type(error).__name__})")
    finally:
        bar.close()
    report = build_report(events, args.days)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "report.html").write_text(to_html(report), encoding="utf-8")
        (args.out / "report.md").write_text(to_markdown(report), encoding="utf-8")
    except OSError as error:
        return fail(f"cannot write to {args.out}: {error.strerror}")
    print(
        f"report: {report.conversations} conversations, {report.messages} messages "
        f"in the last {args.days} days -> {args.out}/report.html, {args.out}/report.md"
    )
    return 0


def fail(problem: str) -> int:
    print(f"error: {problem}; no report written", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
