"""`collabdb serve` as the tests run it: the real command in a process of its own, on a free
port of 127.0.0.1, against a copy of the seeded SQLite file; and headless Chromium from
Debian's ``chromium`` and ``chromium-driver`` packages, driven through /usr/bin/chromedriver
(nothing is downloaded). Without Chromium the browser tests are skipped, except under
``CI=true``, where they fail."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Server:
    url: str
    path: Path
    process: subprocess.Popen[bytes]
    log: Path

    def get(self, path: str) -> tuple[int, str]:
        return request(self.url + path)

    def post(self, path: str, data: bytes, content_type: str) -> int:
        status, _ = request(self.url + path, data=data, content_type=content_type)
        return status


def request(url: str, *, data: bytes | None = None, content_type: str = "") -> tuple[int, str]:
    headers = {"Content-Type": content_type} if content_type else {}
    sent = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(sent, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "COLLABDB_URL"}
    return env


@contextmanager
def serving(path: Path, *, data_home: Path | None = None) -> Iterator[Server]:
    """``collabdb --db PATH serve --port N`` until the block ends (then terminated). With
    ``data_home``, no ``--db``: the default database under that XDG_DATA_HOME (``path``)."""
    port = free_port()
    log = path.with_name(path.name + ".serve.log").open("wb")
    database = [] if data_home else ["--db", str(path)]
    env = environment() | ({"XDG_DATA_HOME": str(data_home)} if data_home else {})
    process = subprocess.Popen(
        [sys.executable, "-m", "collabdb", *database, "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Server(url=f"http://127.0.0.1:{port}", path=path, process=process, log=Path(log.name))
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            output = server.log.read_text(encoding="utf-8", errors="replace")
            raise AssertionError(f"collabdb serve exited {server.process.returncode}: {output}")
        try:
            status, _ = server.get("/-/versions.json")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"collabdb serve did not answer on {server.url}")


def chromium_or_skip() -> None:
    """Skip where Chromium is missing, except under CI (where .ci/run installs it)."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} and {CHROMEDRIVER} are missing; .ci/run installs them")
    pytest.skip("headless Chromium is not installed: apt-get install chromium chromium-driver")


def headless_chromium(width: int = 1280, height: int = 1000) -> Any:
    """A headless Chromium driven through Debian's chromedriver, never one downloaded."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",  # the tests may run as root (CI does)
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={width},{height}",
        "--lang=en",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
