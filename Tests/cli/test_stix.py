"""Indicator exchange against the `stix2` package: the exported bundle parses strictly
(allow_custom=False, patterns validated), and importing it into another incident gives the same
indicators. The MISP event has MISP's shape and types."""
import json
import urllib.error
import urllib.request

import pytest

from helpers import Server, request, vigil

stix2 = pytest.importorskip("stix2")

INDICATORS = [
    {"type": "ipv4", "value": "185.220.101.4"},
    {"type": "ipv6", "value": "2001:db8::dead:beef"},
    {"type": "domain", "value": "update.evil-cdn.com"},
    {"type": "url", "value": "https://thue-gov.vn/Login?id=42&q='x'"},
    {"type": "md5", "value": "d41d8cd98f00b204e9800998ecf8427e"},
    {"type": "sha1", "value": "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
    {"type": "sha256", "value": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"type": "email", "value": "ketoan@thue-gov.vn"},
    {"type": "filename", "value": "HoaDon_2026.docm"},
]


@pytest.fixture
def server(tmp_path):
    data_dir = tmp_path / "data"
    agency = vigil(data_dir, "org", "create", "--name", "Sở Xây dựng", "--kind", "agency").stdout.strip()
    vigil(data_dir, "user", "create", "--email", "focal@sxd.gov.vn", "--org", agency, "--role", "focal_point",
          "--role", "responder", "--password-stdin", stdin="a long enough passphrase\n")
    token = vigil(data_dir, "token", "create", "--user", "focal@sxd.gov.vn", "--name", "stix").stdout.strip()
    running = Server(data_dir)
    yield running, token
    running.stop()


def new_incident(server, token, title):
    status, body = request(server.base + "/api/v1/incidents", token, "POST",
                           {"title": title, "description": "Trang chủ bị thay đổi", "discoveredAt": "2026-11-20T08:30:00Z"})
    assert status == 201, body
    return body["id"]


def fetch(url, token):
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=10) as response:
        return response.headers["Content-Type"], response.read().decode()


def test_export_parses_with_stix2_and_round_trips(server):
    server, token = server
    first = new_incident(server, token, "Thay đổi giao diện")
    status, _ = request(f"{server.base}/api/v1/incidents/{first}/indicators", token, "POST", {"items": INDICATORS})
    assert status == 201

    content_type, text = fetch(f"{server.base}/api/v1/incidents/{first}/stix", token)
    assert content_type.startswith("application/stix+json")
    bundle = stix2.parse(text, allow_custom=False)
    kinds = [obj.type for obj in bundle.objects]
    assert kinds.count("indicator") == len(INDICATORS) and kinds.count("incident") == 1 and kinds.count("observed-data") == 1
    for indicator in (obj for obj in bundle.objects if obj.type == "indicator"):
        assert indicator.pattern_type == "stix" and indicator.spec_version == "2.1"
    # Every reference points inside the bundle.
    ids = {obj.id for obj in bundle.objects}
    for obj in bundle.objects:
        for ref in [getattr(obj, "source_ref", None), getattr(obj, "target_ref", None), getattr(obj, "created_by_ref", None),
                    *getattr(obj, "object_refs", [])]:
            assert ref is None or ref in ids

    second = new_incident(server, token, "Sự cố thứ hai")
    status, body = request(f"{server.base}/api/v1/incidents/{second}/stix", token, "POST", json.loads(text))
    assert status == 201, body
    assert body["added"] == len(INDICATORS) and body["merged"] == 0
    # The same indicators as the first incident (as stored: the URL's closing quote is trimmed as punctuation).
    _, original = request(f"{server.base}/api/v1/incidents/{first}/indicators", token)
    _, listed = request(f"{server.base}/api/v1/incidents/{second}/indicators", token)
    assert len(listed["items"]) == len(INDICATORS)
    def as_set(items):
        return {(item["type"], item["value"]) for item in items}
    assert as_set(listed["items"]) == as_set(original["items"])

    # Importing again merges: nothing doubled.
    status, body = request(f"{server.base}/api/v1/incidents/{second}/stix", token, "POST", json.loads(text))
    assert status == 200 and body["added"] == 0 and body["merged"] == len(INDICATORS)

    # A bundle written by the stix2 package itself.
    made = stix2.Bundle(stix2.Indicator(pattern="[ipv4-addr:value = '10.9.8.7'] OR [domain-name:value = 'c2.example.com']",
                                        pattern_type="stix"), stix2.IPv4Address(value="10.9.8.6"))
    status, body = request(f"{server.base}/api/v1/incidents/{second}/stix", token, "POST", json.loads(made.serialize()))
    assert status == 201 and body["added"] == 3, body


def test_a_bad_object_refuses_the_whole_bundle(server):
    server, token = server
    incident = new_incident(server, token, "Gói hỏng")
    good = stix2.Indicator(pattern="[ipv4-addr:value = '10.9.8.7']", pattern_type="stix")
    bad = stix2.Indicator(pattern="[ipv4-addr:value = '10.9.8.7' AND domain-name:value = 'x.vn']", pattern_type="stix")
    status, body = request(f"{server.base}/api/v1/incidents/{incident}/stix", token, "POST",
                           json.loads(stix2.Bundle(good, bad).serialize()))
    assert status == 422
    assert body["error"]["fields"][0]["field"] == "objects[1]"
    assert bad.id in body["error"]["fields"][0]["message"] and "AND" in body["error"]["fields"][0]["message"]
    _, listed = request(f"{server.base}/api/v1/incidents/{incident}/indicators", token)
    assert listed["items"] == []


def test_misp_event_shape(server):
    server, token = server
    incident = new_incident(server, token, "MISP")
    request(f"{server.base}/api/v1/incidents/{incident}/indicators", token, "POST", {"items": INDICATORS})
    status, body = request(f"{server.base}/api/v1/incidents/{incident}/misp", token)
    assert status == 200
    event = body["Event"]
    assert event["uuid"] == incident and event["info"].endswith("MISP") and event["date"] == "2026-11-20"
    assert {a["type"] for a in event["Attribute"]} == {"ip-dst", "domain", "url", "md5", "sha1", "sha256", "email-src", "filename"}
    assert all(a["to_ids"] is True and a["category"] in ("Network activity", "Payload delivery") for a in event["Attribute"])
