"""`vigil demo`: a demo province in an empty data folder (or PostgreSQL database), its accounts
printed one a line (e-mail, role, organisation, password, tab-separated) and usable at once; a
second run on the same data is refused with a non-zero exit and nothing changed."""
import os
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar

import pytest

from helpers import BIN, Server

PG_URL = os.environ.get("VIGIL_TEST_POSTGRES_URL")
ROLES = {"reporter", "responder", "focal_point", "leader", "coordinator", "admin"}


def run(data_dir, *args, database_url=None):
    env = dict(os.environ, VIGIL_DATA_DIR=str(data_dir), VIGIL_BCRYPT_COST="4")
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=300)


def accounts(output):
    rows = [line.split("\t") for line in output.splitlines() if line.count("\t") == 3]
    return [dict(zip(("email", "role", "organisation", "password"), row)) for row in rows]


def sign_in(base, email, password):
    """The browser's way: the login page's CSRF cookie, then the form; answers where it sends us."""
    jar = CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    opener.open(base + "/login", timeout=10).read()
    csrf = next(cookie.value for cookie in jar if cookie.name == "vigil_csrf")
    form = urllib.parse.urlencode({"_csrf": csrf, "email": email, "password": password, "next": "/incidents"}).encode()
    try:
        opener.open(urllib.request.Request(base + "/login", data=form, method="POST"), timeout=10)
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Location")
    return 200, None


def check_demo(data_dir, database_url=None):
    first = run(data_dir, "demo", "--seed", "11", database_url=database_url)
    assert first.returncode == 0, first.stderr
    assert "incidents:" in first.stdout and "hosts without working anti-malware:" in first.stdout
    made = accounts(first.stdout)
    assert len(made) >= 40 and {a["role"] for a in made} == ROLES
    assert all("@" in a["email"] and a["email"].endswith(".hoalam.gov.vn") and len(a["password"]) >= 10 for a in made)
    assert len({a["email"] for a in made}) == len(made)
    assert any(a["organisation"] == "Sở Thông tin và Truyền thông tỉnh Hòa Lâm" for a in made)

    second = run(data_dir, "demo", database_url=database_url)
    assert second.returncode != 0
    assert "already holds data" in second.stderr and second.stdout == ""

    # The printed passwords open the pages at once, for one account of each role.
    server = Server(data_dir, database_url)
    try:
        for role in sorted(ROLES):
            account = next(a for a in made if a["role"] == role)
            status, location = sign_in(server.base, account["email"], account["password"])
            assert (status, location) == (303, "/incidents"), (role, status, location)
    finally:
        server.stop()


def test_demo_on_a_fresh_data_folder(tmp_path):
    check_demo(tmp_path / "data")


@pytest.mark.skipif(not PG_URL, reason="no PostgreSQL server (scripts/with-postgres.sh sets VIGIL_TEST_POSTGRES_URL)")
def test_demo_on_postgres(tmp_path):
    name = "vigil_demo_" + uuid.uuid4().hex[:8]
    subprocess.run(["psql", PG_URL, "-v", "ON_ERROR_STOP=1", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    try:
        check_demo(tmp_path / "data", PG_URL.rsplit("/", 1)[0] + "/" + name)
    finally:
        subprocess.run(["psql", PG_URL, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)
