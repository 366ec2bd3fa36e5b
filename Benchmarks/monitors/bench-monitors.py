#!/usr/bin/env python3
"""The measuring half of scripts/bench-monitors.sh (standard library only).

  create   makes the monitors through the API, in parallel, and says how fast
  measure  watches the running server for a window: its CPU time and resident memory
           (/proc), and the monitors' rows in its SQLite database, read-only, every few
           seconds; then runs wrk for the same number of requests and prints the summary

Schedule lag, as measured here: a check's start time minus the time it was due. The server
writes both into the monitor's row when the check is recorded: `last_checked_at` is the check's
start (the time the scheduler hands to the runner) and `next_check_at` moves from the due time to
the next one in the same write. The rows are read every `--sample` seconds (far less than the
60 s interval), so a monitor whose `last_checked_at` changed between two reads had one check, due
at the `next_check_at` of the earlier read: lag = new `last_checked_at` - earlier `next_check_at`.
That holds also when a check ran more than an interval late (the server then schedules from now,
so `next_check_at - interval` would hide it). Checks that have not started are not in it; the
count of monitors overdue by more than 2 s and not claimed is sampled for them.
"""
import argparse
import http.client
import json
import os
import resource
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone

TICKS = os.sysconf("SC_CLK_TCK")


def create(args):
    total = args.monitors
    lock = threading.Lock()
    state = {"next": 0, "made": 0, "failed": 0, "error": ""}

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        while True:
            with lock:
                index = state["next"]
                if index >= total:
                    break
                state["next"] += 1
            big = index < args.defacement
            body = {"name": f"bench {index}", "kind": "http", "intervalSeconds": args.interval,
                    "target": f"http://127.0.0.1:{args.web_port}/{'big.html' if big else ''}?n={index}"}
            if big:
                body["defacement"] = True
            try:
                connection.request("POST", "/api/v1/monitors", body=json.dumps(body),
                                   headers={"Authorization": f"Bearer {args.token}", "Content-Type": "application/json"})
                response = connection.getresponse()
                text = response.read()
                ok = response.status in (200, 201)
            except (OSError, http.client.HTTPException) as error:
                ok, text = False, str(error).encode()
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
            with lock:
                if ok:
                    state["made"] += 1
                else:
                    state["failed"] += 1
                    state["error"] = text[:300].decode(errors="replace")
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(args.parallel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    print(f"created {state['made']} monitors in {seconds:.1f} s ({state['made'] / seconds:.0f}/s, {args.parallel} in parallel)"
          + (f", {state['failed']} failed, last: {state['error']}" if state["failed"] else ""))
    if state["made"] != total:
        sys.exit(1)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as file:
        fields = file.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14, 15)


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as file:
        for line in file:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def seconds_of(value):
    """A date column as Fluent's SQLite driver stores it (a number or ISO 8601 text) in Unix seconds."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = value.replace("Z", "+00:00")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def run_wrk(args, requests, close):
    """wrk for `requests` requests on the same page (counted in its Lua script, which stops at
    that count: use one thread); returns its CPU seconds (user + system, from wait4), wall seconds and
    what it printed."""
    script = os.path.join(args.work, "count.lua")
    with open(script, "w") as file:
        file.write(f"""
local share = {max(1, requests // args.wrk_threads)}
local done = 0
local pid = nil
{'wrk.headers["Connection"] = "close"' if close else ''}
function init(args)
  local stat = io.open("/proc/self/stat")
  pid = stat:read("*n")
  stat:close()
end
-- wrk's main thread sleeps for the whole -d; SIGINT wakes it to print the figures (sent once this
-- thread has stopped, or it may land on this thread and leave the main one asleep).
function response(status, headers, body)
  done = done + 1
  if done == share then
    wrk.thread:stop()
    os.execute("(sleep 0.2; kill -INT " .. pid .. ") &")
  end
end
""")
    command = ["wrk", f"-t{args.wrk_threads}", f"-c{args.wrk_connections}", "-d600s", "-s", script,
               f"http://127.0.0.1:{args.web_port}/?n=wrk"]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    return usage.ru_utime + usage.ru_stime, wall, output


def measure(args):
    pid = args.pid
    database = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True, timeout=30)
    database.execute("PRAGMA query_only = 1")

    def rows():
        return database.execute("SELECT id, last_checked_at, next_check_at, lease_until, check_count FROM monitors").fetchall()

    known = {}  # id -> (last_checked_at, next_check_at)
    lags = []  # (check start, lag seconds)
    overdue = []  # (sample time, overdue and unclaimed count)

    def sample(now):
        count = 0
        total_checks = 0
        for monitor_id, last, due, lease, checks in rows():
            last, due, lease = seconds_of(last), seconds_of(due), seconds_of(lease)
            total_checks += checks
            previous = known.get(monitor_id)
            if previous is not None and last is not None and last != previous[0]:
                lags.append((last, last - previous[1]))
            known[monitor_id] = (last, due)
            if due < now - 2 and (lease is None or lease < now):
                count += 1
        overdue.append((now, count))
        return total_checks

    start_wall = time.time()
    start_cpu = cpu_seconds(pid)
    start_checks = sample(start_wall)
    cpu_marks = [(0.0, start_cpu)]
    rss = [(0.0, rss_mb(pid))]
    next_resource = 10.0
    deadline = time.monotonic() + args.seconds
    origin = time.monotonic()
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        time.sleep(min(args.sample, remaining))
        elapsed = time.monotonic() - origin
        sample(time.time())
        if elapsed >= next_resource - 0.5 or time.monotonic() >= deadline:
            cpu_marks.append((elapsed, cpu_seconds(pid)))
            rss.append((elapsed, rss_mb(pid)))
            next_resource += 10.0
    window = time.monotonic() - origin
    end_checks = sample(time.time())
    end_cpu = cpu_seconds(pid)
    checks = end_checks - start_checks
    vigil_cpu = end_cpu - start_cpu
    sampler_cpu = resource.getrusage(resource.RUSAGE_SELF)
    database.close()

    # Only checks that started inside the window (the first read saw every row before them).
    window_lags = [lag for started, lag in lags if started >= start_wall]

    print()
    print(f"== window: {window:.0f} s, {len(known)} monitors ==")
    print(f"checks done: {checks} ({checks / window:.1f}/s; nominal {len(known) * window / args.interval:.0f})")
    print(f"vigil CPU: {vigil_cpu:.1f} s = {100 * vigil_cpu / window:.1f} % of one core on average, "
          f"{1000 * vigil_cpu / max(1, checks):.2f} ms per check")
    per_minute = []
    for minute in range(int(window // 60) + 1):
        marks = [mark for mark in cpu_marks if minute * 60 - 0.5 <= mark[0] <= (minute + 1) * 60 + 0.5]
        if len(marks) >= 2 and marks[-1][0] - marks[0][0] >= 30:
            per_minute.append(f"{100 * (marks[-1][1] - marks[0][1]) / (marks[-1][0] - marks[0][0]):.1f}")
    print(f"vigil CPU per minute (% of one core): {', '.join(per_minute)}")
    middle = rss[len(rss) // 2]
    print(f"vigil RSS: start {rss[0][1]:.0f} MB, middle ({middle[0]:.0f} s) {middle[1]:.0f} MB, end {rss[-1][1]:.0f} MB, "
          f"min {min(r for _, r in rss):.0f} MB, max {max(r for _, r in rss):.0f} MB")
    print(f"vigil RSS every 10 s (MB): {' '.join(f'{r:.0f}' for _, r in rss)}")
    print(f"schedule lag (check start - due) over {len(window_lags)} checks: p50 {percentile(window_lags, 0.5):.3f} s, "
          f"p90 {percentile(window_lags, 0.9):.3f} s, p99 {percentile(window_lags, 0.99):.3f} s, "
          f"max {max(window_lags, default=float('nan')):.3f} s; over 2 s: {sum(1 for lag in window_lags if lag > 2)}")
    by_minute = {}
    for started, lag in lags:
        if started >= start_wall:
            by_minute.setdefault(int((started - start_wall) // 60), []).append(lag)
    print("schedule lag per minute, p50 / p99 (s): "
          + ", ".join(f"{percentile(v, 0.5):.2f} / {percentile(v, 0.99):.2f}" for _, v in sorted(by_minute.items())))
    counts = [count for _, count in overdue]
    print(f"monitors overdue by more than 2 s and not claimed, every {args.sample:.0f} s: max {max(counts)}, "
          f"mean {sum(counts) / len(counts):.1f}, at the end {counts[-1]}")
    print(f"(this sampler's own CPU: {sampler_cpu.ru_utime + sampler_cpu.ru_stime:.1f} s)")

    results = {"window": window, "checks": checks, "vigil_cpu": vigil_cpu, "lag_p50": percentile(window_lags, 0.5),
               "lag_p99": percentile(window_lags, 0.99), "rss": rss}
    for close in (True, False):
        wrk_cpu, wrk_wall, output = run_wrk(args, checks, close)
        label = "Connection: close (a new connection per request, as the checks do)" if close else "keep-alive"
        print()
        print(f"== wrk, {checks} requests to the same page, {label}, -t{args.wrk_threads} -c{args.wrk_connections} ==")
        print("\n".join("  " + line for line in output.strip().splitlines() if line.strip()))
        print(f"wrk CPU: {wrk_cpu:.2f} s (user + system) in {wrk_wall:.1f} s wall, {1000 * wrk_cpu / max(1, checks):.3f} ms per request")
        print(f"ratio vigil CPU / wrk CPU for the same requests: {vigil_cpu / max(wrk_cpu, 1e-9):.1f}")
        results["wrk_close" if close else "wrk_keepalive"] = wrk_cpu
    with open(os.path.join(args.work, "results.json"), "w") as file:
        json.dump(results, file)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    made = sub.add_parser("create")
    made.add_argument("--port", type=int, required=True)
    made.add_argument("--web-port", type=int, required=True)
    made.add_argument("--token", required=True)
    made.add_argument("--monitors", type=int, default=10_000)
    made.add_argument("--interval", type=int, default=60)
    made.add_argument("--defacement", type=int, default=0, help="how many of them watch the 210 KB page for defacement")
    made.add_argument("--parallel", type=int, default=8)
    watched = sub.add_parser("measure")
    watched.add_argument("--pid", type=int, required=True)
    watched.add_argument("--database", required=True)
    watched.add_argument("--seconds", type=float, default=600)
    watched.add_argument("--sample", type=float, default=5)
    watched.add_argument("--interval", type=int, default=60)
    watched.add_argument("--web-port", type=int, required=True)
    watched.add_argument("--work", required=True)
    watched.add_argument("--wrk-threads", type=int, default=1)
    watched.add_argument("--wrk-connections", type=int, default=4)
    args = parser.parse_args()
    create(args) if args.command == "create" else measure(args)


if __name__ == "__main__":
    main()
