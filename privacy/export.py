"""Write one person's conversation from the tracker store (right of access).

    python -m privacy.export --sender ID [--format json|txt] [--out FILE]
                             [--db PATH|URL | --endpoints FILE]      (make export)

Writes what was said, by whom and when (the person's messages, the bot's
replies and buttons, the person's ratings of answers), nothing of the bot's
internals. ``--out`` defaults to exports/conversation-<hash of the sender>.<fmt>
(a file name that does not show the sender id, which may be a phone number).
Exit status: 0 written, 1 database problem or no such conversation, 2 bad
arguments.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from privacy.cli import default_db, describe, sender_id
from privacy.events import StoredEvent, read_events
from privacy.retention import RetentionError, tracker_store_url

FORMATS = ("json", "txt")
EXPORTS = Path("exports")
FEEDBACK_TYPE = "agent"


def iso(timestamp: float) -> str:
    moment = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def entry(event: StoredEvent) -> dict[str, Any] | None:
    """One line of the transcript, or None for internal events."""
    data = event.data
    if event.type_name == "user":
        return {"time": iso(event.timestamp), "from": "you", "text": data.get("text")}
    if event.type_name == "bot":
        line: dict[str, Any] = {
            "time": iso(event.timestamp),
            "from": "assistant",
            "text": data.get("text"),
        }
        buttons = (data.get("data") or {}).get("buttons") or []
        titles = [b.get("title") for b in buttons if isinstance(b, dict)]
        if titles:
            line["buttons"] = titles
        return line
    if event.type_name == FEEDBACK_TYPE and "feedback" in (data.get("data") or {}):
        return {
            "time": iso(event.timestamp),
            "from": "you",
            "rating": data["data"]["feedback"],
        }
    return None


def transcript(events: list[StoredEvent]) -> list[dict[str, Any]]:
    return [line for line in map(entry, events) if line is not None]


def as_text(lines: list[dict[str, Any]]) -> str:
    out = []
    for line in lines:
        who = "You" if line["from"] == "you" else "Assistant"
        if "rating" in line:
            verdict = "helpful" if line["rating"] == "up" else "not helpful"
            text = f"(rated the answer above: {verdict})"
        else:
            text = str(line.get("text") or "")
            if line.get("buttons"):
                text += "\n" + " ".join(f"[{title}]" for title in line["buttons"])
        body = text.replace("\n", "\n    ")
        out.append(f"{line['time']}  {who}: {body}")
    return "\n".join(out) + "\n"


def default_out(sender: str, fmt: str) -> Path:
    digest = hashlib.sha256(sender.encode("utf-8")).hexdigest()[:12]
    return EXPORTS / f"conversation-{digest}.{fmt}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m privacy.export",
        description="Write one person's conversation from the tracker store.",
    )
    parser.add_argument("--sender", type=sender_id, required=True, metavar="ID")
    parser.add_argument("--format", choices=FORMATS, default="json")
    parser.add_argument("--out", type=Path, default=None, metavar="FILE")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", default=None)
    where.add_argument("--endpoints", default=None, metavar="FILE")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    if argv is None:
        argv = sys.argv[1:]
    args = parser.parse_args(argv)
    db: URL | str = args.db or default_db()
    try:
        if args.endpoints:
            db = tracker_store_url(Path(args.endpoints))
        lines = transcript(list(read_events(db, sender=args.sender)))
    except RetentionError as error:
        return fail(str(error))
    except DBAPIError as error:
        return fail(f"cannot use the database {describe(db)}: {error.orig}")
    except ArgumentError:
        return fail("not a usable database URL (or its driver is not installed)")
    except SQLAlchemyError as error:
        return fail(f"database error ({type(error).__name__})")
    if not lines:
        return fail(
            f"no conversation of the given sender in {describe(db)} "
            "(check the sender id)"
        )
    out = args.out or default_out(args.sender, args.format)
    text = (
        json.dumps({"messages": lines}, ensure_ascii=False, indent=2) + "\n"
        if args.format == "json"
        else as_text(lines)
    )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        return fail(f"cannot write {out}: {error.strerror}")
    print(f"export: wrote {len(lines)} messages to {out}")
    return 0


def fail(problem: str) -> int:
    print(f"error: {problem}; nothing written", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
