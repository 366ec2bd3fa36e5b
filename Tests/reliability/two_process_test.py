#!/usr/bin/env python3
"""Two Vigil processes (separate `vigil serve` OS processes, different ports) on one PostgreSQL
database, as behind a load balancer. They share one data folder: on PostgreSQL no data-folder lock
is taken, and the folder holds the uploaded files (`blobs/`) that both must read.

Checks, and what each proves:

1. Sessions work across both: signed in on A (the login form, with its double-submit CSRF cookie),
   the session cookie opens a page on B; B's page carries the session's CSRF token, which A accepts
   for a state-changing POST (sign-out); after signing out on A, B refuses the cookie. Proves
   sessions and their CSRF tokens live in the database, not in a process.
2. Scheduled jobs run once: both processes boot at the same moment and poll the same
   `scheduled_jobs` rows. After boot each job has run once; then every job is made due again and,
   after a poll period (30 s) of both processes, each has run exactly once more. `locked_by` says
   which process claimed it. Proves the claim (a conditional UPDATE) is exclusive across processes.
3. Writes through both, one killed: check-ins and incident updates are sent to A and B at once by
   several threads; A is SIGKILLed in the middle; the load goes on against B for a while. Every
   write either process answered 2xx is stored (the same checks as the crash test), B keeps serving
   (it answers and takes a write after the kill), and `vigil audit verify` passes: the audit hash
   chain, written by two processes at once, has no fork or gap.
4. Revocation reaches the other process: an enrolment token revoked on A's page (session and CSRF
   token from A) is refused by B, which had it cached, within the documented 5 seconds.

Needs PostgreSQL: DATABASE_URL or VIGIL_TEST_POSTGRES_URL (scripts/with-postgres.sh). A fresh
database is made on that server and dropped after. With `--sqlite`, the same checks with both
processes on one SQLite data folder, which `vigil serve` allows (it holds the folder's lock shared).
Exit status 1 on any failure.
"""
import argparse
import os
import re
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crash_test import CheckinStorm, IncidentUpdates, bootstrap  # noqa: E402
from harness import Deployment, Server, drop_postgres_database, fresh_postgres_database, http, server_url  # noqa: E402

PASSWORD = "a long enough passphrase"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def cookies_of(headers):
    jar = {}
    for line in headers.get_all("Set-Cookie") or []:
        name, _, rest = line.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def cookie_header(jar):
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def csrf_of(page):
    text = page.decode("utf-8", "replace") if isinstance(page, bytes) else str(page)
    found = re.search(r'name="_csrf" value="([^"]+)"', text)
    return found.group(1) if found else None


def form(url, fields, jar):
    data = urllib.parse.urlencode(fields).encode()
    return http(url, method="POST", data=data, opener=OPENER,
                headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(jar)})


def sign_in(server):
    """The login form as a browser fills it (its double-submit CSRF cookie); the session cookie."""
    status, page, headers = http(server.base + "/login", opener=OPENER)
    jar = cookies_of(headers)
    token = csrf_of(page)
    if status != 200 or not token or "vigil_csrf" not in jar:
        raise AssertionError(f"the login page answered {status} without a CSRF token or cookie")
    status, _, headers = form(server.base + "/login", {"email": "focal@crash.test", "password": PASSWORD, "_csrf": token}, jar)
    jar.update(cookies_of(headers))
    if status not in (302, 303) or "vigil_session" not in jar:
        raise AssertionError(f"signing in answered {status} without a session cookie")
    return {"vigil_session": jar["vigil_session"]}


def check_sessions(a, b):
    """1. Sign in on A; use the session on B; sign out on A with B's CSRF token; B refuses it."""
    failures = []
    session = sign_in(a)
    status, page, headers = http(b.base + "/account", opener=OPENER, headers={"Cookie": cookie_header(session)})
    if status != 200:
        failures.append(f"A's session on B: /account answered {status} (location {headers.get('Location')})")
        return failures
    session_csrf = csrf_of(page)
    status, page, _ = http(a.base + "/account", opener=OPENER, headers={"Cookie": cookie_header(session)})
    if status != 200 or csrf_of(page) != session_csrf:
        failures.append(f"the session's CSRF token differs between A and B ({status})")
    status, _, _ = form(a.base + "/logout", {"_csrf": session_csrf}, session)
    if status not in (302, 303):
        failures.append(f"signing out on A with the CSRF token B gave answered {status}")
    status, _, headers = http(b.base + "/account", opener=OPENER, headers={"Cookie": cookie_header(session)})
    if status == 200:
        failures.append("after signing out on A, B still accepts the session")
    print(f"sessions: signed in on A, served on B, signed out on A, refused on B: {'OK' if not failures else 'FAILED'}", flush=True)
    return failures


def check_revocation(deployment, a, b, context):
    """4. An enrolment token revoked on A's page is refused by B within the documented 5 seconds,
    although B had it in its cache (docs/CHECKIN.md)."""
    storm = CheckinStorm({"enrolment": context["enrolment"]})
    token_id = deployment.query("SELECT id FROM enrolment_tokens WHERE revoked_at IS NULL")[0][0]
    session = sign_in(a)
    _, page, _ = http(a.base + "/assets/enrolment", opener=OPENER, headers={"Cookie": cookie_header(session)})
    time.sleep(5.5)  # whatever B cached of the token before has expired
    storm.once(b.base, 90)  # B now holds the token in its cache for 5 s from here
    cached = time.monotonic()
    if storm.acknowledged != 1:
        return [f"a check-in on B before the revocation was refused: {storm.unexpected}"]
    status, _, _ = form(f"{a.base}/assets/enrolment/{token_id}/revoke", {"_csrf": csrf_of(page)}, session)
    revoked = time.monotonic()
    if status not in (302, 303):
        return [f"revoking the enrolment token on A answered {status}"]
    while True:
        storm.once(b.base, 90)
        refused = time.monotonic() - revoked
        if storm.unexpected and "401" in storm.unexpected[-1]:
            break
        if refused > 15:
            break
        time.sleep(0.2)
    failures = [] if refused <= 5.5 else [f"B accepted the token revoked on A for {refused:.1f} s (documented: within 5 s)"]
    print(f"revocation: an enrolment token revoked on A ({revoked - cached:.1f} s after B cached it) is refused by B "
          f"{refused:.1f} s later: {'OK' if not failures else 'FAILED'}", flush=True)
    return failures


def job_counts(deployment):
    return {name: (int(count), locked_by) for name, count, locked_by in
            deployment.query("SELECT name, run_count, locked_by FROM scheduled_jobs ORDER BY name")}


def check_jobs(deployment, instances):
    """2. Each job ran once at boot; made due again, each runs exactly once more across both."""
    failures = []
    time.sleep(3)
    boot = job_counts(deployment)
    if not boot:
        return ["no scheduled job was recorded"]
    for name, (count, _) in boot.items():
        if count != 1:
            failures.append(f"job {name} ran {count} times at boot of two processes (expected once)")
    if deployment.postgres:
        deployment.execute("UPDATE scheduled_jobs SET next_run_at = now() - interval '1 second'")
    else:  # dates are seconds since 1970 there
        deployment.execute("UPDATE scheduled_jobs SET next_run_at = ?", (time.time() - 1,))
    time.sleep(33)  # one poll period (30 s) of each process, and a margin
    again = job_counts(deployment)
    claimers = {}
    for name, (count, locked_by) in again.items():
        if count - boot.get(name, (0, None))[0] != 1:
            failures.append(f"job {name}: ran {count - boot.get(name, (0, None))[0]} times in one period after it was due (expected once)")
        claimers[locked_by] = claimers.get(locked_by, 0) + 1
    print(f"jobs: {len(again)} jobs, each ran once at boot and once more when due; claims by process: "
          f"{sorted(claimers.values(), reverse=True)}: {'OK' if not failures else 'FAILED'}", flush=True)
    return failures


def check_kill_one(deployment, a, b, context):
    """3. Check-ins and incident updates through both; A is killed mid-load; nothing acknowledged is lost."""
    failures = []
    storm, incidents = CheckinStorm(context), IncidentUpdates(context)
    incidents.prepare(b.base)
    stop = threading.Event()
    threads = []
    for load in (storm, incidents):
        for index in range(load.threads):
            base = (a if index % 2 == 0 else b).base
            threads.append(threading.Thread(target=load.run, args=(base, stop, index), daemon=True))
    for thread in threads:
        thread.start()
    time.sleep(3)
    with storm.lock, incidents.lock:
        before_kill = storm.acknowledged + incidents.acknowledged
        in_flight = storm.in_flight + incidents.in_flight
    a.kill()
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    total = storm.acknowledged + incidents.acknowledged
    if not b.alive():
        failures.append("B died too")
    status, answer, _ = http(b.base + "/api/v1/me", token=context["token"])
    if status != 200:
        failures.append(f"B after A's death: /api/v1/me answered {status}")
    status, answer, _ = http(b.base + "/api/v1/incidents", token=context["token"], method="POST", body=incidents.draft("after the kill"))
    if status != 201:
        failures.append(f"B after A's death: reporting an incident answered {status}: {answer}")
    else:
        incidents.acked_incidents[answer["id"].lower()] = "after the kill"
    for load in (storm, incidents):
        failures += load.check(deployment)
        for what in load.unexpected:
            print(f"    note ({load.name}): {what}", flush=True)
    audit = deployment.vigil("audit", "verify", check=False)
    if audit.returncode != 0:
        failures.append(f"vigil audit verify exited {audit.returncode}: {(audit.stdout + audit.stderr).strip()[:300]}")
    print(f"kill one: {before_kill} writes acknowledged by A and B before A was killed ({in_flight} in flight), "
          f"{total - before_kill} more by B after; check-ins {storm.acknowledged}, incident updates {incidents.acknowledged}; "
          f"all stored, B serving, audit chain intact: {'OK' if not failures else 'FAILED'}", flush=True)
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sqlite", action="store_true",
                        help="both processes on one SQLite data folder instead (`vigil serve` takes its lock shared)")
    args = parser.parse_args()
    pg_server = None if args.sqlite else server_url()
    if not pg_server and not args.sqlite:
        print("two-process test: needs PostgreSQL (DATABASE_URL or VIGIL_TEST_POSTGRES_URL; scripts/two-process-test.sh "
              "starts one), or --sqlite")
        return 2
    started = time.monotonic()
    work = tempfile.mkdtemp(prefix="vigil-two-")
    database_url = fresh_postgres_database(pg_server, "vigil_two") if pg_server else None
    deployment = Deployment(os.path.join(work, "data"), database_url)
    mode = "PostgreSQL database" if database_url else "SQLite data folder"
    a = Server(deployment, log=os.path.join(work, "a.log"))
    b = Server(deployment, log=os.path.join(work, "b.log"))
    failures = []
    try:
        deployment.vigil("migrate")
        context = bootstrap(deployment)
        # Both at once: they race to create and claim the scheduled jobs.
        boots = []
        starters = [threading.Thread(target=lambda s=s: boots.append(s.start())) for s in (a, b)]
        for thread in starters:
            thread.start()
        for thread in starters:
            thread.join()
        if not (a.alive() and b.alive()):
            raise AssertionError("both processes did not start")
        print(f"two processes on one {mode}: A on {a.port}, B on {b.port}, shared data folder {deployment.data_dir}", flush=True)
        failures += check_sessions(a, b)
        failures += check_jobs(deployment, (a, b))
        failures += check_kill_one(deployment, a, b, context)
        b2 = Server(deployment, log=os.path.join(work, "a2.log"))
        b2.start()  # A again, for the revocation check
        a = b2
        failures += check_revocation(deployment, a, b, context)
    finally:
        a.kill()
        b.kill()
        if database_url:
            drop_postgres_database(pg_server, database_url)
    for failure in failures:
        print("FAILED:", failure, flush=True)
    print(f"two-process test on one {mode}: {'all checks passed' if not failures else f'{len(failures)} failure(s)'} in "
          f"{time.monotonic() - started:.0f} s (logs in {work})", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
