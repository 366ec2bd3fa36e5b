"""The warnings journey in a real browser: an agency's host reports its packages; the provincial
coordinator records the authorities' warning from the form and sees which host it hits and why;
a bulk import with a bad line is refused whole, naming the line; the agency's focal point finds
the task on the warnings page and acknowledges it."""
import json
import os
import sqlite3
import tempfile
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from journey_support import PASSWORD, cli, click_and_wait, page_ready, sign_in

BAD_CSV = """reference,issuer,issued_on,title,cves,vendor,product,versions,aliases,action,deadline
55/NCSC,NCSC,2026-11-20,XZ Utils,CVE-2024-3094,Tukaani,XZ Utils,5.6.0 - 5.6.1,,,2026-11-27
56/NCSC,NCSC,2026-11-21,Sai,CVE-2024-12,,,,,,2026-11-28
"""


def check_in(server, token, machine, hostname, software):
    document = {
        "machineId": machine, "hostname": hostname, "sentAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "addresses": ["10.30.0.21"], "os": {"name": "Debian GNU/Linux", "version": "12"}, "role": "server",
        "software": [{"name": name, "version": version} for name, version in software], "antimalware": [],
    }
    request = urllib.request.Request(server.url("/api/v1/checkins"), data=json.dumps(document).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status in (200, 201)


def test_record_a_warning_and_see_the_hosts_it_hits(browser, vigil_server, screenshot):
    try:
        journey(browser, vigil_server, screenshot)
    finally:
        browser.delete_all_cookies()
        browser.set_window_size(1280, 900)


def journey(browser, vigil_server, screenshot):
    with sqlite3.connect(os.path.join(vigil_server.data_dir, "vigil.sqlite")) as db:
        root = db.execute("SELECT id FROM organisations WHERE parent_id IS NULL").fetchone()[0].lower()
    agency = cli(vigil_server, "org", "create", "--name", "Sở Tài chính", "--parent", root, "--kind", "agency", "--code", "STC")
    cli(vigil_server, "user", "create", "--email", "dieuphoi@tinh.gov.vn", "--org", root, "--role", "coordinator",
        "--name", "Phạm Điều Phối", "--password-stdin", stdin=PASSWORD + "\n")
    cli(vigil_server, "user", "create", "--email", "daumoi@stc.gov.vn", "--org", agency, "--role", "focal_point",
        "--name", "Vũ Đầu Mối", "--password-stdin", stdin=PASSWORD + "\n")
    token = cli(vigil_server, "enrolment", "create", "--org", agency, "--name", "Máy chủ")
    check_in(vigil_server, token, "stc-web-01", "stc-web-01", [("apache2", "2.4.57-2"), ("apache2-utils", "2.4.57-2"), ("openssl", "3.0.15-1~deb12u1")])
    check_in(vigil_server, token, "stc-web-02", "stc-web-02", [("apache2", "2.4.62-1~deb12u1")])

    # The coordinator records the warning from the form; the page then names the hit host and why.
    sign_in(browser, vigil_server, "dieuphoi@tinh.gov.vn")
    browser.get(vigil_server.url("/vulnerabilities/advisories"))
    click_and_wait(browser, "a[href='/vulnerabilities/advisories/new']")
    browser.find_element(By.ID, "reference").send_keys("2345/CATTT-NCSC")
    browser.find_element(By.ID, "issuer").send_keys("Cục An toàn thông tin")
    browser.find_element(By.ID, "title").send_keys("Lỗ hổng nghiêm trọng trong Apache HTTP Server")
    for field, value in (("issuedOn", "2026-11-28"), ("deadline", "2026-12-31")):
        browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, field), value)
    browser.find_element(By.ID, "cves").send_keys("CVE-2023-45802, CVE-2023-43622")
    browser.find_element(By.ID, "products").send_keys("Apache | HTTP Server | >= 2.4.0, < 2.4.58")
    browser.find_element(By.ID, "action").send_keys("Cập nhật Apache lên 2.4.58 trở lên.")
    screenshot("advisory-form")
    click_and_wait(browser, "form[action='/vulnerabilities/advisories'] button[type=submit]")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "2345/CATTT-NCSC" in main
    assert "Sở Tài chính" in main
    assert "stc-web-01" in main and "2.4.57-2" in main
    assert "stc-web-02" not in main, "the fixed version must not count"
    assert "apache2-utils" not in main, "a package that shares a word is another product"
    assert "1" in browser.find_element(By.CSS_SELECTOR, "[data-testid=affected-total]").text
    screenshot("advisory-page")

    # A bulk import with a bad CVE on line 3 is refused whole, naming the line.
    folder = Path(tempfile.mkdtemp())
    bad = folder / "canh-bao.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    browser.get(vigil_server.url("/vulnerabilities/advisories/import"))
    browser.find_element(By.ID, "file").send_keys(str(bad))
    click_and_wait(browser, "form[action='/vulnerabilities/advisories/import'] button")
    errors = browser.find_element(By.CSS_SELECTOR, "[data-testid=import-errors]").text
    assert "dòng 3" in errors and "CVE-2024-12" in errors
    screenshot("advisory-import-refused")
    browser.get(vigil_server.url("/vulnerabilities/advisories"))
    assert "55/NCSC" not in browser.find_element(By.TAG_NAME, "main").text

    # The agency's focal point finds the task and acknowledges it.
    sign_in(browser, vigil_server, "daumoi@stc.gov.vn")
    browser.get(vigil_server.url("/vulnerabilities/advisories"))
    tasks = browser.find_element(By.CSS_SELECTOR, "[data-testid=advisory-tasks]").text
    assert "2345/CATTT-NCSC" in tasks and "Chưa tiếp nhận" in tasks
    screenshot("advisory-list")
    click_and_wait(browser, "[data-testid=advisory-tasks] a")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=task] summary").click()
    Select(browser.find_element(By.CSS_SELECTOR, "[data-testid=task] select[name=status]")).select_by_value("acknowledged")
    click_and_wait(browser, "[data-testid=task] form button[type=submit]")
    page_ready(browser)
    task = browser.find_element(By.CSS_SELECTOR, "[data-testid=task]").text
    assert "Đã tiếp nhận" in task and "Vũ Đầu Mối" in task
    screenshot("advisory-task-acknowledged")
