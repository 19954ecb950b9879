"""Runs the app under a real uvicorn process on 127.0.0.1 and calls it over HTTP."""

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

APP_DIR = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 20.0
LISTENING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


@pytest.fixture()
def base_url() -> Iterator[str]:
    # Port 0: the OS picks a free port and uvicorn logs the one it bound.
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "main:app", "--host", "127.0.0.1", "--port", "0"],
        cwd=APP_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    port: list[str] = []
    seen: list[str] = []

    def read_log() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            seen.append(line)
            match = LISTENING.search(line)
            if match and not port:
                port.append(match.group(1))

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not port and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        assert port, f"uvicorn did not start within {STARTUP_TIMEOUT_S}s: {''.join(seen)}"
        yield f"http://127.0.0.1:{port[0]}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        reader.join(timeout=5)


def test_real_server_answers_each_endpoint(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=5.0) as http:
        got = http.get("/healthy")
        assert got.status_code == 200
        assert got.json() == {"status": "Healthy"}

        echoed = http.post("/healthy", json={"hello": "kong"})
        assert echoed.status_code == 200
        assert echoed.json() == {"status": "Healthy", "received": {"hello": "kong"}}

        who = http.get("/healthy/whoami", headers={"X-Consumer-Username": "fastapi-consumer"})
        assert who.status_code == 200
        assert who.json()["consumer_username"] == "fastapi-consumer"
        assert who.json()["credential_identifier"] is None
