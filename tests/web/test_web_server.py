"""stack/web.py: read-only static files, /config.js, security headers."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from stack.servers import ROOT, Stack, free_port, wait_for

WEB_SERVER = [sys.executable, "-m", "stack.web"]


def raw_get(base_url: str, path: str) -> int:
    """GET a path exactly as written (no client-side ../ clean-up); the status."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def test_pages_carry_the_security_headers(stack: Stack) -> None:
    for path in ["/", "/widget/chat-widget.js", "/no-such-file"]:
        reply = requests.get(stack.web_url + path, timeout=10)
        assert reply.headers["X-Content-Type-Options"] == "nosniff", path
        assert reply.headers["Referrer-Policy"] == "no-referrer", path
        policy = {
            directive.split()[0]: directive.split()[1:]
            for directive in reply.headers["Content-Security-Policy"].split(";")
        }
        assert policy["default-src"] == ["'none'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["connect-src"] == ["'self'", stack.rasa_url]


def test_files_have_the_right_types(stack: Stack) -> None:
    expected = {
        "/": "text/html",
        "/widget/chat-widget.js": "text/javascript",
        "/widget/chat-widget.css": "text/css",
        "/favicon.svg": "image/svg+xml",
    }
    for path, content_type in expected.items():
        reply = requests.get(stack.web_url + path, timeout=10)
        assert reply.status_code == 200, path
        assert reply.headers["Content-Type"].startswith(content_type), path


def test_config_js_tells_the_page_where_the_bot_is(stack: Stack) -> None:
    reply = requests.get(f"{stack.web_url}/config.js", timeout=10)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"].startswith("text/javascript")
    assert f'"serverUrl": "{stack.rasa_url}"' in reply.text


def test_no_listings_no_writes_nothing_outside_web(stack: Stack) -> None:
    listing = requests.get(f"{stack.web_url}/widget/", timeout=10)
    assert listing.status_code == 404 and "chat-widget.js" not in listing.text
    for method in ["POST", "PUT", "DELETE"]:
        reply = requests.request(method, f"{stack.web_url}/index.html", timeout=10)
        assert reply.status_code == 405, method
    assert requests.get(f"{stack.web_url}/index.html", timeout=10).status_code == 200
    for path in [
        "/../Makefile",
        "/%2e%2e/Makefile",
        "/..%2fMakefile",
        "/widget/../../Makefile",
    ]:
        assert raw_get(stack.web_url, path) == 404, path


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple]:
    """stack.web on a folder with a hidden file, a bare folder and a symlink out."""
    site = tmp_path / "site"
    (site / "bare").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>")
    (site / ".secret").write_text("secret")
    (tmp_path / "outside.txt").write_text("outside")
    (site / "link.txt").symlink_to(tmp_path / "outside.txt")
    port = free_port()
    env = dict(os.environ, RASA_URL="https://bot.example.org:8443/")
    process = subprocess.Popen(
        [
            *WEB_SERVER,
            "--port",
            str(port),
            "--directory",
            str(site),
            "--quiet",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/", timeout=20, process=process)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_hidden_files_symlinks_out_and_bare_folders_are_not_served(
    own_server: tuple,
) -> None:
    url, _ = own_server
    assert requests.get(f"{url}/", timeout=10).text == "<p>home</p>"
    for path in ["/.secret", "/link.txt", "/bare/"]:
        assert requests.get(url + path, timeout=10).status_code == 404, path
    reply = requests.get(f"{url}/bare", timeout=10, allow_redirects=False)
    assert reply.status_code == 301 and reply.headers["Location"] == "/bare/"
    config = requests.get(f"{url}/config.js", timeout=10)
    assert '"serverUrl": "https://bot.example.org:8443"' in config.text
    policy = config.headers["Content-Security-Policy"]
    assert "connect-src 'self' https://bot.example.org:8443;" in policy


@pytest.mark.parametrize(
    "rasa_url",
    ["javascript:alert(1)", "ftp://bot.example.org", "http://", "http://a b/"],
)
def test_a_bad_rasa_url_is_refused(rasa_url: str) -> None:
    result = subprocess.run(
        [*WEB_SERVER, "--port", str(free_port())],
        env=dict(os.environ, RASA_URL=rasa_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "RASA_URL" in result.stderr
