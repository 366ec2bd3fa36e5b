"""`vigil backup` and `vigil restore`: one archive with the database and every evidence file and
issued report, taken while the server runs; a restore checks the whole archive before it replaces
anything, works into an empty data folder and over an existing one (keeping the old database aside).
On SQLite always; on PostgreSQL (pg_dump, pg_restore) when VIGIL_TEST_POSTGRES_URL names a server."""
import hashlib
import json
import os
import sqlite3
import subprocess
import urllib.request
import uuid
import zipfile

import pytest

from helpers import BIN, Server, request, vigil

PG_URL = os.environ.get("VIGIL_TEST_POSTGRES_URL")


def run(data_dir, *args, database_url=None, check=True):
    env = dict(os.environ, VIGIL_DATA_DIR=str(data_dir), VIGIL_BCRYPT_COST="4")
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    result = subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=180)
    if check and result.returncode != 0:
        raise AssertionError(f"vigil {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result


def upload_evidence(base, token, incident, name, content):
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: text/plain\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(f"{base}/api/v1/incidents/{incident}/evidence", data=body, method="POST",
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(req, timeout=20) as response:
        assert response.status == 201


def download(base, token, incident):
    status, page = request(f"{base}/api/v1/incidents/{incident}/evidence", token)
    assert status == 200
    found = {}
    for item in page["items"]:
        req = urllib.request.Request(f"{base}/api/v1/incidents/{incident}/evidence/{item['id']}", headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req, timeout=20) as response:
            found[item["filename"]] = response.read()
    return found


def setup(data_dir, database_url=None):
    """An agency, a responder with a token, an incident with two evidence files."""
    province = run(data_dir, "org", "create", "--name", "Tỉnh", "--kind", "province", database_url=database_url).stdout.strip()
    agency = run(data_dir, "org", "create", "--name", "Sở", "--parent", province, "--kind", "agency", database_url=database_url).stdout.strip()
    email = f"r{uuid.uuid4().hex[:8]}@so.gov.vn"
    run(data_dir, "user", "create", "--email", email, "--org", agency, "--role", "responder", "--role", "reporter", database_url=database_url)
    return run(data_dir, "token", "create", "--user", email, "--name", "t", "--expires-days", "1", database_url=database_url).stdout.strip()


def report(base, token, title):
    status, created = request(base + "/api/v1/incidents", token, method="POST", body={
        "title": title, "description": "Trang chủ hiển thị nội dung lạ.", "discoveredAt": "2026-11-20T08:30:00Z"})
    assert status == 201, created
    return created["id"]


def round_trip(tmp_path, database_url=None):
    data_dir = tmp_path / "data"
    run(data_dir, "migrate", database_url=database_url)
    token = setup(data_dir, database_url)
    server = start(data_dir, database_url)
    evidence = {"log.txt": b"nhat ky truy cap\n" * 1000, "note.txt": os.urandom(3000).hex().encode()}
    backup = tmp_path / "vigil-backup.zip"
    try:
        incident = report(server.base, token, "Trước sao lưu")
        for name, content in evidence.items():
            upload_evidence(server.base, token, incident, name, content)
        written = run(data_dir, "backup", str(backup), database_url=database_url)
        assert "2 stored file(s)" in written.stdout, written.stdout
        assert run(data_dir, "backup", str(backup), database_url=database_url, check=False).returncode != 0, "never overwrites"
        report(server.base, token, "Sau sao lưu")
        if database_url is None:
            refused = run(data_dir, "restore", str(backup), check=False)
            assert refused.returncode != 0 and "server" in refused.stderr
    finally:
        server.stop()

    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
    digests = {hashlib.sha256(c).hexdigest() for c in evidence.values()}
    assert {b["sha256"] for b in manifest["blobs"]} == digests
    assert names == {"manifest.json", manifest["databaseEntry"]} | {f"blobs/{d}" for d in digests}

    # Damaged archives are refused whole, and nothing changes.
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("blobs/"):
                data = data[:-1] + b"X"
            target.writestr(item, data)
    refused = run(data_dir, "restore", str(damaged), database_url=database_url, check=False)
    assert refused.returncode != 0 and "damaged" in refused.stderr, refused.stderr
    junk = tmp_path / "junk.zip"
    junk.write_text("hello")
    refused = run(data_dir, "restore", str(junk), database_url=database_url, check=False)
    assert refused.returncode != 0 and "not a Vigil backup" in refused.stderr
    smuggled = tmp_path / "smuggled.zip"
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(smuggled, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("../../etc/evil", b"x")
    refused = run(data_dir, "restore", str(smuggled), database_url=database_url, check=False)
    assert refused.returncode != 0 and "does not list" in refused.stderr

    # Over the existing folder: the old database is kept aside.
    restored = run(data_dir, "restore", str(backup), database_url=database_url)
    assert "restored" in restored.stdout and "kept in" in restored.stdout
    aside = restored.stdout.split("kept in ")[1].strip()
    assert os.path.exists(aside)
    check_restored(data_dir, token, database_url, evidence)
    return backup, evidence, token


def check_restored(data_dir, token, database_url, evidence):
    assert run(data_dir, "audit", "verify", database_url=database_url).returncode == 0
    server = start(data_dir, database_url)
    try:
        status, page = request(server.base + "/api/v1/incidents?limit=50", token)
        assert status == 200
        titles = {item["title"] for item in page["items"]}
        assert "Trước sao lưu" in titles and "Sau sao lưu" not in titles
        incident = next(item["id"] for item in page["items"] if item["title"] == "Trước sao lưu")
        assert download(server.base, token, incident) == evidence
    finally:
        server.stop()


def start(data_dir, database_url):
    return Server(data_dir, database_url)


def test_sqlite_backup_with_files_and_restore(tmp_path):
    backup, evidence, token = round_trip(tmp_path)
    # Into an empty data folder (a new machine): the database and the files come back.
    fresh = tmp_path / "fresh"
    restored = run(fresh, "restore", str(backup))
    assert "2 stored file(s)" in restored.stdout and "kept" not in restored.stdout
    check_restored(fresh, token, None, evidence)


def test_bare_sqlite_file_is_explained(tmp_path):
    data_dir = tmp_path / "data"
    run(data_dir, "migrate")
    bare = tmp_path / "old.sqlite"
    with sqlite3.connect(data_dir / "vigil.sqlite") as db:
        db.execute(f"VACUUM INTO '{bare}'")
    refused = run(data_dir, "restore", str(bare), check=False)
    assert refused.returncode != 0 and "bare SQLite database" in refused.stderr


@pytest.mark.skipif(not PG_URL, reason="no PostgreSQL server (scripts/with-postgres.sh sets VIGIL_TEST_POSTGRES_URL)")
def test_postgres_backup_with_pg_dump_and_restore(tmp_path):
    """On PostgreSQL the database goes through pg_dump and pg_restore, the files the same way."""
    name = "vigil_backup_" + uuid.uuid4().hex[:8]
    subprocess.run(["psql", PG_URL, "-v", "ON_ERROR_STOP=1", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    try:
        round_trip(tmp_path, url)
    finally:
        subprocess.run(["psql", PG_URL, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)
