"""`vigil token create --scope` and `--org`: the contract of scoped tokens and organisations'
integration tokens (issue 22): a token with incidents:read cannot write, a scope beyond the
user's roles is refused, an integration token acts in its organisation only."""
import pytest

from helpers import Server, request, vigil


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def test_scoped_and_integration_tokens(data_dir):
    province = vigil(data_dir, "org", "create", "--name", "Tỉnh Thái Nguyên", "--kind", "province").stdout.strip()
    agency = vigil(data_dir, "org", "create", "--name", "Sở Xây dựng", "--parent", province, "--kind", "agency").stdout.strip()
    other = vigil(data_dir, "org", "create", "--name", "Sở Y tế", "--parent", province, "--kind", "agency").stdout.strip()
    vigil(data_dir, "user", "create", "--email", "focal@sxd.gov.vn", "--org", agency, "--role", "focal_point",
          "--password-stdin", stdin="a long enough passphrase\n")
    vigil(data_dir, "user", "create", "--email", "reporter@sxd.gov.vn", "--org", agency, "--role", "reporter",
          "--password-stdin", stdin="a long enough passphrase\n")
    vigil(data_dir, "user", "create", "--email", "focal@syt.gov.vn", "--org", other, "--role", "focal_point",
          "--password-stdin", stdin="a long enough passphrase\n")

    reader = vigil(data_dir, "token", "create", "--user", "focal@sxd.gov.vn", "--name", "dashboard", "--scope", "incidents:read").stdout.strip()
    assert reader.startswith("vgl_") and "\n" not in reader
    several = vigil(data_dir, "token", "create", "--user", "focal@sxd.gov.vn", "--name", "both",
                    "--scope", "incidents:write", "--scope", "assets:read").stdout.strip()
    full = vigil(data_dir, "token", "create", "--user", "focal@sxd.gov.vn", "--name", "full").stdout.strip()
    siem = vigil(data_dir, "token", "create", "--org", agency, "--name", "SIEM", "--scope", "incidents:write",
                 "--expires-days", "30").stdout.strip()
    assert siem.startswith("vgl_") and "\n" not in siem
    other_focal = vigil(data_dir, "token", "create", "--user", "focal@syt.gov.vn", "--name", "x").stdout.strip()

    # Refusals: clear messages, non-zero exits, no token made.
    bad = vigil(data_dir, "token", "create", "--user", "focal@sxd.gov.vn", "--name", "x", "--scope", "incident:read", check=False)
    assert bad.returncode != 0 and "incident:read" in bad.stderr and "scopes" in bad.stderr and not bad.stdout.strip()
    bad = vigil(data_dir, "token", "create", "--user", "reporter@sxd.gov.vn", "--name", "x", "--scope", "assets:read", check=False)
    assert bad.returncode != 0 and "roles do not allow the scope assets:read" in bad.stderr
    bad = vigil(data_dir, "token", "create", "--org", agency, "--name", "x", check=False)
    assert bad.returncode != 0 and "at least one scope" in bad.stderr
    bad = vigil(data_dir, "token", "create", "--org", agency, "--name", "x", "--scope", "tokens:write", check=False)
    assert bad.returncode != 0 and "tokens:write" in bad.stderr
    bad = vigil(data_dir, "token", "create", "--org", "not-an-id", "--name", "x", "--scope", "incidents:read", check=False)
    assert bad.returncode != 0 and "organisation" in bad.stderr
    bad = vigil(data_dir, "token", "create", "--user", "focal@sxd.gov.vn", "--org", agency, "--name", "x", check=False)
    assert bad.returncode != 0 and "--user or --org" in bad.stderr

    server = Server(data_dir)
    try:
        incident = {"title": "Mã độc mã hoá tệp", "description": "Các tệp có đuôi .locked", "discoveredAt": "2026-01-05T08:00:00Z"}
        status, _ = request(server.base + "/api/v1/incidents", reader)
        assert status == 200
        status, error = request(server.base + "/api/v1/incidents", reader, method="POST", body=incident)
        assert status == 403 and error["error"]["code"] == "insufficient_scope" and "incidents:write" in error["error"]["message"]
        status, error = request(server.base + "/api/v1/systems", reader)
        assert status == 403 and error["error"]["code"] == "insufficient_scope"
        status, me = request(server.base + "/api/v1/me", reader)
        assert status == 200 and me["email"] == "focal@sxd.gov.vn"

        status, _ = request(server.base + "/api/v1/incidents", several, method="POST", body=incident)
        assert status == 201
        assert request(server.base + "/api/v1/systems", several)[0] == 200
        assert request(server.base + "/api/v1/systems", several, method="POST", body={"name": "Cổng", "securityLevel": 2})[0] == 403
        # Without --scope, a token reaches what the roles allow, as before.
        assert request(server.base + "/api/v1/systems", full, method="POST", body={"name": "Cổng", "securityLevel": 2})[0] == 201

        status, created = request(server.base + "/api/v1/incidents", siem, method="POST", body=incident)
        assert status == 201
        status, listed = request(server.base + "/api/v1/incidents", siem)
        assert status == 200 and len(listed["items"]) == 2
        assert request(server.base + "/api/v1/systems", siem)[0] == 403
        assert request(server.base + "/api/v1/tokens", siem)[0] == 403
        # Another organisation's incident is not found.
        status, theirs = request(server.base + "/api/v1/incidents", other_focal, method="POST", body=incident)
        assert status == 201
        assert request(server.base + f"/api/v1/incidents/{theirs['id']}", siem)[0] == 404
        assert request(server.base + f"/api/v1/incidents/{created['id']}", siem)[0] == 200
    finally:
        server.stop()

    verified = vigil(data_dir, "audit", "verify")
    assert "intact" in verified.stdout
