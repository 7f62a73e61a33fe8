"""The report as Markdown and as one self-contained HTML page (inline SVG charts)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from report.metrics import Report

BAR_COLOUR = "#0b5cad"
TOP_TOPICS = 15
TOP_GROUPS = 30


def percent(value: float) -> str:
    return f"{value * 100:.1f} %"


def summary_rows(report: Report) -> list[tuple[str, str]]:
    return [
        ("Conversations", str(report.conversations)),
        ("Messages from patients", str(report.messages)),
        (
            "Asked to clarify",
            f"{report.clarifications} ({percent(report.rate(report.clarifications))})",
        ),
        (
            "Out of scope",
            f"{report.out_of_scope} ({percent(report.rate(report.out_of_scope))})",
        ),
        ("Symptom escalations", str(report.escalations)),
        ("Requests for a person", str(report.person_requests)),
    ]


def feedback_rows(report: Report) -> list[tuple[str, int, int]]:
    return sorted(
        ((name, c["up"], c["down"]) for name, c in report.feedback.items()),
        key=lambda row: (-(row[1] + row[2]), row[0]),
    )


# ------------------------------------------------------------------ Markdown


def md_cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def md_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def to_markdown(report: Report) -> str:
    parts = [
        f"# Conversation report: the last {report.days} days",
        md_table(["", ""], summary_rows(report)),
        "## Conversations and messages per day",
        md_table(
            ["Day", "Conversations", "Messages"],
            [
                (day, report.conversations_per_day.get(day, 0), count)
                for day, count in report.messages_per_day.items()
            ],
        ),
        "## Topics asked",
        md_table(["Topic", "Questions"], report.topics.most_common(TOP_TOPICS)),
        "## Was this helpful? (thumbs up / down per answer)",
        md_table(["Answer", "Up", "Down"], feedback_rows(report)),
        "## Questions it could not answer (grouped, personal details masked)",
        md_table(
            ["Times", "Question (most common wording)"],
            [(g.count, g.example) for g in report.unanswered[:TOP_GROUPS]],
        ),
    ]
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------------- HTML


def bar_chart(title: str, bars: Sequence[tuple[str, int]], label_width: int) -> str:
    """A horizontal bar chart as inline SVG, with its figures as text too."""
    row, width, chart = 24, 640, 640 - label_width - 60
    height = max(1, len(bars)) * row + 8
    top = max([value for _, value in bars] or [1]) or 1
    items = []
    for i, (label, value) in enumerate(bars):
        y = 4 + i * row
        length = max(1.0, chart * value / top)
        items.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="16" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 16}">{value}</text>'
        )
    if not bars:
        items.append('<text x="8" y="20">No data</text>')
    return (
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" font-size="13" '
        f'font-family="system-ui, sans-serif" fill="#1b1f24">'
        f"<title>{escape(title)}</title>{''.join(items)}</svg>"
    )


def html_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>"
        for row in rows
    )
    if not rows:
        body = f'<tr><td colspan="{len(header)}">None</td></tr>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


STYLE = """
body{font-family:system-ui,sans-serif;color:#1b1f24;max-width:60rem;margin:0 auto;
padding:1rem 1.5rem;line-height:1.5}
table{border-collapse:collapse;margin:0.5rem 0 1.5rem}
th,td{border:1px solid #c9d0d8;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#e9edf2}
"""


def to_html(report: Report) -> str:
    days = list(report.messages_per_day.items())
    sections = [
        f"<h1>Conversation report: the last {report.days} days</h1>",
        '<section aria-labelledby="s-summary"><h2 id="s-summary">Summary</h2>'
        + html_table(["Figure", "Value"], summary_rows(report))
        + "</section>",
        '<section aria-labelledby="s-days"><h2 id="s-days">'
        "Conversations and messages per day</h2>"
        "<h3>Messages from patients</h3>"
        + bar_chart("Messages per day", days, 110)
        + "<h3>Conversations</h3>"
        + bar_chart(
            "Conversations per day", list(report.conversations_per_day.items()), 110
        )
        + html_table(
            ["Day", "Conversations", "Messages"],
            [(d, report.conversations_per_day.get(d, 0), n) for d, n in days],
        )
        + "</section>",
        '<section aria-labelledby="s-topics"><h2 id="s-topics">Topics asked</h2>'
        + bar_chart("Topics asked", report.topics.most_common(TOP_TOPICS), 220)
        + "</section>",
        '<section aria-labelledby="s-feedback"><h2 id="s-feedback">'
        "Was this helpful? Thumbs up and down per answer</h2>"
        + html_table(["Answer", "Up", "Down"], feedback_rows(report))
        + "</section>",
        '<section aria-labelledby="s-unanswered"><h2 id="s-unanswered">'
        "Questions it could not answer</h2>"
        "<p>Grouped by similar wording; phone numbers, e-mail addresses, links and "
        "digits are masked.</p>"
        + html_table(
            ["Times", "Question (most common wording)"],
            [(g.count, g.example) for g in report.unanswered[:TOP_GROUPS]],
        )
        + "</section>",
    ]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Conversation report</title><style>{STYLE}</style></head>"
        f"<body><main>{''.join(sections)}</main></body></html>\n"
    )
