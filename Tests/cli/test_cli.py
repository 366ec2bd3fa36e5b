"""End-to-end checks of the `vigil` command line on a fresh data folder: the contract other
tools rely on (ids and tokens alone on stdout, exit codes), the API a token opens, audit
verification of a tampered database (backups: test_backup.py)."""
import os
import sqlite3
import subprocess

import pytest

from helpers import BIN, Server, request, vigil


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def test_organisations_users_tokens_and_the_api(data_dir):
    province = vigil(data_dir, "org", "create", "--name", "Tỉnh Thái Nguyên", "--kind", "province").stdout.strip()
    assert len(province) == 36 and "\n" not in province, "the id alone on stdout"
    agency = vigil(data_dir, "org", "create", "--name", "Sở Xây dựng", "--parent", province, "--kind", "agency").stdout.strip()
    user_id = vigil(data_dir, "user", "create", "--email", "focal@sxd.gov.vn", "--org", agency,
                    "--role", "focal_point", "--role", "responder", "--password-stdin",
                    stdin="a long enough passphrase\n").stdout.strip()
    assert len(user_id) == 36
    created = vigil(data_dir, "user", "create", "--email", "leader@sxd.gov.vn", "--org", agency, "--role", "leader")
    lines = created.stdout.split()
    assert len(lines) == 2 and len(lines[1]) == 16, "id, then the one-time password"
    token = vigil(data_dir, "token", "create", "--user", "focal@sxd.gov.vn", "--name", "ci", "--expires-days", "7").stdout.strip()
    assert token.startswith("vgl_") and "\n" not in token
    reset = vigil(data_dir, "user", "reset-password", "--email", "leader@sxd.gov.vn").stdout.strip()
    assert len(reset) == 16

    # Bad input: clear messages, non-zero exit, nothing half-made.
    bad = vigil(data_dir, "user", "create", "--email", "x@sxd.gov.vn", "--org", agency, "--role", "king", check=False)
    assert bad.returncode != 0 and "unknown role 'king'" in bad.stderr
    bad = vigil(data_dir, "org", "create", "--name", "X", "--parent", "not-an-id", check=False)
    assert bad.returncode != 0 and "--parent" in bad.stderr
    dup = vigil(data_dir, "user", "create", "--email", "focal@sxd.gov.vn", "--org", agency, "--role", "reporter", check=False)
    assert dup.returncode != 0 and "already in use" in dup.stderr

    server = Server(data_dir)
    try:
        status, me = request(server.base + "/api/v1/me", token)
        assert status == 200
        assert me["email"] == "focal@sxd.gov.vn"
        assert me["organisation"]["id"].lower() == agency
        assert sorted(me["roles"]) == ["focal_point", "responder"]
        status, error = request(server.base + "/api/v1/me", "vgl_wrong")
        assert status == 401 and error["error"]["code"] == "invalid_token" and error["error"]["message"]
        status, page = request(server.base + "/api/v1/organisations?limit=1", token)
        assert status == 200 and len(page["items"]) == 1 and page["nextCursor"] is None
        status, error = request(server.base + "/api/v1/users", token, method="POST", body={"email": "a@b.vn", "roles": ["reporter"]})
        assert status == 403 and error["error"]["code"] == "forbidden"
    finally:
        server.stop()

    verified = vigil(data_dir, "audit", "verify")
    assert "intact" in verified.stdout


def test_audit_verify_names_the_first_tampered_entry(data_dir):
    org = vigil(data_dir, "org", "create", "--name", "Sở Y tế").stdout.strip()
    for index in range(3):
        vigil(data_dir, "org", "create", "--name", f"Phòng {index}", "--parent", org)
    assert vigil(data_dir, "audit", "verify").returncode == 0
    with sqlite3.connect(data_dir / "vigil.sqlite") as db:
        db.execute("UPDATE audit_entries SET changes = '{}' WHERE sequence = 2")
    result = vigil(data_dir, "audit", "verify", check=False)
    assert result.returncode != 0
    assert "entry 2" in result.stdout


def test_bad_configuration_names_the_variable(tmp_path):
    env = dict(os.environ, VIGIL_DATA_DIR=str(tmp_path), VIGIL_PORT="eighty")
    env.pop("DATABASE_URL", None)
    result = subprocess.run([BIN, "migrate"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode != 0 and "VIGIL_PORT" in result.stderr


SAMPLES = os.path.join(os.path.dirname(__file__), "..", "VigilScansTests", "Samples")


def test_import_scanner_reports(data_dir, tmp_path):
    """`vigil import FILE --org ID [--system ID] [--json]`: one JSON object per import, the format
    found from the content whatever the file is called; a refused report exits non-zero with the
    place and reason, and stores nothing."""
    province = vigil(data_dir, "org", "create", "--name", "Tỉnh", "--kind", "province").stdout.strip()
    agency = vigil(data_dir, "org", "create", "--name", "Sở", "--parent", province, "--kind", "agency").stdout.strip()
    renamed = tmp_path / "bao-cao.txt"
    renamed.write_bytes(open(os.path.join(SAMPLES, "nessus", "nessus_with_cvssv3.nessus"), "rb").read())
    result = vigil(data_dir, "import", str(renamed), "--org", agency, "--json")
    import json as jsonlib
    outcome = jsonlib.loads(result.stdout)
    for key in ["scanId", "format", "hosts", "findings", "new", "unchanged", "fixed", "reopened", "cves", "seconds"]:
        assert key in outcome, key
    assert outcome["format"] == "nessus" and outcome["findings"] == 48 and outcome["new"] == 48 and outcome["hosts"] == 1
    again = jsonlib.loads(vigil(data_dir, "import", str(renamed), "--org", agency, "--json").stdout)
    assert again["unchanged"] == 48 and again["new"] == 0
    plain = vigil(data_dir, "import", os.path.join(SAMPLES, "trivy", "scheme_2_many_vulns.json"), "--org", agency)
    assert "5 findings" in plain.stdout

    truncated = tmp_path / "cut.xml"
    truncated.write_text(open(os.path.join(SAMPLES, "openvas", "many_vuln.xml"), encoding="utf-8").read()[:5000], encoding="utf-8")
    refused = vigil(data_dir, "import", str(truncated), "--org", agency, "--json", check=False)
    assert refused.returncode == 1 and "nothing stored" in refused.stderr and "line" in refused.stderr
    assert refused.stdout == ""
    with sqlite3.connect(os.path.join(data_dir, "vigil.sqlite")) as db:
        assert db.execute("SELECT COUNT(*) FROM scans").fetchone()[0] == 3
    unknown = vigil(data_dir, "import", str(renamed), "--org", "00000000-0000-0000-0000-000000000000", check=False)
    assert unknown.returncode != 0 and "no organisation" in unknown.stderr
