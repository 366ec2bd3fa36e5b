#!/usr/bin/env python3
"""Crash safety: SIGKILL `vigil serve` in the middle of writes, start it again, and check that
nothing it acknowledged is lost and nothing half-done is left.

Three loads, each run by several threads against one server until it is killed at a random moment:

- scan imports: large Greenbone/OpenVAS reports (thousands of results) sent to `POST /api/v1/scans`;
- incident updates: `POST /api/v1/incidents` (new incidents), `POST /api/v1/incidents/ID/indicators`
  on a few shared incidents, and `POST /api/v1/incidents/ID/transition` round the workflow;
- a check-in storm: `POST /api/v1/checkins` from many machines, each sending reports newer than its last.

After every kill the server is started again on the same data, and every check below runs over
everything acknowledged since the start (not only in the last round):

- integrity (SQLite): `PRAGMA integrity_check` is `ok` and `PRAGMA foreign_key_check` is empty. Proves
  the kill left no torn page or dangling reference that recovery did not repair.
- no half-imported scan: every `scans` row is finished (its digest is set, its counts add up, its
  sightings number new + unchanged + reopened + fixed, and its `scan.import` audit entry exists). The
  import writes the row first and fills it in last, in one transaction, so a scan visible with a
  blank digest or fewer sightings would be a transaction that committed half. And no finding names
  a last scan that is not stored (`last_scan_id` has no foreign key).
- every scan answered 201 is stored, with the number of findings the answer gave.
- every check-in answered 200/201 is stored: each machine's stored report (its `os.version` carries a
  sequence number) is at least as new as the newest one acknowledged, and no newer than the newest sent.
- every incident answered 201 is stored with its title and its audit entry; every indicator answered
  201 is stored on its incident; every incident's status is the one its last acknowledged transition
  set (or that of a transition the kill left unanswered).
- `vigil audit verify` exits 0: the hash chain survived (no entry lost or written out of order).

Usage: crash_test.py [--rounds N] [--results N] [--threads N] [--kinds scans,incidents,checkins] [--seed N]
The database is SQLite in a fresh data folder, or PostgreSQL when DATABASE_URL (or
VIGIL_TEST_POSTGRES_URL) is set: a fresh database is made on that server and dropped after.
Exit status 1 on any violation.
"""
import argparse
import os
import random
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (BIN, Deployment, Server, drop_postgres_database, fresh_postgres_database, http, multipart,  # noqa: E402
                     openvas_report, server_url)


class Load:
    """A kind of write: `run` is one thread's loop until `stop`; `check` lists the violations."""
    name = ""
    threads = 4

    def __init__(self):
        self.lock = threading.Lock()
        self.acknowledged = 0
        self.in_flight = 0
        self.unexpected = []

    def prepare_round(self, server):
        pass

    def detail(self):
        kinds = getattr(self, "kinds", None)
        return f" ({', '.join(f'{k} {v}' for k, v in kinds.items())})" if kinds else ""

    def await_kill(self, rng, args, server):
        """Waits for the moment to kill; returns the seconds since the load started."""
        delay = rng.uniform(args.min_delay, args.max_delay)
        time.sleep(delay)
        return delay

    def run(self, base, stop, index):
        while not stop.is_set():
            with self.lock:
                self.in_flight += 1
            try:
                self.once(base, index)
            except OSError:
                # The server died under the request: not acknowledged, may or may not be stored.
                return
            finally:
                with self.lock:
                    self.in_flight -= 1

    def note_unexpected(self, what):
        with self.lock:
            if len(self.unexpected) < 20:
                self.unexpected.append(what)


class ScanImports(Load):
    """One upload at a time, a report of new hosts (a fresh seed) each round, so that the import
    the kill is aimed at writes hosts, findings and sightings. The kill is aimed at the import's transaction, not the
    upload: `calibrate` times one import (the whole request, and the import's own `seconds`)."""
    name = "scans"
    threads = 1

    def __init__(self, context, results):
        super().__init__()
        self.context = context
        self.results = results
        self.acked = {}  # scan id -> findings the answer gave
        self.seed = 10
        self.report = None
        self.upload_seconds = self.import_seconds = None
        self.left_behind = 0

    def next_report(self):
        self.seed += 1
        self.report = openvas_report(self.results, seed=self.seed)

    def calibrate(self, base):
        self.next_report()
        started = time.monotonic()
        self.once(base, 0)
        total = time.monotonic() - started
        assert self.last is not None, f"the calibration import failed: {self.unexpected}"
        self.import_seconds = self.last["seconds"]
        self.upload_seconds = max(0.0, total - self.import_seconds)

    def prepare_round(self, server):
        self.next_report()
        self.clear_uploads(server)

    def clear_uploads(self, server):
        """Removes the upload files killed servers left behind (they never clean up); returns how many."""
        left = [f for f in os.listdir(server.tmpdir) if f.startswith("vigil-scan-")]
        for f in left:
            os.remove(os.path.join(server.tmpdir, f))
        self.left_behind += len(left)

    def await_kill(self, rng, args, server):
        """Mostly in the import's transaction (10 % to 130 % of its calibrated length: some kills
        come just after an import was answered, the next upload under way), counted from the
        moment the server has the whole upload in its temporary file (`TMPDIR`)."""
        started = time.monotonic()
        size = len(self.report)
        while time.monotonic() - started < 600:
            uploads = [f for f in os.listdir(server.tmpdir) if f.startswith("vigil-scan-")]
            if any(os.path.getsize(os.path.join(server.tmpdir, f)) >= size for f in uploads if os.path.exists(os.path.join(server.tmpdir, f))):
                break
            with self.lock:
                if self.in_flight == 0 and time.monotonic() - started > 2:
                    break
            time.sleep(0.02)
        time.sleep(rng.uniform(0.1, 1.3) * self.import_seconds)
        return time.monotonic() - started

    def once(self, base, index):
        self.last = None
        content_type, body = multipart({"org": self.context["org"]}, "file", "big.xml", self.report)
        status, answer, _ = http(base + "/api/v1/scans", token=self.context["token"], method="POST", data=body,
                                 headers={"Content-Type": content_type}, timeout=600)
        if status == 201:
            with self.lock:
                self.acked[answer["scanId"].lower()] = answer["findings"]
                self.acknowledged += 1
                self.last = answer
        else:
            self.note_unexpected(f"scan import answered {status}: {str(answer)[:200]}")

    def check(self, deployment):
        problems = []
        scans = {row[0]: row for row in deployment.query(
            "SELECT id, file_sha256, findings, new_count, unchanged_count, reopened_count, fixed_count, file_bytes FROM scans")}
        sightings = dict(deployment.query("SELECT scan_id, COUNT(*) FROM finding_sightings GROUP BY scan_id"))
        audited = {row[0] for row in deployment.query("SELECT object_id FROM audit_entries WHERE action = 'scan.import'")}
        for scan_id, digest, findings, new, unchanged, reopened, fixed, size in scans.values():
            findings, new, unchanged, reopened, fixed, size = map(int, (findings, new, unchanged, reopened, fixed, size))
            seen = int(sightings.get(scan_id, 0))
            if not digest or size == 0:
                problems.append(f"scan {scan_id} is half-imported: no digest or size")
            if findings != new + unchanged + reopened:
                problems.append(f"scan {scan_id}: findings {findings} != new {new} + unchanged {unchanged} + reopened {reopened}")
            if seen != new + unchanged + reopened + fixed:
                problems.append(f"scan {scan_id}: {seen} sightings stored, its counts say {new + unchanged + reopened + fixed}")
            if scan_id not in audited:
                problems.append(f"scan {scan_id} has no scan.import audit entry")
        orphans = deployment.query("SELECT COUNT(*) FROM findings WHERE last_scan_id NOT IN (SELECT id FROM scans)")[0][0]
        if int(orphans):
            problems.append(f"{orphans} finding(s) name a last scan that is not stored")
        for scan_id, findings in self.acked.items():
            if scan_id not in scans:
                problems.append(f"scan {scan_id} answered 201 but is not stored")
            elif int(scans[scan_id][2]) != findings:
                problems.append(f"scan {scan_id} answered {findings} findings, stored {scans[scan_id][2]}")
        self.stored = len(scans)
        return problems


class IncidentUpdates(Load):
    name = "incidents"
    threads = 4

    def __init__(self, context):
        super().__init__()
        self.context = context
        self.hubs = []
        self.acked_incidents = {}  # id -> title
        self.acked_indicators = set()  # (incident id, value)
        self.counters = defaultdict(int)
        self.own = defaultdict(list)  # thread -> the incidents it reported (only it moves them)
        self.status = {}  # incident -> the status its last acknowledged transition set
        self.pending = {}  # incident -> the status of a transition sent and never answered
        self.kinds = defaultdict(int)

    def prepare(self, base):
        """A few incidents every thread adds indicators to (contention on the same rows)."""
        for n in range(3):
            status, answer, _ = http(base + "/api/v1/incidents", token=self.context["token"], method="POST", body=self.draft(f"hub {n}"))
            assert status == 201, answer
            self.hubs.append(answer["id"].lower())
            self.acked_incidents[answer["id"].lower()] = f"hub {n}"

    def draft(self, title):
        now = datetime.now(timezone.utc) - timedelta(minutes=1)
        return {"title": title, "description": "Crash-safety test: an incident reported under load.",
                "discoveredAt": now.strftime("%Y-%m-%dT%H:%M:%SZ")}

    # Forward one step at a time, then back to `verifying` with a note, round and round.
    CYCLE = {"received": "verifying", "verifying": "initial_response", "initial_response": "containing",
             "containing": "recovering", "recovering": "verifying"}

    def once(self, base, index):
        n = self.counters[index]
        self.counters[index] += 1
        token = self.context["token"]
        if n % 3 == 0 or not self.own[index]:
            title = f"crash t{index} n{n}"
            status, answer, _ = http(base + "/api/v1/incidents", token=token, method="POST", body=self.draft(title))
            if status == 201:
                incident = answer["id"].lower()
                with self.lock:
                    self.acked_incidents[incident] = title
                    self.status[incident] = answer["status"]
                    self.acknowledged += 1
                    self.kinds["reports"] += 1
                self.own[index].append(incident)
            else:
                self.note_unexpected(f"incident report answered {status}: {str(answer)[:200]}")
        elif n % 3 == 1:
            hub = self.hubs[n % len(self.hubs)]
            value = f"172.{16 + index}.{(n // 250) % 250}.{n % 250 + 1}"
            status, answer, _ = http(f"{base}/api/v1/incidents/{hub}/indicators", token=token, method="POST",
                                     body={"items": [{"type": "ipv4", "value": value}]})
            if status == 201:
                with self.lock:
                    self.acked_indicators.add((hub, value))
                    self.acknowledged += 1
                    self.kinds["indicators"] += 1
            else:
                self.note_unexpected(f"indicator answered {status}: {str(answer)[:200]}")
        else:
            incident = self.own[index][n % len(self.own[index])]
            if incident in self.pending:
                # Its last transition was never answered (the kill): ask where it stands.
                status, answer, _ = http(f"{base}/api/v1/incidents/{incident}", token=token)
                if status != 200:
                    self.note_unexpected(f"reading incident answered {status}")
                    return
                with self.lock:
                    self.status[incident] = answer["status"]
                    del self.pending[incident]
            target = self.CYCLE[self.status[incident]]
            with self.lock:
                self.pending[incident] = target
            status, answer, _ = http(f"{base}/api/v1/incidents/{incident}/transition", token=token, method="POST",
                                     body={"to": target, "note": "Crash test: back to verifying."})
            with self.lock:
                del self.pending[incident]
                if status == 200:
                    self.status[incident] = target
                    self.acknowledged += 1
                    self.kinds["transitions"] += 1
            if status != 200:
                self.note_unexpected(f"transition to {target} answered {status}: {str(answer)[:200]}")

    def check(self, deployment):
        problems = []
        stored = dict(deployment.query("SELECT id, title FROM incidents"))
        audited = {row[0] for row in deployment.query("SELECT DISTINCT object_id FROM audit_entries WHERE object_type = 'incident'")}
        for incident, title in self.acked_incidents.items():
            if incident not in stored:
                problems.append(f"incident {incident} answered 201 but is not stored")
            elif stored[incident] != title:
                problems.append(f"incident {incident} stored as {stored[incident]!r}, acknowledged as {title!r}")
        for incident in stored:
            if incident not in audited:
                problems.append(f"incident {incident} is stored without its audit entry")
        statuses = dict(deployment.query("SELECT id, status FROM incidents"))
        for incident, status in self.status.items():
            if statuses.get(incident) not in (status, self.pending.get(incident)):
                problems.append(f"incident {incident}: status {statuses.get(incident)} stored, {status} acknowledged")
        indicators = set(deployment.query("SELECT incident_id, value FROM incident_indicators"))
        for pair in self.acked_indicators - indicators:
            problems.append(f"indicator {pair[1]} on {pair[0]} answered 201 but is not stored")
        self.stored = len(stored)
        return problems


class CheckinStorm(Load):
    name = "checkins"
    threads = 8
    machines_per_thread = 4

    def __init__(self, context):
        super().__init__()
        self.context = context
        self.start = datetime.now(timezone.utc) - timedelta(hours=1)
        self.next_seq = defaultdict(int)  # machine -> next sequence number (a machine belongs to one thread)
        self.acked = {}  # machine -> newest sequence number answered 200/201
        self.sent = {}  # machine -> newest sequence number sent

    def once(self, base, index):
        machine = f"crash-{index:02d}-{self.next_seq[('turn', index)] % self.machines_per_thread}"
        self.next_seq[("turn", index)] += 1
        seq = self.next_seq[machine]
        self.next_seq[machine] += 1
        sent_at = (self.start + timedelta(milliseconds=seq)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        document = {"machineId": machine, "hostname": f"{machine}.crash.test", "sentAt": sent_at,
                    "addresses": [f"10.99.{index}.{seq % 250 + 1}"], "os": {"name": "Debian GNU/Linux", "version": str(seq)},
                    "role": "workstation",
                    "software": [{"name": f"pkg{k}", "vendor": "Debian", "version": f"1.{seq % 3}.{k}"} for k in range(20)],
                    "antimalware": [{"product": "ClamAV", "version": "1.0.7", "enabled": True, "realTime": seq % 2 == 0,
                                     "signatureDate": sent_at}]}
        with self.lock:
            self.sent[machine] = seq
        status, answer, _ = http(base + "/api/v1/checkins", token=self.context["enrolment"], method="POST", body=document)
        if status in (200, 201):
            with self.lock:
                self.acked[machine] = seq
                self.acknowledged += 1
        else:
            self.note_unexpected(f"check-in answered {status}: {str(answer)[:200]}")

    def check(self, deployment):
        problems = []
        stored = {machine: int(version) for machine, version in
                  deployment.query("SELECT machine_id, os_version FROM hosts WHERE machine_id LIKE 'crash-%'")}
        for machine, seq in self.acked.items():
            if machine not in stored:
                problems.append(f"machine {machine}: check-in {seq} answered but the host is not stored")
            elif stored[machine] < seq:
                problems.append(f"machine {machine}: check-in {seq} answered, stored {stored[machine]}")
            elif stored[machine] > self.sent[machine]:
                problems.append(f"machine {machine}: stored {stored[machine]}, never sent")
        self.stored = len(stored)
        return problems


def check_all(deployment, loads):
    """Every invariant, over everything acknowledged so far: the violations found."""
    problems = [f"integrity: {p}" for p in deployment.integrity() or []]
    for load in loads.values():
        problems += load.check(deployment)
    audit = deployment.vigil("audit", "verify", check=False)
    if audit.returncode != 0:
        problems.append(f"vigil audit verify exited {audit.returncode}: {(audit.stdout + audit.stderr).strip()[:300]}")
    return problems


def bootstrap(deployment):
    """An organisation, a focal point with an API token, and an enrolment token, all by the CLI."""
    province = deployment.vigil("org", "create", "--name", "Tỉnh Thử nghiệm", "--kind", "province").stdout.strip()
    agency = deployment.vigil("org", "create", "--name", "Sở Thử nghiệm", "--parent", province, "--kind", "agency",
                              "--code", "STN").stdout.strip()
    deployment.vigil("user", "create", "--email", "focal@crash.test", "--org", agency, "--role", "focal_point",
                     "--role", "responder", "--password-stdin", stdin="a long enough passphrase\n")
    token = deployment.vigil("token", "create", "--user", "focal@crash.test", "--name", "crash", "--expires-days", "1").stdout.strip()
    enrolment = deployment.vigil("enrolment", "create", "--org", agency).stdout.strip()
    return {"org": agency, "token": token, "enrolment": enrolment}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("VIGIL_CRASH_ROUNDS", "3")), help="kills per load kind")
    parser.add_argument("--results", type=int, default=int(os.environ.get("VIGIL_CRASH_RESULTS", "0")) or None,
                        help="results in each generated OpenVAS report (default 6000 on SQLite, 4000 on PostgreSQL, "
                             "where an import takes 3 to 4 times as long)")
    parser.add_argument("--kinds", default="scans,incidents,checkins")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("VIGIL_CRASH_SEED", str(random.randrange(1 << 30)))))
    parser.add_argument("--min-delay", type=float, default=0.8, help="earliest kill, seconds after the load starts")
    parser.add_argument("--max-delay", type=float, default=4.0, help="latest kill")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.monotonic()

    work = tempfile.mkdtemp(prefix="vigil-crash-")
    pg_server = server_url()
    database_url = fresh_postgres_database(pg_server, "vigil_crash") if pg_server else None
    deployment = Deployment(os.path.join(work, "data"), database_url)
    args.results = args.results or (4000 if database_url else 6000)
    mode = "PostgreSQL" if database_url else "SQLite"
    print(f"crash test on {mode}: {BIN}, data {deployment.data_dir}, seed {args.seed}, {args.rounds} rounds per load", flush=True)
    violations = []
    server = Server(deployment, log=os.path.join(work, "server.log"), tmpdir=os.path.join(work, "tmp"))
    try:
        context = bootstrap(deployment)
        server.start()
        loads = {}
        for kind in args.kinds.split(","):
            if kind == "scans":
                loads[kind] = ScanImports(context, args.results)
                loads[kind].calibrate(server.base)
                print(f"scan import of {args.results} results: {loads[kind].upload_seconds:.1f} s upload, "
                      f"{loads[kind].import_seconds:.1f} s import (the kills aim at the import)", flush=True)
            elif kind == "incidents":
                loads[kind] = IncidentUpdates(context)
                loads[kind].prepare(server.base)
            elif kind == "checkins":
                loads[kind] = CheckinStorm(context)
            else:
                parser.error(f"unknown load {kind}")
        rounds = []
        for kind, load in loads.items():
            for number in range(1, args.rounds + 1):
                before = load.acknowledged
                load.prepare_round(server)
                stop = threading.Event()
                threads = [threading.Thread(target=load.run, args=(server.base, stop, i), daemon=True) for i in range(load.threads)]
                for thread in threads:
                    thread.start()
                delay = load.await_kill(rng, args, server)
                with load.lock:
                    in_flight = load.in_flight
                writing = deployment.write_probe()
                server.kill()
                stop.set()
                for thread in threads:
                    thread.join(timeout=60)
                restart = server.start()
                problems = check_all(deployment, loads)
                line = (f"{kind:9} round {number}: killed after {delay:4.1f} s with {in_flight} request(s) in flight "
                        f"({'a write transaction open' if writing else 'no write transaction open'}), "
                        f"{load.acknowledged - before} acknowledged this round, restarted in {restart:.1f} s, "
                        f"{'OK' if not problems else f'{len(problems)} VIOLATION(S)'}")
                print(line, flush=True)
                for problem in problems[:20]:
                    print("   ", problem, flush=True)
                violations += [f"{kind} round {number}: {p}" for p in problems]
                rounds.append((kind, in_flight, writing))
        for load in loads.values():
            for what in load.unexpected:
                print(f"    note ({load.name}): {what}", flush=True)
            if load.acknowledged == 0:
                violations.append(f"{load.name}: nothing was acknowledged, the test proved nothing")
        if "scans" in loads:
            loads["scans"].clear_uploads(server)
            print(f"    note: the kills left {loads['scans'].left_behind} upload file(s) in the server's TMPDIR", flush=True)
        total = sum(load.acknowledged for load in loads.values())
        mid = sum(1 for _, in_flight, _ in rounds if in_flight)
        writing = sum(1 for _, _, w in rounds if w)
        print(f"crash test on {mode}: {len(rounds)} kills ({mid} with requests in flight, {writing} with a write under way), "
              f"{total} writes acknowledged "
              f"({', '.join(f'{l.name} {l.acknowledged}' + l.detail() for l in loads.values())}), stored: "
              f"{', '.join(f'{l.name} {l.stored}' for l in loads.values())}; "
              f"{'all checks passed' if not violations else f'{len(violations)} violation(s)'} in {time.monotonic() - started:.0f} s", flush=True)
    finally:
        server.kill()
        if database_url:
            drop_postgres_database(pg_server, database_url)
        if not args.keep and not violations:
            import shutil
            shutil.rmtree(work, ignore_errors=True)
        elif violations:
            print(f"data and server log kept in {work}", flush=True)
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
