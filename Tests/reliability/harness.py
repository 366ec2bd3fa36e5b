"""What the reliability tests share: the `vigil` binary, a server process that can be SIGKILLed and
started again, HTTP requests, and read-only queries of the database (SQLite or PostgreSQL).

Python's standard library only (urllib, subprocess, sqlite3); PostgreSQL is read through `psql`.
The database is PostgreSQL when DATABASE_URL is set, or VIGIL_TEST_POSTGRES_URL (what
scripts/with-postgres.sh exports); each test then makes a database of its own on that server.
"""
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("VIGIL_BIN") or str(ROOT / ".build" / "debug" / "vigil")
SAMPLES = Path(os.environ.get("VIGIL_SCAN_SAMPLES") or ROOT / "Tests" / "VigilScansTests" / "Samples")


def server_url():
    """The PostgreSQL server to test on, or None for SQLite."""
    return os.environ.get("DATABASE_URL") or os.environ.get("VIGIL_TEST_POSTGRES_URL") or None


_ports_given = set()


def free_port():
    """A port free now and not handed out before by this process (two servers started at once
    must not be given the same one: the second would fail to bind)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _ports_given:
            _ports_given.add(port)
            return port


def fresh_postgres_database(server, prefix):
    """A new, empty database on the server `server` points at; returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", server, "-c", f'CREATE DATABASE "{name}"'],
                   check=True, capture_output=True, text=True, timeout=60)
    parts = urllib.parse.urlsplit(server)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def drop_postgres_database(server, url):
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    subprocess.run(["psql", "-X", "-q", server, "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                   capture_output=True, text=True, timeout=60)


class Deployment:
    """A data folder and, on PostgreSQL, a database of its own: what `vigil` commands and servers act on."""

    def __init__(self, data_dir, database_url=None):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url

    @property
    def postgres(self):
        return self.database_url is not None

    def env(self, data_dir=None):
        env = dict(os.environ, VIGIL_DATA_DIR=str(data_dir or self.data_dir), VIGIL_BCRYPT_COST="4")
        env.pop("DATABASE_URL", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def vigil(self, *args, stdin=None, check=True, timeout=300):
        result = subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True, env=self.env(), timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"vigil {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
        return result

    def query(self, sql):
        """Rows of `sql` as tuples; UUIDs (SQLite blobs, PostgreSQL text) as lower-case text."""
        if self.postgres:
            out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", self.database_url, "-c", sql],
                                 capture_output=True, text=True, timeout=300)
            if out.returncode != 0:
                raise AssertionError(f"psql: {out.stderr.strip()}")
            return [tuple(None if v == "" else v for v in line.split("\x1f")) for line in out.stdout.split("\n") if line]
        db = sqlite3.connect(f"file:{self.data_dir / 'vigil.sqlite'}?mode=ro", uri=True, timeout=30)
        try:
            return [tuple(normalise(v) for v in row) for row in db.execute(sql).fetchall()]
        finally:
            db.close()

    def execute(self, sql, parameters=()):
        """A write outside the server (test set-up only). `?` parameters on SQLite only."""
        if self.postgres:
            self.query(sql)
            return
        db = sqlite3.connect(self.data_dir / "vigil.sqlite", timeout=30)
        try:
            with db:
                db.execute(sql, parameters)
        finally:
            db.close()

    def write_probe(self):
        """Whether a write transaction is open at this instant. SQLite: the write lock is taken
        (`BEGIN IMMEDIATE` is refused at once; when it is not, it is rolled back at once);
        PostgreSQL: a transaction of this database has written (it has an xid)."""
        if self.postgres:
            rows = self.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                              "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL")
            return int(rows[0][0]) > 0
        db = sqlite3.connect(self.data_dir / "vigil.sqlite", timeout=0, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            db.close()

    def integrity(self):
        """SQLite's `PRAGMA integrity_check` and `foreign_key_check`; PostgreSQL: None (it has no such
        check; its own WAL replay is its guarantee, and this test kills Vigil, not PostgreSQL)."""
        if self.postgres:
            return None
        db = sqlite3.connect(f"file:{self.data_dir / 'vigil.sqlite'}?mode=ro", uri=True, timeout=30)
        try:
            integrity = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
            keys = db.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            db.close()
        problems = [] if integrity == ["ok"] else integrity
        problems += [f"foreign key: {row}" for row in keys]
        return problems


def normalise(value):
    if isinstance(value, bytes) and len(value) == 16:
        return str(uuid.UUID(bytes=value))
    if isinstance(value, str) and len(value) == 36 and value.count("-") == 4:
        return value.lower()
    return value


class Server:
    """`vigil serve` on a free port; `kill()` is SIGKILL, no goodbye."""

    def __init__(self, deployment, data_dir=None, port=None, log=None, tmpdir=None):
        self.deployment = deployment
        self.data_dir = data_dir
        self.tmpdir = tmpdir
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = None

    def start(self, timeout=60):
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL
        env = self.deployment.env(self.data_dir)
        if self.tmpdir:
            # Where uploads are streamed to (Foundation's temporary directory).
            os.makedirs(self.tmpdir, exist_ok=True)
            env["TMPDIR"] = str(self.tmpdir)
        self.process = subprocess.Popen([BIN, "serve", "--port", str(self.port)], env=env,
                                        stdout=out, stderr=subprocess.STDOUT)
        if self.log:
            out.close()
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise AssertionError(f"vigil serve exited with {self.process.returncode} (log: {self.log})")
            try:
                if http(self.base + "/healthz", timeout=2)[0] == 200:
                    # Answered by this process, not by another one on the port: it is still running.
                    time.sleep(0.2)
                    if self.process.poll() is not None:
                        raise AssertionError(f"vigil serve exited with {self.process.returncode} (log: {self.log})")
                    return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.05)
        self.kill()
        raise AssertionError("the server did not start")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def alive(self):
        return self.process is not None and self.process.poll() is None


def http(url, token=None, method="GET", body=None, data=None, headers=None, timeout=30, opener=None):
    """(status, parsed JSON or raw bytes, response headers). Connection failures raise OSError."""
    headers = dict(headers or {})
    headers.setdefault("Accept-Language", "en")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with (opener.open(req, timeout=timeout) if opener else urllib.request.urlopen(req, timeout=timeout)) as response:
            return response.status, parse(response.read(), response.headers), response.headers
    except urllib.error.HTTPError as error:
        return error.code, parse(error.read(), error.headers), error.headers


def parse(raw, headers):
    if "json" in (headers.get("Content-Type") or ""):
        try:
            return json.loads(raw or b"null")
        except ValueError:
            return raw
    return raw


def multipart(fields, file_field, file_name, file_bytes):
    """A multipart/form-data body: (content type, bytes)."""
    boundary = "vigil" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode())
    parts.append(file_bytes)
    parts.append(f"\r\n--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def openvas_report(results, seed=0):
    """A Greenbone/OpenVAS report XML with `results` results, distinct findings (host x port x
    NVT), between the header and the footer of the sample report many_vuln.xml. The results are
    short (about 500 bytes) so that the upload is quick beside the import."""
    sample = (SAMPLES / "openvas" / "many_vuln.xml").read_text(encoding="utf-8")
    head, rest = sample.split("<results", 1)
    opening, rest = rest.split(">", 1)
    tail = rest[rest.index("</results>"):]
    rng = random.Random(seed)
    body = []
    for index in range(results):
        host = f"10.{seed % 200}.{index // 2500}.{(index // 10) % 250 + 1}"
        severity = rng.choice(["9.8", "7.5", "5.0", "2.1"])
        body.append(
            f'<result id="{uuid.UUID(int=rng.getrandbits(128))}"><name>r{index}</name>'
            f'<host>{host}<asset/><hostname>h{host.replace(".", "-")}</hostname></host><port>{1000 + index % 10}/tcp</port>'
            f'<nvt oid="1.3.6.1.4.1.25623.1.0.{900000 + index}"><type>nvt</type><name>Synthetic check {index}</name>'
            f'<family>Crash test</family><cvss_base>{severity}</cvss_base>'
            f'<tags>summary=A synthetic weakness.|solution=Update the package.|solution_type=VendorFix</tags>'
            f'<refs><ref id="CVE-2024-{10000 + index % 5000}" type="cve"/></refs></nvt>'
            f'<threat>High</threat><severity>{severity}</severity><qod><value>80</value><type>remote_banner</type></qod>'
            f'<description>Seen by the crash test.</description></result>')
    return (head + "<results" + opening + ">\n" + "\n".join(body) + "\n" + tail).encode()


def copy_binary(target_dir):
    """A private copy of the binary and its resources, so a rebuild does not swap it mid-test."""
    source = Path(BIN)
    target = Path(target_dir)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target / source.name)
    for resources in source.parent.glob("*.resources"):
        shutil.copytree(resources, target / resources.name, dirs_exist_ok=True)
    return str(target / source.name)
