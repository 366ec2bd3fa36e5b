"""Shared fixtures for Vigil's browser tests.

* ``vigil_server``: starts the Vigil binary (env VIGIL_BIN, default
  ``.build/debug/vigil`` in the repo root) on a free loopback port with a fresh
  data folder, reads the administrator's one-time password from its stdout and
  stops it at the end of the session.
* ``fresh_server``: the same, but a server of its own for one test.
* ``browser``: one headless Chromium (Selenium 4) for the whole session.
* Tests marked ``journey`` run in file order; once one fails, the rest are
  skipped instead of failing with confusing follow-up errors.
"""

import contextlib
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 30.0
PASSWORD_LINE = re.compile(r"One-time password:\s*(\S+)")
ADMIN_LINE = re.compile(r"created the administrator\s+(\S+@\S+)")


class VigilServer:
    def __init__(self, base_url, email, one_time_password, data_dir, log_path):
        self.base_url = base_url
        self.email = email
        self.one_time_password = one_time_password
        self.data_dir = data_dir
        self.log_path = log_path

    def url(self, path):
        return self.base_url + path


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_tail(path, lines=40):
    try:
        text = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return "(no server log)"
    return "\n".join(text[-lines:])


def _stop(proc):
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@contextlib.contextmanager
def started_server(port=None):
    """A `vigil serve` on `port` (default: a free one) and a fresh, empty data folder; stopped and
    removed after. A test that must know the address before the start (e.g. for links in e-mail)
    picks the port with `free_port()`."""
    binary = Path(os.environ.get("VIGIL_BIN") or REPO_ROOT / ".build" / "debug" / "vigil")
    if not binary.is_absolute():
        binary = (Path.cwd() / binary).resolve()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.fail(f"Vigil binary not found or not executable: {binary} (set VIGIL_BIN)")

    data_dir = tempfile.mkdtemp(prefix="vigil-browser-data-")
    log_path = os.path.join(data_dir, "server-stderr.log")
    port = port or free_port()
    env = dict(os.environ, VIGIL_DATA_DIR=data_dir)
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [str(binary), "serve", "--port", str(port)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=log,
        env=env,
        cwd=str(REPO_ROOT),
        text=True,
        bufsize=1,
    )

    # A reader thread keeps draining stdout (so the server never blocks on a
    # full pipe) and hands lines over through a queue we can wait on with a
    # timeout.
    lines = queue.Queue()
    stdout_seen = []

    def pump():
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()

    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        email, password = "admin@vigil.local", None
        while password is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail(
                    f"Timed out after {STARTUP_TIMEOUT:.0f}s waiting for the "
                    f"'One-time password:' line on the server's stdout.\n"
                    f"stdout so far:\n{''.join(stdout_seen)}\n"
                    f"stderr tail:\n{_log_tail(log_path)}"
                )
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                pytest.fail(
                    f"Server exited (code {proc.wait()}) before printing the "
                    f"one-time password.\nstdout:\n{''.join(stdout_seen)}\n"
                    f"stderr tail:\n{_log_tail(log_path)}"
                )
            stdout_seen.append(line)
            if m := ADMIN_LINE.search(line):
                email = m.group(1)
            if m := PASSWORD_LINE.search(line):
                password = m.group(1)

        base_url = f"http://127.0.0.1:{port}"
        # The password may be printed before the listener is up: wait for it.
        while True:
            try:
                with urllib.request.urlopen(base_url + "/login", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if proc.poll() is not None:
                pytest.fail(f"Server exited early.\nstderr tail:\n{_log_tail(log_path)}")
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Server did not answer on {base_url}/login within "
                    f"{STARTUP_TIMEOUT:.0f}s.\nstderr tail:\n{_log_tail(log_path)}"
                )
            time.sleep(0.2)

        yield VigilServer(base_url, email, password, data_dir, log_path)
    finally:
        _stop(proc)
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def vigil_server():
    with started_server() as server:
        yield server


@pytest.fixture
def fresh_server():
    """A server of its own on an empty data folder, for journeys that start from nothing."""
    with started_server() as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for arg in (
        "--headless=new",
        "--no-sandbox",  # we run as root in CI
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--lang=vi",
        "--window-size=1280,900",
    ):
        options.add_argument(arg)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_window_size(1280, 900)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def screenshot(browser):
    """screenshot(name) saves a PNG to $VIGIL_SCREENSHOTS, if that is set."""
    folder = os.environ.get("VIGIL_SCREENSHOTS")
    counter = [0]
    if folder:
        os.makedirs(folder, exist_ok=True)

    def take(name):
        if not folder:
            return None
        counter[0] += 1
        path = os.path.join(folder, f"{counter[0]:02d}-{name}.png")
        assert browser.save_screenshot(path), f"could not save screenshot {path}"
        return path

    return take


# --- ordered journey: skip the remaining steps once one has failed ----------

_journey_failed = {}


def pytest_configure(config):
    config.addinivalue_line("markers", "journey: ordered step of the browser journey")


def pytest_runtest_makereport(item, call):
    if (
        call.excinfo is not None
        and not call.excinfo.errisinstance(pytest.skip.Exception)
        and item.get_closest_marker("journey")
    ):
        _journey_failed.setdefault(item.module.__name__, item.name)


def pytest_runtest_setup(item):
    if item.get_closest_marker("journey"):
        failed = _journey_failed.get(item.module.__name__)
        if failed:
            pytest.skip(f"earlier journey step failed: {failed}")
