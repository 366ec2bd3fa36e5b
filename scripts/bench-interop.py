#!/usr/bin/env python3
"""Interoperability benchmark (issue 22): webhook deliveries and Vigil-to-Vigil messages, against
release `vigil serve` processes on fresh SQLite data folders, everything on 127.0.0.1.

Webhooks: incidents are created through the API, first with no webhook (the comparison: the API's
own write rate), then with a webhook subscribed to `incident.reported` whose receiver (started
here) checks each signature and notes when each event arrives. Figures: the write rate with and
without the subscription, how long the burst takes to be delivered, each event's delay from its
creation, and order. Then single events on a quiet server, whose delay is bounded by the sender's
poll interval (5 s).

Federation: two installations paired as the tests pair them; a burst of notifications is queued
at once and timed until every receipt is back, then single messages on a quiet pair (poll interval
3 s). Run through scripts/bench-interop.sh, which builds nothing: it needs .build-release/.../vigil.
"""
import hashlib
import hmac
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BIN = os.environ.get("VIGIL_BIN", ".build-release/release/vigil")
PASSWORD = "a long enough passphrase\n"
BURST = int(os.environ.get("BENCH_BURST", "300"))
SINGLES = int(os.environ.get("BENCH_SINGLES", "10"))
MESSAGES = int(os.environ.get("BENCH_MESSAGES", "200"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def vigil(data_dir, *args, stdin=None):
    env = dict(os.environ, VIGIL_DATA_DIR=str(data_dir))
    env.pop("DATABASE_URL", None)
    result = subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != 0:
        sys.exit(f"vigil {' '.join(args)} failed: {result.stderr}")
    return result.stdout.strip()


def call(url, token=None, method="GET", body=None):
    headers = {"Accept-Language": "en"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


class Installation:
    def __init__(self, root, name, org_name, kind, users, child=None):
        self.data = os.path.join(root, name)
        os.makedirs(self.data)
        self.org = vigil(self.data, "org", "create", "--name", org_name, "--kind", kind)
        self.child = vigil(self.data, "org", "create", "--name", child, "--kind", "agency", "--parent", self.org) if child else None
        self.tokens = {}
        for email, roles in users:
            args = ["user", "create", "--email", email, "--org", self.org, "--password-stdin"]
            for role in roles:
                args += ["--role", role]
            vigil(self.data, *args, stdin=PASSWORD)
            self.tokens[email] = vigil(self.data, "token", "create", "--user", email, "--name", "bench")
        self.port = free_port()
        env = dict(os.environ, VIGIL_DATA_DIR=self.data, VIGIL_OUTBOUND_ALLOW="127.0.0.1/32", LOG_LEVEL="warning")
        env.pop("DATABASE_URL", None)
        self.log = open(os.path.join(self.data, "serve.log"), "w")
        self.process = subprocess.Popen([BIN, "serve", "--port", str(self.port)], env=env, stdout=self.log, stderr=self.log)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(300):
            try:
                if call(self.base + "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        sys.exit(f"{name}: the server did not start")

    def peak_memory(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            return next(line.split(":")[1].strip() for line in status if line.startswith("VmHWM"))

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


def summary(delays):
    ordered = sorted(delays)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms"


def create_incident(inst, token, number):
    status, incident = call(inst.base + "/api/v1/incidents", token, "POST", {
        "title": f"Sự cố thử số {number}", "description": "Đo thời gian gửi sự kiện", "discoveredAt": "2026-12-01T08:30:00Z"})
    assert status == 201, incident
    return incident


def bench_webhooks(root):
    inst = Installation(root, "webhooks", "Sở Xây dựng", "agency", [("focal@sxd.gov.vn", ["focal_point", "responder"])])
    token = inst.tokens["focal@sxd.gov.vn"]
    try:
        # The comparison: the API's own write rate, no webhook.
        start = time.monotonic()
        for number in range(BURST):
            create_incident(inst, token, number)
        plain = time.monotonic() - start

        arrivals, events, bad = {}, [], []
        secret_box = {}

        class Receiver(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(secret_box["secret"].encode(), body, hashlib.sha256).hexdigest()
                event = json.loads(body)
                if not hmac.compare_digest(expected, self.headers.get("X-Vigil-Signature", "")):
                    bad.append(event["id"])
                arrivals[(event["data"].get("objectId") or event["id"]).lower()] = time.monotonic()
                events.append(event)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        receiver = ThreadingHTTPServer(("127.0.0.1", free_port()), Receiver)
        threading.Thread(target=receiver.serve_forever, daemon=True).start()
        status, hook = call(inst.base + "/api/v1/webhooks", token, "POST",
                            {"url": f"http://127.0.0.1:{receiver.server_port}/hook", "events": ["incident.reported"]})
        assert status == 201, hook
        secret_box["secret"] = hook["secret"]

        created = {}
        start = time.monotonic()
        for number in range(BURST):
            incident = create_incident(inst, token, number)
            created[incident["id"].lower()] = time.monotonic()
        subscribed = time.monotonic() - start
        deadline = time.monotonic() + 300
        while len(arrivals) < BURST and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(arrivals) == BURST, f"{len(arrivals)} of {BURST} delivered"
        delivered = max(arrivals.values()) - start
        delays = [arrivals[i] - created[i] for i in created]
        in_order = [e["data"]["objectId"].lower() for e in events] == list(created)

        # Single events on a quiet server: the delay is the sender's poll interval at most.
        singles = []
        for number in range(SINGLES):
            time.sleep(1.7)
            incident = create_incident(inst, token, BURST + number)
            at = time.monotonic()
            while incident["id"].lower() not in arrivals and time.monotonic() < at + 30:
                time.sleep(0.02)
            singles.append(arrivals[incident["id"].lower()] - at)
        receiver.shutdown()
        print(f"== webhooks: {BURST} incidents created one after another through the API ==")
        print(f"  no webhook (comparison):      {plain:6.2f} s, {BURST / plain:6.1f} incidents/s")
        print(f"  one webhook subscribed:       {subscribed:6.2f} s, {BURST / subscribed:6.1f} incidents/s "
              f"(ratio {plain / subscribed:.2f} of the plain rate)")
        print(f"  all {BURST} delivered after:      {delivered:6.2f} s from the first creation, "
              f"{BURST / delivered:6.1f} events/s (ratio {(BURST / delivered) / (BURST / plain):.2f} of the plain write rate)")
        print(f"  delay per event in the burst: {summary(delays)}")
        print(f"  in creation order: {in_order}; bad signatures: {len(bad)}")
        print(f"  quiet server, {SINGLES} single events: {summary(singles)} (poll interval 5 s)")
        print(f"  server peak memory: {inst.peak_memory()}")
    finally:
        inst.stop()


def bench_federation(root):
    agency = Installation(root, "agency", "Sở Xây dựng", "agency",
                          [("admin@sxd.gov.vn", ["admin"]), ("focal@sxd.gov.vn", ["focal_point", "responder"])])
    province = Installation(root, "province", "Sở Thông tin và Truyền thông", "province", [("admin@stttt.gov.vn", ["admin"])],
                            child="Sở Xây dựng (liên thông)")
    try:
        admin, focal, padmin = agency.tokens["admin@sxd.gov.vn"], agency.tokens["focal@sxd.gov.vn"], province.tokens["admin@stttt.gov.vn"]
        _, aid = call(agency.base + "/api/v1/federation/identity", admin)
        _, pid = call(province.base + "/api/v1/federation/identity", padmin)
        status, up = call(agency.base + "/api/v1/federation/peers", admin, "POST", {
            "name": "Vigil của tỉnh", "direction": "upstream", "url": province.base,
            "installationId": pid["installationId"], "publicKey": pid["publicKey"]})
        assert status == 201, up
        status, down = call(province.base + "/api/v1/federation/peers", padmin, "POST", {
            "name": "Vigil Sở Xây dựng", "direction": "downstream", "url": agency.base, "organisationId": province.child,
            "installationId": aid["installationId"], "publicKey": aid["publicKey"]})
        assert status == 201, down
        incidents = [create_incident(agency, focal, n) for n in range(MESSAGES + SINGLES)]

        def received_count():
            _, listed = call(agency.base + f"/api/v1/federation/outbound?limit={MESSAGES + SINGLES}", admin)
            return sum(1 for m in listed["items"] if m["status"] in ("received", "acknowledged")), listed["items"]

        start = time.monotonic()
        for incident in incidents[:MESSAGES]:
            status, sent = call(f"{agency.base}/api/v1/incidents/{incident['id']}/transmissions", focal, "POST", {"peerId": up["id"]})
            assert status == 201, sent
        queued = time.monotonic() - start
        deadline = time.monotonic() + 600
        while received_count()[0] < MESSAGES and time.monotonic() < deadline:
            time.sleep(0.2)
        burst = time.monotonic() - start
        count, _ = received_count()
        assert count == MESSAGES, f"{count} of {MESSAGES} received"

        singles = []
        for incident in incidents[MESSAGES:]:
            time.sleep(1.3)
            at = time.monotonic()
            status, sent = call(f"{agency.base}/api/v1/incidents/{incident['id']}/transmissions", focal, "POST", {"peerId": up["id"]})
            assert status == 201, sent
            while time.monotonic() < at + 30:
                _, listed = call(f"{agency.base}/api/v1/incidents/{incident['id']}/transmissions", focal)
                if listed["items"][0]["status"] == "received":
                    break
                time.sleep(0.05)
            singles.append(time.monotonic() - at)
        print(f"== federation: {MESSAGES} incident notifications queued at once, agency → province ==")
        print(f"  queued through the API in {queued:6.2f} s ({MESSAGES / queued:6.1f}/s)")
        print(f"  every receipt back after   {burst:6.2f} s: {MESSAGES / burst:6.1f} messages/s signed, sent, checked, kept and receipted")
        print(f"  quiet pair, {SINGLES} single messages, queue → receipt: {summary(singles)} (poll interval 3 s)")
        print(f"  peak memory: agency {agency.peak_memory()}, province {province.peak_memory()}")
    finally:
        agency.stop()
        province.stop()


if __name__ == "__main__":
    if not os.path.exists(BIN):
        sys.exit(f"bench-interop: no {BIN}; build it: swift build -c release --product vigil --scratch-path .build-release")
    print(f"vigil {BIN}; {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    with tempfile.TemporaryDirectory() as root:
        what = sys.argv[1:] or ["webhooks", "federation"]
        if "webhooks" in what:
            bench_webhooks(root)
        if "federation" in what:
            bench_federation(root)
