"""The assets journey in a real browser: a focal point imports a CSV of information systems and
one of hosts, creates an enrolment token, runs the Linux agent script against the server, sees
this machine appear with its anti-malware state, reads the coverage page with the reason for
each unprotected host, puts a host into a system by hand, and records a supplier the system
depends on, with its contract."""
import json
import os
import socket
import sqlite3
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from selenium.webdriver.common.by import By

from journey_support import PASSWORD, REPO_ROOT, cli, click_and_wait, page_ready, sign_in

SYSTEMS_CSV = """name;organisation;security_level;hosting;public_urls
Cổng thông tin điện tử;SXD;3;provincial_data_centre;https://sxd.example.gov.vn
Thư điện tử công vụ;SXD;2;on_premises;
"""

CSV = """hostname,organisation,role,os_name,addresses,av_product,av_real_time,av_signature_date
sxd-srv-01,SXD,server,Ubuntu 22.04,10.20.0.10,ClamAV,yes,{today}
sxd-ws-02,SXD,workstation,Windows 11,10.20.1.2,Microsoft Defender Antivirus,no,{today}
sxd-ws-03,SXD,workstation,Windows 10,10.20.1.3,,,
"""


def test_import_hosts_run_the_agent_and_read_coverage(browser, vigil_server, screenshot):
    try:
        journey(browser, vigil_server, screenshot)
    finally:
        browser.delete_all_cookies()
        browser.set_window_size(1280, 900)


def journey(browser, vigil_server, screenshot):
    with sqlite3.connect(os.path.join(vigil_server.data_dir, "vigil.sqlite")) as db:
        root = db.execute("SELECT id FROM organisations WHERE parent_id IS NULL").fetchone()[0].lower()
        existing = db.execute("SELECT COUNT(*) FROM organisations WHERE code = 'SXD'").fetchone()[0]
    if existing:
        with sqlite3.connect(os.path.join(vigil_server.data_dir, "vigil.sqlite")) as db:
            agency = db.execute("SELECT id FROM organisations WHERE code = 'SXD'").fetchone()[0].lower()
    else:
        agency = cli(vigil_server, "org", "create", "--name", "Sở Xây dựng", "--parent", root, "--kind", "agency", "--code", "SXD")
    cli(vigil_server, "user", "create", "--email", "taisan@sxd.gov.vn", "--org", agency, "--role", "focal_point",
        "--name", "Lê Tài Sản", "--password-stdin", stdin=PASSWORD + "\n")
    sign_in(browser, vigil_server, "taisan@sxd.gov.vn")

    # The agency's information systems from a CSV file (semicolon separated, as a spreadsheet
    # saves it): preview first, then confirm.
    folder = Path(tempfile.mkdtemp())
    systems_csv = folder / "he-thong.csv"
    systems_csv.write_text(SYSTEMS_CSV, encoding="utf-8")
    browser.get(vigil_server.url("/assets/systems/import"))
    browser.find_element(By.ID, "file").send_keys(str(systems_csv))
    click_and_wait(browser, "form[action='/assets/systems/import'] button")
    assert "2" in browser.find_element(By.CSS_SELECTOR, "[data-testid=import-summary]").text
    screenshot("assets-systems-import-preview")
    click_and_wait(browser, "form[action='/assets/systems/import/apply'] button")
    assert "Cổng thông tin điện tử" in browser.find_element(By.TAG_NAME, "table").text

    # Import three hosts from a CSV file: preview first, then confirm.
    csv = folder / "may-tinh.csv"
    csv.write_text(CSV.format(today=date.today().isoformat()), encoding="utf-8")
    browser.get(vigil_server.url("/assets/import"))
    browser.find_element(By.ID, "file").send_keys(str(csv))
    click_and_wait(browser, "form[action='/assets/import'] button")
    assert "3" in browser.find_element(By.CSS_SELECTOR, "[data-testid=import-summary]").text
    screenshot("assets-import-preview")
    click_and_wait(browser, "form[action='/assets/import/apply'] button")
    assert "sxd-srv-01" in browser.find_element(By.TAG_NAME, "table").text

    # An enrolment token, shown once, and the agent run with it.
    browser.get(vigil_server.url("/assets/enrolment"))
    browser.find_element(By.ID, "name").send_keys("Máy trạm")
    click_and_wait(browser, "form[action='/assets/enrolment'] button")
    token = browser.find_element(By.CSS_SELECTOR, "[data-testid=enrolment-token]").text
    screenshot("assets-enrolment-token")
    agent = subprocess.run(["sh", str(REPO_ROOT / "agents" / "linux" / "vigil-agent.sh"), "--url", vigil_server.url(""), "--token", token],
                           capture_output=True, text=True, timeout=120)
    assert agent.returncode == 0, agent.stderr
    host_id = json.loads(agent.stdout)["hostId"]

    # The machine is in the list, with its state and its packages.
    browser.get(vigil_server.url("/assets/hosts"))
    this_host = socket.gethostname()
    assert this_host in browser.find_element(By.TAG_NAME, "table").text
    screenshot("assets-hosts")
    browser.get(vigil_server.url(f"/assets/hosts/{host_id}"))
    page_ready(browser)
    assert this_host in browser.find_element(By.TAG_NAME, "h1").text
    assert "dpkg" in browser.find_element(By.CSS_SELECTOR, "ul.software").text or "apt" in browser.find_element(By.CSS_SELECTOR, "ul.software").text

    # Coverage: below 100 %, with the reason for each unprotected host.
    browser.get(vigil_server.url("/assets/coverage"))
    percent = browser.find_element(By.CSS_SELECTOR, "[data-testid=coverage-percent]").text
    assert percent.endswith("%") and percent != "100.0%"
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "sxd-ws-02" in text and "Tắt bảo vệ thời gian thực" in text
    assert "sxd-ws-03" in text
    assert this_host in text
    screenshot("assets-coverage")

    # A host put into a system by hand, from its page.
    browser.get(vigil_server.url("/assets/hosts?q=sxd-srv-01"))
    click_and_wait(browser, "table a[href^='/assets/hosts/']")
    click_and_wait(browser, "a[href$='/edit']")
    screenshot("assets-host-edit")
    portal = browser.find_element(By.XPATH, "//label[contains(., 'Cổng thông tin điện tử')]/input")
    portal.click()
    browser.find_element(By.ID, "owner").send_keys("Phòng CNTT")
    click_and_wait(browser, "form[action^='/assets/hosts/'] button[type=submit]")
    facts = browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "Cổng thông tin điện tử" in facts and "Phòng CNTT" in facts

    # The supplier that runs the portal: its contract, the portal depending on it.
    browser.get(vigil_server.url("/assets/suppliers/new"))
    browser.find_element(By.ID, "name").send_keys("Công ty Phần mềm ABC")
    browser.find_element(By.ID, "services").send_keys("Vận hành cổng thông tin")
    click_and_wait(browser, "form[action='/assets/suppliers'] button[type=submit]")
    browser.find_element(By.CSS_SELECTOR, "#contracts summary").click()
    browser.find_element(By.ID, "reference").send_keys("HĐ-15/2026")
    click_and_wait(browser, "form[action$='/contracts'] button")
    click_and_wait(browser, "form[action$='/dependencies'] button")
    dependents = browser.find_element(By.ID, "dependents").text
    assert "Cổng thông tin điện tử" in dependents
    assert "HĐ-15/2026" in browser.find_element(By.ID, "contracts").text
    screenshot("assets-supplier")
