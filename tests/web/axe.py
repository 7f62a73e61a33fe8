"""axe-core in the test browser: fetched from npm into build/axe (make axe), injected
from the local disk, run over the whole document with the WCAG A and AA tags."""

from __future__ import annotations

import subprocess
import sys
from functools import lru_cache
from typing import Any

from playwright.sync_api import Page

from stack.servers import ROOT

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@lru_cache(maxsize=1)
def axe_source() -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "fetch_axe.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"cannot get axe-core: {result.stderr.strip()}")
    with open(result.stdout.strip(), encoding="utf-8") as script:
        return script.read()


def violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations on the whole document (the widget's shadow root included)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                     resultTypes: ['violations']})""",
        WCAG_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
