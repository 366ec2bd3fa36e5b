"""The agents, for real: the Linux script reports this machine to a running Vigil, enrolled with a
token from `vigil enrolment create`; the Windows script's report shape is checked with a fixture
(no PowerShell here) against the same server."""
import json
import os
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from helpers import ROOT, Server, request, vigil

AGENT = ROOT / "agents" / "linux" / "vigil-agent.sh"
WINDOWS_FIXTURE = ROOT / "Tests" / "cli" / "fixtures" / "windows-checkin.json"


@pytest.fixture
def enrolled(tmp_path):
    data_dir = tmp_path / "data"
    province = vigil(data_dir, "org", "create", "--name", "Tỉnh Thái Nguyên", "--kind", "province").stdout.strip()
    agency = vigil(data_dir, "org", "create", "--name", "Sở Xây dựng", "--parent", province, "--kind", "agency", "--code", "SXD").stdout.strip()
    token = vigil(data_dir, "enrolment", "create", "--org", agency).stdout.strip()
    assert token.startswith("vge_") and "\n" not in token, "the token alone on stdout"
    server = Server(data_dir)
    yield data_dir, agency, token, server
    server.stop()


def run_agent(*args, env=None):
    return subprocess.run(["sh", str(AGENT), *args], capture_output=True, text=True, timeout=120, env=env)


def test_the_linux_agent_reports_this_host(enrolled):
    data_dir, agency, token, server = enrolled
    dry = run_agent("--dry-run")
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    machine_id = report["machineId"]
    if Path("/etc/machine-id").is_file() and Path("/etc/machine-id").read_text().strip():
        assert machine_id == Path("/etc/machine-id").read_text().strip()
    assert report["hostname"] and report["os"]["name"]
    assert len(report["software"]) > 10, "the package list"

    sent = run_agent("--url", server.base, "--token", token)
    assert sent.returncode == 0, sent.stderr
    answer = json.loads(sent.stdout)
    assert answer["created"] is True and answer["protection"]["status"] in ("protected", "unprotected")
    # Again, from the environment this time: the same host, updated.
    env = dict(os.environ, VIGIL_URL=server.base, VIGIL_TOKEN=token)
    again = run_agent(env=env)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["hostId"] == answer["hostId"] and json.loads(again.stdout)["created"] is False

    with sqlite3.connect(data_dir / "vigil.sqlite") as db:
        rows = db.execute("SELECT hostname, machine_id, os_name, source FROM hosts").fetchall()
        # The package list is kept on the host as reported; a periodic job turns it into rows.
        packages = db.execute("SELECT software FROM hosts").fetchone()[0].split("\n")
    assert rows == [(report["hostname"], machine_id, report["os"]["name"], "agent")]
    assert len(packages) == len(report["software"])

    refused = run_agent("--url", server.base, "--token", "vge_not-a-token")
    assert refused.returncode == 1 and "401" in refused.stderr
    missing = run_agent()
    assert missing.returncode == 2 and "--url" in missing.stderr


def test_the_windows_agents_report_shape_is_accepted(enrolled):
    _, _, token, server = enrolled
    document = json.loads(WINDOWS_FIXTURE.read_text(encoding="utf-8"))
    document["sentAt"] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    status, body = request(server.base + "/api/v1/checkins", token=token, method="POST", body=document)
    assert status == 201, body
    # Defender's signatures in the fixture are old: the host is unprotected, and says why.
    assert body["protection"]["reason"] == "signatures_old"
    # Every field the script sets is one the schema knows.
    script = (ROOT / "agents" / "windows" / "vigil-agent.ps1").read_text(encoding="utf-8")
    for field in ["machineId", "hostname", "sentAt", "addresses", "os", "role", "software", "antimalware",
                  "product", "enabled", "realTime", "managed", "signatureDate", "lastScan"]:
        assert field in script, field
