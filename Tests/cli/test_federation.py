"""Reporting between installations, as two real `vigil serve` processes on loopback: an agency's
Vigil and the coordinator's Vigil are paired by their administrators (ids and Ed25519 public keys
exchanged through the API), a notification and an issued report travel upward, the coordinator
sees the incident and acknowledges, and the acknowledgement travels back. Unsigned, wrongly signed
and tampered messages are refused and logged."""
import base64
import hashlib
import json
import time
import urllib.error
import urllib.request
import uuid

import pytest

from helpers import Server, request, vigil

ALLOW = {"VIGIL_OUTBOUND_ALLOW": "127.0.0.1/32"}
PASSWORD = "a long enough passphrase\n"


def installation(tmp_path, name, org_name, kind, users, child=None):
    data_dir = tmp_path / name
    org = vigil(data_dir, "org", "create", "--name", org_name, "--kind", kind).stdout.strip()
    child_id = None
    if child:
        child_id = vigil(data_dir, "org", "create", "--name", child, "--kind", "agency", "--parent", org).stdout.strip()
    tokens = {}
    for email, roles in users:
        args = ["user", "create", "--email", email, "--org", org, "--password-stdin"]
        for role in roles:
            args += ["--role", role]
        vigil(data_dir, *args, stdin=PASSWORD)
        tokens[email] = vigil(data_dir, "token", "create", "--user", email, "--name", "federation").stdout.strip()
    server = Server(data_dir, extra_env=ALLOW)
    return server, tokens, org, child_id


def wait_for(check, seconds=40):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError("timed out")


def post_raw(url, body, signature=None):
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Vigil-Signature"] = signature
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.fixture
def pair(tmp_path):
    agency, agency_tokens, agency_org, _ = installation(
        tmp_path, "agency", "Sở Xây dựng", "agency",
        [("admin@sxd.gov.vn", ["admin"]), ("focal@sxd.gov.vn", ["focal_point", "responder"])])
    province, province_tokens, _, child = installation(
        tmp_path, "province", "Sở Thông tin và Truyền thông", "province",
        [("admin@stttt.gov.vn", ["admin"]), ("coordinator@stttt.gov.vn", ["coordinator"])], child="Sở Xây dựng (liên thông)")
    yield agency, agency_tokens, province, province_tokens, child
    agency.stop()
    province.stop()


def paired(pair):
    agency, at, province, pt, child = pair
    status, agency_id = request(agency.base + "/api/v1/federation/identity", at["admin@sxd.gov.vn"])
    assert status == 200, agency_id
    status, province_id = request(province.base + "/api/v1/federation/identity", pt["admin@stttt.gov.vn"])
    assert status == 200, province_id
    status, up = request(agency.base + "/api/v1/federation/peers", at["admin@sxd.gov.vn"], "POST", {
        "name": "Vigil của tỉnh", "direction": "upstream", "url": province.base,
        "installationId": province_id["installationId"], "publicKey": province_id["publicKey"]})
    assert status == 201, up
    assert up["fingerprint"] == province_id["fingerprint"]
    status, down = request(province.base + "/api/v1/federation/peers", pt["admin@stttt.gov.vn"], "POST", {
        "name": "Vigil Sở Xây dựng", "direction": "downstream", "url": agency.base, "organisationId": child,
        "installationId": agency_id["installationId"], "publicKey": agency_id["publicKey"]})
    assert status == 201, down
    return agency_id, province_id, up, down


def test_a_notification_and_a_report_travel_up_and_are_acknowledged(pair):
    agency, at, province, pt, child = pair
    agency_id, province_id, up, down = paired(pair)
    focal, coordinator = at["focal@sxd.gov.vn"], pt["coordinator@stttt.gov.vn"]
    status, incident = request(agency.base + "/api/v1/incidents", focal, "POST", {
        "title": "Cổng thông tin bị thay đổi giao diện", "description": "Trang chủ hiện nội dung lạ",
        "discoveredAt": "2026-12-01T08:30:00Z"})
    assert status == 201, incident
    status, sent = request(f"{agency.base}/api/v1/incidents/{incident['id']}/transmissions", focal, "POST", {"peerId": up["id"]})
    assert status == 201, sent
    assert sent["status"] == "pending" and sent["type"] == "incident.notification"

    def received_upstream():
        _, listed = request(f"{agency.base}/api/v1/incidents/{incident['id']}/transmissions", focal)
        return listed["items"][0] if listed["items"][0]["status"] == "received" else None
    message = wait_for(received_upstream)
    assert message["receivedAt"]

    # The coordinator sees it, under the organisation standing for the agency.
    status, listed = request(province.base + "/api/v1/federation/received", coordinator)
    assert status == 200
    [received] = listed["items"]
    assert received["reference"] == incident["reference"] and received["title"] == "Cổng thông tin bị thay đổi giao diện"
    assert received["organisation"]["id"] == child and received["remoteOrganisation"] == "Sở Xây dựng"
    status, detail = request(f"{province.base}/api/v1/federation/received/{received['id']}", coordinator)
    [inbound] = detail["messages"]
    assert inbound["messageId"] == sent["id"] and inbound["type"] == "incident.notification"

    # An issued report goes up with its DOCX, whole.
    status, report = request(f"{agency.base}/api/v1/incidents/{incident['id']}/reports/initial/issue", focal, "POST",
                             {"recipients": "Sở Thông tin và Truyền thông"})
    assert status == 201, report
    status, sent_report = request(f"{agency.base}/api/v1/incidents/{incident['id']}/transmissions", focal, "POST",
                                  {"peerId": up["id"], "reportId": report["id"]})
    assert status == 201, sent_report
    wait_for(lambda: request(f"{agency.base}/api/v1/incidents/{incident['id']}/transmissions", focal)[1]["items"][0]["status"] == "received")
    status, detail = request(f"{province.base}/api/v1/federation/received/{received['id']}", coordinator)
    report_message = next(m for m in detail["messages"] if m["type"] == "incident.report")
    assert report_message["reportSha256"] == report["sha256"] and report_message["reportKind"] == "initial"

    # The coordinator acknowledges; the acknowledgement travels back, signed, and the agency sees who.
    status, acknowledged = request(f"{province.base}/api/v1/federation/inbound/{inbound['id']}/acknowledge", coordinator, "POST", {})
    assert status == 200, acknowledged
    assert acknowledged["acknowledgedBy"]

    def acknowledged_upstream():
        _, listed = request(f"{agency.base}/api/v1/incidents/{incident['id']}/transmissions", focal)
        first = next(m for m in listed["items"] if m["id"] == sent["id"])
        return first if first.get("acknowledgedAt") else None
    first = wait_for(acknowledged_upstream)
    assert first["acknowledgedBy"] == acknowledged["acknowledgedBy"]

    # Both sides keep the record.
    status, outbound = request(agency.base + "/api/v1/federation/outbound", at["admin@sxd.gov.vn"])
    assert {m["id"] for m in outbound["items"]} >= {sent["id"], sent_report["id"]}
    status, inbound_log = request(agency.base + "/api/v1/federation/inbound", at["admin@sxd.gov.vn"])
    assert [m["type"] for m in inbound_log["items"]] == ["acknowledgement"]
    status, province_out = request(province.base + "/api/v1/federation/outbound", pt["admin@stttt.gov.vn"])
    assert [m["type"] for m in province_out["items"]] == ["acknowledgement"]
    assert wait_for(lambda: request(province.base + "/api/v1/federation/outbound", pt["admin@stttt.gov.vn"])[1]["items"][0]["status"] == "received")


def test_unsigned_wrongly_signed_and_tampered_messages_are_refused_and_logged(pair):
    crypto = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ed25519")
    agency, at, province, pt, child = pair
    door = province.base + "/api/v1/federation/messages"
    status, province_id = request(province.base + "/api/v1/federation/identity", pt["admin@stttt.gov.vn"])
    # A key of the test's own, paired on the province as a downstream installation.
    key = crypto.Ed25519PrivateKey.generate()
    public = base64.b64encode(key.public_key().public_bytes_raw()).decode()
    me = str(uuid.uuid4())
    status, peer = request(province.base + "/api/v1/federation/peers", pt["admin@stttt.gov.vn"], "POST", {
        "name": "Kiểm thử", "direction": "downstream", "url": agency.base, "organisationId": child,
        "installationId": me, "publicKey": public})
    assert status == 201, peer
    message = {"version": 1, "id": str(uuid.uuid4()), "type": "incident.notification", "from": me, "to": province_id["installationId"],
               "sentAt": "2026-12-02T01:00:00.000Z", "incident": {
                   "id": str(uuid.uuid4()), "reference": "KT-2026-0001", "title": "Mã độc trên máy trạm", "organisation": "Đơn vị kiểm thử",
                   "description": "", "status": "received", "serious": False, "discoveredAt": "2026-12-02T00:00:00Z", "sentBy": "tester"}}
    body = json.dumps(message, ensure_ascii=False).encode()
    signature = "ed25519=" + base64.b64encode(key.sign(body)).decode()

    assert post_raw(door, body)[0] == 401                                          # unsigned
    status, answer = post_raw(door, body.replace(b"KT-2026-0001", b"KT-2026-0666"), signature)   # tampered
    assert status == 401 and answer["error"]["code"] == "bad_signature"
    other = crypto.Ed25519PrivateKey.generate()
    status, answer = post_raw(door, body, "ed25519=" + base64.b64encode(other.sign(body)).decode())   # another key
    assert status == 401 and answer["error"]["code"] == "bad_signature"
    stranger = dict(message, **{"from": str(uuid.uuid4())})
    stranger_body = json.dumps(stranger).encode()
    status, answer = post_raw(door, stranger_body, "ed25519=" + base64.b64encode(key.sign(stranger_body)).decode())
    assert status == 403 and answer["error"]["code"] == "unknown_installation"
    status, answer = post_raw(door, b"{not json", signature)
    assert status == 400 and answer["error"]["code"] == "invalid_message"

    # Nothing of them was kept; each refusal is logged.
    status, received = request(province.base + "/api/v1/federation/received", pt["coordinator@stttt.gov.vn"])
    assert received["items"] == []
    status, refusals = request(province.base + "/api/v1/federation/refusals", pt["admin@stttt.gov.vn"])
    reasons = sorted(r["reason"] for r in refusals["items"])
    assert reasons == ["bad_signature", "bad_signature", "invalid_message", "unknown_installation", "unsigned"]
    assert all(r["sha256"] and r["size"] > 0 for r in refusals["items"])

    # The genuine message goes through once; sent again, it is not kept twice.
    status, receipt = post_raw(door, body, signature)
    assert status == 202 and receipt["id"] == message["id"] and receipt["duplicate"] is False
    status, again = post_raw(door, body, signature)
    assert status == 200 and again["duplicate"] is True
    status, received = request(province.base + "/api/v1/federation/received", pt["coordinator@stttt.gov.vn"])
    assert [r["reference"] for r in received["items"]] == ["KT-2026-0001"]
