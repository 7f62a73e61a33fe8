"""Fetch axe-core from the npm registry into a local cache, integrity checked.

    python scripts/fetch_axe.py [--cache build/axe]   (make axe)

Downloads the pinned axe-core tarball from registry.npmjs.org (never a CDN),
checks it against the pinned sha512 integrity of the registry's metadata, and
writes axe.min.js to the cache folder; the browser tests load it from there
(page.add_script_tag(path=...)). Does nothing when the cached file is already
there and matches. Prints the path; exit status 1 with a message on failure.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
INTEGRITY = (
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFoo"
    "JpZe37OgudVGtQ=="
)
MEMBER = "package/axe.min.js"
DEFAULT_CACHE = Path(__file__).resolve().parents[1] / "build" / "axe"
TIMEOUT_SECONDS = 60


class FetchError(Exception):
    pass


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def extract(tarball: bytes) -> bytes:
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise FetchError(f"{MEMBER} is not in the axe-core {VERSION} tarball")
        return member.read()


def fetch(cache: Path) -> Path:
    """The path of axe.min.js in `cache`, downloaded and checked if needed."""
    script = cache / "axe.min.js"
    stamp = cache / "axe.min.js.sha512"
    if script.is_file() and stamp.is_file():
        if stamp.read_text().strip() == integrity_of(script.read_bytes()):
            return script
    try:
        with urllib.request.urlopen(TARBALL, timeout=TIMEOUT_SECONDS) as reply:
            tarball = reply.read()
    except OSError as error:
        raise FetchError(f"cannot download {TARBALL}: {error}") from None
    got = integrity_of(tarball)
    if got != INTEGRITY:
        raise FetchError(
            f"axe-core {VERSION}: integrity mismatch (expected {INTEGRITY}, got {got})"
        )
    content = extract(tarball)
    cache.mkdir(parents=True, exist_ok=True)
    script.write_bytes(content)
    stamp.write_text(integrity_of(content) + "\n")
    return script


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    try:
        print(fetch(args.cache))
    except FetchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
