"""Read process facts from /proc: resident memory of a process tree, process age."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


def _ppid(stat_line: str) -> int:
    # "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
    return int(stat_line.rsplit(")", 1)[1].split()[1])


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = _ppid((entry / "stat").read_text())
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def status_kb(pid: int, key: str) -> int:
    """A `kB` field of /proc/<pid>/status (VmRSS, VmHWM); 0 if the process is gone."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_mb(pid: int, key: str = "VmRSS") -> float:
    """Sum of `key` over `pid` and its child processes, in MiB."""
    return sum(status_kb(p, key) for p in descendants(pid)) / 1024


def age_seconds(pid: int) -> float:
    """Seconds since the process started (10 ms resolution)."""
    stat = (PROC / str(pid) / "stat").read_text()
    start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
    uptime = float((PROC / "uptime").read_text().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
