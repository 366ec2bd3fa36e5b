#!/usr/bin/env python3
"""Soak test of a `vigil serve`: a mixed load for a fixed time, then throughput, latency, errors
and the server's memory over time (scripts/soak.sh runs it; docs/RELIABILITY.md has the figures).

  scripts/soak.py --minutes 10 --bin .build/release/vigil --data-dir DIR --svg OUT.svg [--json OUT.json]

Standard library only. The database is SQLite in the data folder, or PostgreSQL when DATABASE_URL
is set in the environment (the command line and the server both read it).

What runs, concurrently, for the whole time (closed loops, each with a short pause between
requests; every worker keeps one HTTP/1.1 connection open, as browsers and agents do):

- staff (role `reporter`, API token) report incidents: `POST /api/v1/incidents` -> 201;
- responders (role `responder`), signed in through the login form with its CSRF token, browse
  HTML pages with their session cookie: the dashboard `/`, `/incidents`, an incident's page,
  `/vulnerabilities/findings`, a finding's page, `/assets/hosts`, a host's page -> 200 each
  (a redirect to the login page would be a lost session, so it counts as an error);
- simulated agents post check-ins (`POST /api/v1/checkins`, docs/CHECKIN.md) for a fixed set of
  hosts, each report newer than that host's last -> 200 or 201; now and then a host's software
  list changes;
- a focal point imports a Greenbone/OpenVAS report (`POST /api/v1/scans`, multipart) every
  `--import-every` seconds, alternating two generated reports so that findings are fixed and
  reopened -> 201; after each import it lists the scan's findings (`GET /api/v1/findings`) so
  that responders have findings to open.

Every few seconds the server's resident memory (VmRSS in /proc/PID/status) and CPU time are
sampled. Memory is called flat when the mean RSS of the last quarter of the run is at most
`--flat-tolerance` (10 %) above the mean of the second quarter (the first quarter is warm-up:
caches and connection pools fill).

Each kind's p99 is also given for the requests that did not overlap a scan import: on SQLite the
import's transaction holds the one write lock for its whole length.

Exit status: 0 when every request succeeded, memory was flat, the server was still running at the
end and its log has no error line; 1 otherwise."""
import argparse
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = Path("/work/shared/samples/scans/openvas")
PASSWORD = "a long enough soak passphrase"


# ---------------------------------------------------------------------------------------------
# Recording


class Recorder:
    """Latencies (with when each request ended) and failures per request kind, shared by all
    workers."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {}
        self.ended = {}
        self.errors = {}
        self.error_samples = {}

    def ok(self, kind, seconds):
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            self.ended.setdefault(kind, []).append(time.monotonic())
            self.errors.setdefault(kind, 0)

    def fail(self, kind, seconds, reason):
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            self.ended.setdefault(kind, []).append(time.monotonic())
            self.errors[kind] = self.errors.get(kind, 0) + 1
            samples = self.error_samples.setdefault(kind, [])
            if len(samples) < 5:
                samples.append(reason[:300])

    def summary(self, duration, imports):
        """Per kind: count, requests per second, p50/p99/max in milliseconds, errors; and the p99
        of the requests that did not overlap a scan import (`imports`: monotonic start and end)."""
        rows = {}
        with self.lock:
            for kind in sorted(self.latencies):
                values = sorted(self.latencies[kind])
                apart = sorted(latency for latency, end in zip(self.latencies[kind], self.ended[kind])
                               if not any(start < end and end - latency < stop for start, stop in imports))
                rows[kind] = {
                    "count": len(values),
                    "per_second": len(values) / duration,
                    "p50_ms": percentile(values, 50) * 1000,
                    "p99_ms": percentile(values, 99) * 1000,
                    "max_ms": values[-1] * 1000,
                    "count_apart_from_imports": len(apart),
                    "p99_apart_from_imports_ms": percentile(apart, 99) * 1000,
                    "errors": self.errors.get(kind, 0),
                    "error_samples": self.error_samples.get(kind, []),
                }
        return rows


def percentile(sorted_values, p):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


# ---------------------------------------------------------------------------------------------
# HTTP


class Client:
    """One keep-alive connection; a request that fails closes it, and the next one reconnects.
    A failed request is never retried: it is reported as an error."""

    def __init__(self, port, recorder, timeout=120):
        self.port = port
        self.recorder = recorder
        self.timeout = timeout
        self.connection = None

    def _connection(self):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        return self.connection

    def raw(self, method, path, body=None, headers=None):
        """The status, headers and body, or an exception (the connection is then dropped)."""
        try:
            connection = self._connection()
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            if response.will_close:
                self.close()
            return response.status, response.headers, data
        except Exception:
            self.close()
            raise

    def call(self, kind, method, path, expect, body=None, headers=None):
        """Times one request and records it under `kind`; answers the body when the status is one
        of `expect`, else None (an error is recorded)."""
        started = time.perf_counter()
        try:
            status, response_headers, data = self.raw(method, path, body, headers)
        except Exception as error:  # connection refused or reset, timeout: all errors
            self.recorder.fail(kind, time.perf_counter() - started, f"{method} {path}: {type(error).__name__}: {error}")
            return None
        elapsed = time.perf_counter() - started
        if status not in expect:
            where = response_headers.get("Location", "")
            self.recorder.fail(kind, elapsed, f"{method} {path}: {status} {where} {data[:200]!r}")
            return None
        self.recorder.ok(kind, elapsed)
        return data

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def iso(moment):
    """ISO 8601 in UTC with milliseconds, as agents send it."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


# ---------------------------------------------------------------------------------------------
# Setup: the command line, the reports, the server


class Setup:
    """A fresh data folder bootstrapped with the `vigil` command line: a province, an agency,
    its users and tokens, and the enrolment token of its agents."""

    def __init__(self, binary, data_dir, reporters, responders):
        self.binary = binary
        self.data_dir = Path(data_dir)
        self.env = dict(os.environ, VIGIL_DATA_DIR=str(self.data_dir), VIGIL_BCRYPT_COST="4")
        province = self.vigil("org", "create", "--name", "Tỉnh Soak", "--kind", "province")
        self.agency = self.vigil("org", "create", "--name", "Sở Thử tải", "--parent", province, "--kind", "agency")
        self.staff_tokens = []
        for index in range(reporters):
            email = f"staff{index}@soak.gov.vn"
            self.vigil("user", "create", "--email", email, "--org", self.agency, "--role", "reporter",
                       "--password-stdin", stdin=PASSWORD + "\n")
            self.staff_tokens.append(self.vigil("token", "create", "--user", email, "--name", "soak", "--expires-days", "7"))
        self.responder_emails = []
        for index in range(responders):
            email = f"responder{index}@soak.gov.vn"
            self.vigil("user", "create", "--email", email, "--org", self.agency, "--role", "responder",
                       "--password-stdin", stdin=PASSWORD + "\n")
            self.responder_emails.append(email)
        self.vigil("user", "create", "--email", "focal@soak.gov.vn", "--org", self.agency, "--role", "focal_point",
                   "--password-stdin", stdin=PASSWORD + "\n")
        self.focal_token = self.vigil("token", "create", "--user", "focal@soak.gov.vn", "--name", "soak", "--expires-days", "7")
        self.enrolment_token = self.vigil("enrolment", "create", "--org", self.agency)

    def vigil(self, *args, stdin=None):
        """Runs the command line; answers its standard output, stripped."""
        result = subprocess.run([self.binary, *args], input=stdin, capture_output=True, text=True, env=self.env, timeout=300)
        if result.returncode != 0:
            raise SystemExit(f"soak: vigil {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
        return result.stdout.strip()


def make_reports(folder, megabytes):
    """Two OpenVAS reports of about `megabytes` each from the samples
    (Benchmarks/scans/make-openvas-report.py): all results, and a tenth of them left out."""
    generator = ROOT / "Benchmarks" / "scans" / "make-openvas-report.py"
    samples = SAMPLES if SAMPLES.is_dir() else ROOT / "Tests" / "VigilScansTests" / "Samples" / "openvas"
    paths = []
    for name, extra in (("full.xml", []), ("partial.xml", ["--drop", "0.1", "--seed", "2"])):
        path = Path(folder) / name
        subprocess.run([sys.executable, str(generator), str(path), "--megabytes", str(megabytes), "--samples", str(samples), *extra],
                       check=True, stdout=subprocess.DEVNULL)
        paths.append(path)
    return paths


def multipart(fields, file_name, file_bytes):
    """A multipart/form-data body: the text fields, then the file."""
    boundary = "soak" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
                 'Content-Type: application/xml\r\n\r\n'.encode())
    parts.append(file_bytes)
    parts.append(f"\r\n--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Server:
    """`vigil serve` on a port of its own, its output in the data folder."""

    def __init__(self, binary, env, port, log_path):
        self.port = port
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen([binary, "serve", "--port", str(port)], env=dict(env, LOG_LEVEL="warning"),
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"soak: the server exited at start ({self.process.returncode}); see {log_path}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit("soak: the server did not start within 60 s")

    def stop(self):
        """SIGTERM, then the exit status (None if it had to be killed)."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None
        finally:
            self.log.close()


# ---------------------------------------------------------------------------------------------
# Workers


class Shared:
    """What the workers learn from each other: the ids of incidents, hosts and findings."""

    def __init__(self):
        self.lock = threading.Lock()
        self.incidents = []
        self.hosts = []
        self.findings = []
        self.import_times = []
        self.import_windows = []
        self.import_outcomes = []

    def add(self, name, values):
        with self.lock:
            target = getattr(self, name)
            target.extend(values)
            # Keep the most recent few thousand: recent records are the ones people open.
            del target[:-5000]

    def pick(self, name, rng):
        with self.lock:
            values = getattr(self, name)
            return rng.choice(values) if values else None


def staff_worker(index, token, port, recorder, shared, stop, pause):
    """A member of staff reporting incidents through the API."""
    rng = random.Random(1000 + index)
    client = Client(port, recorder)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept-Language": "en"}
    number = 0
    while not stop.is_set():
        number += 1
        now = datetime.now(timezone.utc)
        body = {
            "title": f"Máy trạm {index}-{number} có dấu hiệu mã độc",
            "description": "Người dùng báo máy chậm, có cửa sổ lạ yêu cầu chuyển tiền. "
                           f"Địa chỉ 10.20.{index}.{number % 250} kết nối tới 203.0.113.{number % 250}.",
            "discoveredAt": iso(now - timedelta(minutes=rng.randint(1, 120))),
            "systemName": rng.choice(["Cổng dịch vụ công", "Một cửa điện tử", "Thư điện tử công vụ"]),
            "reporterContact": f"0912 000 {index:03d}",
        }
        data = client.call("incident report (API)", "POST", "/api/v1/incidents", {201}, json.dumps(body).encode(), headers)
        if data:
            shared.add("incidents", [json.loads(data)["id"]])
        stop.wait(pause * rng.uniform(0.5, 1.5))
    client.close()


def sign_in(client, email):
    """Signs in through the login form (GET for its CSRF token and cookie, then POST); answers the
    session cookie's value, or None (an error is recorded)."""
    started = time.perf_counter()
    try:
        status, headers, data = client.raw("GET", "/login", headers={"Accept-Language": "en"})
        csrf_cookie = re.search(r"vigil_csrf=([^;]+)", headers.get("Set-Cookie", ""))
        field = re.search(rb'name="_csrf"\s+value="([^"]+)"', data) or re.search(rb'value="([^"]+)"\s+name="_csrf"', data)
        if status != 200 or not csrf_cookie or not field:
            raise RuntimeError(f"login page: {status}, csrf cookie {bool(csrf_cookie)}, field {bool(field)}")
        form = urllib.parse.urlencode({"email": email, "password": PASSWORD, "_csrf": field.group(1).decode(), "next": "/"})
        status, headers, data = client.raw("POST", "/login", form.encode(), {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"vigil_csrf={csrf_cookie.group(1)}"})
        session = re.search(r"vigil_session=([^;]+)", ", ".join(headers.get_all("Set-Cookie") or []))
        if status not in (302, 303) or not session:
            raise RuntimeError(f"login: {status} {data[:200]!r}")
    except Exception as error:
        client.recorder.fail("sign-in (form)", time.perf_counter() - started, f"{email}: {error}")
        return None
    client.recorder.ok("sign-in (form)", time.perf_counter() - started)
    return session.group(1)


def responder_worker(index, email, port, recorder, shared, stop, pause):
    """A responder browsing the HTML pages with a session cookie, in a mix of list and record
    pages."""
    rng = random.Random(2000 + index)
    client = Client(port, recorder)
    session = None
    while session is None and not stop.is_set():
        session = sign_in(client, email)
        if session is None:
            stop.wait(5)
    headers = {"Cookie": f"vigil_session={session}", "Accept-Language": "en"}
    pages = [
        ("page: dashboard", lambda: "/", 2),
        ("page: incident list", lambda: "/incidents", 3),
        ("page: incident", lambda: pick_path(shared, "incidents", "/incidents/", rng), 4),
        ("page: findings list", lambda: "/vulnerabilities/findings", 2),
        ("page: finding", lambda: pick_path(shared, "findings", "/vulnerabilities/findings/", rng), 2),
        ("page: hosts list", lambda: "/assets/hosts", 2),
        ("page: host", lambda: pick_path(shared, "hosts", "/assets/hosts/", rng), 2),
    ]
    weights = [weight for _, _, weight in pages]
    while not stop.is_set():
        kind, path_of, _ = rng.choices(pages, weights)[0]
        path = path_of()
        if path is not None:
            client.call(kind, "GET", path, {200}, headers=headers)
        stop.wait(pause * rng.uniform(0.5, 1.5))
    client.close()


def pick_path(shared, name, prefix, rng):
    """The path of a random known record, or None while there is none."""
    value = shared.pick(name, rng)
    return prefix + value if value else None


def agent_worker(index, machines, token, port, recorder, shared, stop, pause):
    """Agents of `machines` hosts taking turns: each report newer than that host's last, with
    30 packages; one report in twenty changes a package's version (the list is stored again)."""
    rng = random.Random(3000 + index)
    client = Client(port, recorder)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept-Language": "en"}
    last_sent = {}
    releases = {machine: 0 for machine in machines}
    turn = 0
    while not stop.is_set():
        machine = machines[turn % len(machines)]
        turn += 1
        now = datetime.now(timezone.utc)
        sent = max(now, last_sent.get(machine, now - timedelta(seconds=1)) + timedelta(milliseconds=1))
        last_sent[machine] = sent
        if rng.random() < 0.05:
            releases[machine] += 1
        software = [{"name": f"package-{n}", "vendor": "Debian", "version": f"1.{n}.{releases[machine] if n == 1 else 0}-1"}
                    for n in range(1, 31)]
        body = {
            "machineId": f"soak-{machine:06d}", "hostname": f"ws-soak-{machine:06d}", "sentAt": iso(sent),
            "addresses": [f"10.99.{machine // 250}.{machine % 250 + 1}"],
            "os": {"name": "Debian GNU/Linux", "version": "12"}, "role": "workstation", "software": software,
            "antimalware": [{"product": "ClamAV", "version": "1.0.7", "enabled": True, "realTime": True, "managed": True,
                             "signatureDate": now.strftime("%Y-%m-%dT00:00:00Z")}],
        }
        data = client.call("check-in (agent)", "POST", "/api/v1/checkins", {200, 201}, json.dumps(body).encode(), headers)
        if data and turn <= len(machines):
            shared.add("hosts", [json.loads(data)["hostId"]])
        stop.wait(pause * rng.uniform(0.5, 1.5))
    client.close()


def import_worker(token, agency, reports, port, recorder, shared, stop, every, started_at):
    """A focal point importing a scanner report every `every` seconds, alternating the two
    reports, then listing that scan's findings through the API."""
    client = Client(port, recorder, timeout=600)
    bodies = [multipart({"org": agency}, path.name, path.read_bytes()) for path in reports]
    auth = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    number = 0
    while not stop.is_set():
        body, content_type = bodies[number % len(bodies)]
        number += 1
        began = time.monotonic()
        shared.import_times.append(began - started_at)
        data = client.call("scan import (API, multipart)", "POST", "/api/v1/scans", {201}, body,
                           dict(auth, **{"Content-Type": content_type}))
        shared.import_windows.append((began, time.monotonic()))
        if data:
            outcome = json.loads(data)
            shared.import_outcomes.append({key: outcome.get(key) for key in ("findings", "new", "unchanged", "fixed", "reopened", "seconds")})
            listed = client.call("findings list (API)", "GET", f"/api/v1/findings?scan={outcome['scanId']}&limit=200", {200}, headers=auth)
            if listed:
                shared.add("findings", [item["id"] for item in json.loads(listed)["items"]])
        stop.wait(every)
    client.close()


def memory_sampler(pid, stop, every, started_at, samples):
    """Every `every` seconds: (seconds since the start, VmRSS in kB, CPU seconds used)."""
    ticks = os.sysconf("SC_CLK_TCK")
    while True:
        try:
            with open(f"/proc/{pid}/status") as status:
                rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
                cpu = (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, StopIteration):
            return
        samples.append((time.monotonic() - started_at, rss, cpu))
        if stop.wait(every):
            return


# ---------------------------------------------------------------------------------------------
# Memory verdict and plot


def memory_verdict(samples, duration, tolerance):
    """Start, end, max, the means of the second and last quarters, the slope over the second half
    (MB per minute, least squares) and whether memory is flat (see the module's docstring)."""
    rss = [(t, kb / 1024) for t, kb, _ in samples]
    second = [mb for t, mb in rss if duration / 4 <= t < duration / 2]
    last = [mb for t, mb in rss if t >= duration * 3 / 4]
    half = [(t / 60, mb) for t, mb in rss if t >= duration / 2]
    slope = 0.0
    if len(half) > 2:
        mean_t = statistics.fmean(t for t, _ in half)
        mean_m = statistics.fmean(m for _, m in half)
        denominator = sum((t - mean_t) ** 2 for t, _ in half)
        slope = sum((t - mean_t) * (m - mean_m) for t, m in half) / denominator if denominator else 0.0
    q2 = statistics.fmean(second) if second else float("nan")
    q4 = statistics.fmean(last) if last else float("nan")
    return {
        "start_mb": rss[0][1], "end_mb": rss[-1][1], "max_mb": max(mb for _, mb in rss),
        "second_quarter_mean_mb": q2, "last_quarter_mean_mb": q4, "growth": q4 / q2 - 1 if second and last else None,
        "second_half_slope_mb_per_min": slope, "tolerance": tolerance,
        "flat": bool(second and last and q4 <= q2 * (1 + tolerance)),
    }


def svg_plot(samples, duration, verdict, import_times, title, path):
    """A hand-written SVG of RSS (MB) over time (minutes): the samples as a line, the second and
    last quarters shaded with their means dashed, each import marked at the top."""
    width, height = 820, 400
    left, right, top, bottom = 70, 20, 50, 55
    plot_w, plot_h = width - left - right, height - top - bottom
    minutes = max(duration / 60, 1e-6)
    peak = max(kb for _, kb, _ in samples) / 1024
    step = next(s for s in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000) if peak * 1.15 / s <= 8)
    y_max = step * (int(peak * 1.15 / step) + 1)
    x_step = next(s for s in (0.5, 1, 2, 5, 10, 15, 30, 60) if minutes / s <= 12)

    def x(t_minutes):
        return left + plot_w * t_minutes / minutes

    def y(mb):
        return top + plot_h * (1 - mb / y_max)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">{escape(title)}</text>']
    for start, end, label in ((0.25, 0.5, "2nd quarter"), (0.75, 1.0, "last quarter")):
        out.append(f'<rect x="{x(minutes * start):.1f}" y="{top}" width="{x(minutes * end) - x(minutes * start):.1f}" '
                   f'height="{plot_h}" fill="#eef3fb"/>')
        out.append(f'<text x="{(x(minutes * start) + x(minutes * end)) / 2:.1f}" y="{top + plot_h - 6}" text-anchor="middle" '
                   f'fill="#6b7c93" font-size="11">{label}</text>')
    for mb in range(0, int(y_max) + 1, step):
        out.append(f'<line x1="{left}" y1="{y(mb):.1f}" x2="{left + plot_w}" y2="{y(mb):.1f}" stroke="#dddddd"/>')
        out.append(f'<text x="{left - 8}" y="{y(mb) + 4:.1f}" text-anchor="end">{mb}</text>')
    tick = 0.0
    while tick <= minutes + 1e-9:
        out.append(f'<line x1="{x(tick):.1f}" y1="{top + plot_h}" x2="{x(tick):.1f}" y2="{top + plot_h + 5}" stroke="#333"/>')
        out.append(f'<text x="{x(tick):.1f}" y="{top + plot_h + 19}" text-anchor="middle">{tick:g}</text>')
        tick += x_step
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#333"/>')
    out.append(f'<text x="{left + plot_w / 2}" y="{height - 12}" text-anchor="middle">minutes</text>')
    out.append(f'<text x="18" y="{top + plot_h / 2}" text-anchor="middle" transform="rotate(-90 18 {top + plot_h / 2})">'
               'resident memory (MB)</text>')
    for t in import_times:
        out.append(f'<line x1="{x(t / 60):.1f}" y1="{top}" x2="{x(t / 60):.1f}" y2="{top + 8}" stroke="#c0392b" stroke-width="2"/>')
    for start, end, key in ((0.25, 0.5, "second_quarter_mean_mb"), (0.75, 1.0, "last_quarter_mean_mb")):
        mean = verdict[key]
        if mean == mean:  # not NaN
            out.append(f'<line x1="{x(minutes * start):.1f}" y1="{y(mean):.1f}" x2="{x(minutes * end):.1f}" y2="{y(mean):.1f}" '
                       'stroke="#2c7a3f" stroke-width="1.5" stroke-dasharray="6 4"/>')
    points = " ".join(f"{x(t / 60):.1f},{y(kb / 1024):.1f}" for t, kb, _ in samples)
    out.append(f'<polyline points="{points}" fill="none" stroke="#1f5fae" stroke-width="1.6"/>')
    growth = verdict["growth"]
    legend = (f'RSS start {verdict["start_mb"]:.0f} MB, end {verdict["end_mb"]:.0f} MB, max {verdict["max_mb"]:.0f} MB; '
              f'last quarter vs 2nd: {growth * 100:+.1f} % ({"flat" if verdict["flat"] else "NOT flat"}); '
              'red ticks: scan imports; dashed: quarter means')
    out.append(f'<text x="{left}" y="{top - 10}" font-size="11" fill="#333">{escape(legend)}</text>')
    out.append("</svg>")
    Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--bin", default=os.environ.get("VIGIL_BIN") or str(ROOT / ".build" / "release" / "vigil"))
    parser.add_argument("--data-dir", help="a fresh folder (default: a temporary one, removed after)")
    parser.add_argument("--port", type=int, default=18190)
    parser.add_argument("--svg", help="where to write the memory plot")
    parser.add_argument("--json", help="where to write the figures")
    parser.add_argument("--label", default="PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite")
    parser.add_argument("--reporters", type=int, default=2, help="staff reporting incidents")
    parser.add_argument("--responders", type=int, default=4, help="responders browsing pages")
    parser.add_argument("--agent-workers", type=int, default=2, help="connections posting check-ins")
    parser.add_argument("--hosts", type=int, default=400, help="simulated agents")
    parser.add_argument("--report-pause", type=float, default=1.0, help="mean seconds between a reporter's incidents")
    parser.add_argument("--browse-pause", type=float, default=0.25, help="mean seconds between a responder's pages")
    parser.add_argument("--checkin-pause", type=float, default=0.02, help="mean seconds between an agent connection's check-ins")
    parser.add_argument("--import-every", type=float, default=60, help="seconds between the end of an import and the next")
    parser.add_argument("--import-mb", type=float, default=10, help="size of each generated OpenVAS report")
    parser.add_argument("--sample-every", type=float, default=2, help="seconds between memory samples")
    parser.add_argument("--flat-tolerance", type=float, default=0.10)
    args = parser.parse_args()

    temporary = None
    if args.data_dir:
        data_dir = Path(args.data_dir)
        if data_dir.exists() and any(data_dir.iterdir()):
            raise SystemExit(f"soak: {data_dir} is not empty")
    else:
        temporary = tempfile.TemporaryDirectory(prefix="vigil-soak.")
        data_dir = Path(temporary.name) / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    work = data_dir.parent / (data_dir.name + "-reports")
    work.mkdir(exist_ok=True)

    print(f"soak: {args.label}, {args.minutes:g} min, binary {args.bin}, data {data_dir}", flush=True)
    setup = Setup(args.bin, data_dir, args.reporters, args.responders)
    reports = make_reports(work, args.import_mb)
    print(f"soak: reports {', '.join(f'{p.name} {p.stat().st_size / 1048576:.1f} MB' for p in reports)}", flush=True)
    server = Server(args.bin, setup.env, args.port, data_dir / "serve.log")
    recorder, shared, stop = Recorder(), Shared(), threading.Event()
    samples = []
    started_at = time.monotonic()
    duration = args.minutes * 60
    threads = [threading.Thread(target=memory_sampler, args=(server.process.pid, stop, args.sample_every, started_at, samples))]
    threads.append(threading.Thread(target=import_worker, args=(setup.focal_token, setup.agency, reports, args.port, recorder,
                                                                shared, stop, args.import_every, started_at)))
    machines = list(range(args.hosts))
    for index in range(args.agent_workers):
        threads.append(threading.Thread(target=agent_worker, args=(index, machines[index::args.agent_workers], setup.enrolment_token,
                                                                   args.port, recorder, shared, stop, args.checkin_pause)))
    for index, token in enumerate(setup.staff_tokens):
        threads.append(threading.Thread(target=staff_worker, args=(index, token, args.port, recorder, shared, stop, args.report_pause)))
    for index, email in enumerate(setup.responder_emails):
        threads.append(threading.Thread(target=responder_worker, args=(index, email, args.port, recorder, shared, stop, args.browse_pause)))
    for thread in threads:
        thread.daemon = True
        thread.start()
    try:
        while not stop.wait(min(30, max(0.1, duration - (time.monotonic() - started_at)))):
            elapsed = time.monotonic() - started_at
            done = sum(len(v) for v in recorder.latencies.values())
            errors = sum(recorder.errors.values())
            rss = samples[-1][1] / 1024 if samples else 0
            print(f"soak: {elapsed / 60:5.1f} min, {done} requests, {errors} errors, RSS {rss:.0f} MB", flush=True)
            if elapsed >= duration or server.process.poll() is not None:
                break
    except KeyboardInterrupt:
        print("soak: interrupted", flush=True)
    stop.set()
    for thread in threads:
        thread.join(timeout=600)
    measured = time.monotonic() - started_at
    alive = server.process.poll() is None
    exit_status = server.stop()
    log_text = (data_dir / "serve.log").read_text(errors="replace")
    error_lines = [line for line in log_text.splitlines() if re.search(r"\[ (ERROR|CRITICAL) \]", line)]

    rows = recorder.summary(measured, shared.import_windows)
    verdict = memory_verdict(samples, measured, args.flat_tolerance)
    cpu = samples[-1][2] - samples[0][2] if len(samples) > 1 else 0.0
    total_errors = sum(row["errors"] for row in rows.values())
    print()
    print(f"{'kind':34} {'count':>8} {'per s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7} "
          f"{'p99 apart from imports':>24}")
    for kind, row in rows.items():
        print(f"{kind:34} {row['count']:8d} {row['per_second']:8.2f} {row['p50_ms']:8.1f} {row['p99_ms']:8.1f} "
              f"{row['max_ms']:8.1f} {row['errors']:7d} " + (f"{row['p99_apart_from_imports_ms']:12.1f} ({row['count_apart_from_imports']})"
                                                     if row['count_apart_from_imports'] else f"{'-':>12}"))
        for sample in row["error_samples"]:
            print(f"    {sample}")
    total = sum(row["count"] for row in rows.values())
    print(f"{'all':34} {total:8d} {total / measured:8.2f} {'':8} {'':8} {'':8} {total_errors:7d}")
    print()
    print(f"duration {measured:.0f} s; server CPU {cpu:.0f} s ({cpu / measured * 100:.0f} % of one core); "
          f"server alive at the end: {alive}, exit status after SIGTERM: {exit_status}; "
          f"error lines in its log: {len(error_lines)}")
    for line in error_lines[:5]:
        print(f"    {line[:300]}")
    print(f"imports: {len(shared.import_outcomes)}; " + "; ".join(
        f"{o['findings']} findings ({o['new']} new, {o['unchanged']} unchanged, {o['fixed']} fixed, {o['reopened']} reopened) "
        f"in {o['seconds']:.2f} s" for o in shared.import_outcomes[:2]))
    growth = verdict["growth"]
    print(f"RSS: start {verdict['start_mb']:.1f} MB, end {verdict['end_mb']:.1f} MB, max {verdict['max_mb']:.1f} MB; "
          f"mean of the 2nd quarter {verdict['second_quarter_mean_mb']:.1f} MB, of the last {verdict['last_quarter_mean_mb']:.1f} MB "
          f"({(growth or 0) * 100:+.1f} %, rule: at most +{args.flat_tolerance * 100:.0f} %); "
          f"slope over the second half {verdict['second_half_slope_mb_per_min']:+.2f} MB/min -> "
          f"{'FLAT' if verdict['flat'] else 'NOT FLAT'}")
    if args.svg:
        svg_plot(samples, measured, verdict, shared.import_times,
                 f"Vigil RSS under mixed load, {args.label}, {measured / 60:.0f} min", args.svg)
        print(f"plot: {args.svg}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "label": args.label, "seconds": measured, "kinds": rows, "memory": verdict, "server_cpu_seconds": cpu,
            "imports": shared.import_outcomes, "import_times": shared.import_times, "server_exit_status": exit_status,
            "server_alive_at_end": alive, "log_error_lines": error_lines[:50],
            "samples": [{"t": t, "rss_kb": kb, "cpu_s": c} for t, kb, c in samples],
            "settings": {k: v for k, v in vars(args).items() if k not in ("json", "svg")},
        }, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"figures: {args.json}")
    ok = total_errors == 0 and verdict["flat"] and alive and not error_lines
    print("soak: PASS" if ok else "soak: FAIL", flush=True)
    if temporary:
        temporary.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
