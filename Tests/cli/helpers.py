"""What the command-line and agent tests share: the binary, a running server, requests."""
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("VIGIL_BIN") or str(ROOT / ".build" / "debug" / "vigil")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def vigil(data_dir, *args, stdin=None, check=True):
    env = dict(os.environ, VIGIL_DATA_DIR=str(data_dir), VIGIL_BCRYPT_COST="4")
    env.pop("DATABASE_URL", None)
    result = subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"vigil {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result


def request(url, token=None, method="GET", body=None):
    headers = {"Accept-Language": "en"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


class Server:
    def __init__(self, data_dir, database_url=None, extra_env=None):
        self.port = free_port()
        env = dict(os.environ, VIGIL_DATA_DIR=str(data_dir), VIGIL_BCRYPT_COST="4", **(extra_env or {}))
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        self.process = subprocess.Popen([BIN, "serve", "--port", str(self.port)], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if request(self.base + "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError("the server did not start")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
