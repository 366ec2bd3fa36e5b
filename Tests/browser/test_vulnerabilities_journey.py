"""The vulnerabilities journey so far, in a real browser: a focal point records two information
systems, imports scanner reports from the command line (one for a system), reads the scan
cadence page (the system never scanned first, then the scanned one, and the recent imports) and
the findings of one import."""
import os
import sqlite3
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By

from journey_support import PASSWORD, REPO_ROOT, cli, click_and_wait, sign_in

SAMPLES = REPO_ROOT / "Tests" / "VigilScansTests" / "Samples"


def test_import_scans_and_read_the_cadence(browser, vigil_server, screenshot):
    try:
        journey(browser, vigil_server, screenshot)
    finally:
        browser.delete_all_cookies()


def journey(browser, vigil_server, screenshot):
    with sqlite3.connect(os.path.join(vigil_server.data_dir, "vigil.sqlite")) as db:
        root = db.execute("SELECT id FROM organisations WHERE parent_id IS NULL").fetchone()[0].lower()
    agency = cli(vigil_server, "org", "create", "--name", "Sở Tài nguyên", "--parent", root, "--kind", "agency", "--code", "STN")
    cli(vigil_server, "user", "create", "--email", "lohong@stn.gov.vn", "--org", agency, "--role", "focal_point",
        "--name", "Trần Lỗ Hổng", "--password-stdin", stdin=PASSWORD + "\n")
    sign_in(browser, vigil_server, "lohong@stn.gov.vn")

    for name in ["Cổng thông tin STN", "Cơ sở dữ liệu đất đai"]:
        browser.get(vigil_server.url("/assets/systems/new"))
        browser.find_element(By.ID, "name").send_keys(name)
        browser.find_element(By.CSS_SELECTOR, "#security_level option[value='3']").click()
        click_and_wait(browser, "form[action='/assets/systems'] button[type=submit]")
    with sqlite3.connect(os.path.join(vigil_server.data_dir, "vigil.sqlite")) as db:
        portal = db.execute("SELECT id FROM information_systems WHERE name = 'Cổng thông tin STN'").fetchone()[0].lower()

    # The OpenVAS report through the page (a progress bar while it uploads), for the portal.
    browser.get(vigil_server.url("/vulnerabilities/import"))
    browser.find_element(By.CSS_SELECTOR, f"#system option[value='{portal}']").click()
    browser.find_element(By.ID, "file").send_keys(str(SAMPLES / "openvas" / "many_vuln.xml"))
    screenshot("vulnerabilities-import")
    click_and_wait(browser, "form[action='/vulnerabilities/scans'] button[type=submit]")
    assert "/vulnerabilities/findings?scan=" in browser.current_url
    assert "many_vuln.xml" in browser.find_element(By.CSS_SELECTOR, "[data-testid=scan-summary]").text
    # A broken file: refused with the reason, the page again.
    broken = Path(tempfile.mkdtemp()) / "broken-report.xml"
    broken.write_text("<report><results><result><name>cut", encoding="utf-8")
    browser.get(vigil_server.url("/vulnerabilities/import"))
    browser.find_element(By.ID, "file").send_keys(str(broken))
    click_and_wait(browser, "form[action='/vulnerabilities/scans'] button[type=submit]")
    assert "không lưu gì" in browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    # The Nmap report from the command line.
    cli(vigil_server, "import", str(SAMPLES / "nmap" / "nmap_script_vulners.xml"), "--org", agency, "--json")

    browser.get(vigil_server.url("/vulnerabilities"))
    rows = browser.find_elements(By.CSS_SELECTOR, "table tbody tr")
    assert "Cơ sở dữ liệu đất đai" in rows[0].text and "Chưa quét lần nào" in rows[0].text
    assert "Cổng thông tin STN" in rows[1].text and "Trong hạn" in rows[1].text
    assert "1 hệ thống cần quét ngay" in browser.find_element(By.CSS_SELECTOR, "[data-testid=scan-need]").text
    recent = browser.find_element(By.TAG_NAME, "main").text
    assert "many_vuln.xml" in recent and "44 phát hiện" in recent and "Trần Lỗ Hổng" in recent
    screenshot("vulnerabilities-cadence")

    # The findings of the OpenVAS import, from its line in the recent imports.
    link = browser.find_element(By.XPATH, "//li[contains(., 'many_vuln.xml')]/a").get_attribute("href")
    browser.get(link)
    table = browser.find_element(By.TAG_NAME, "table").text
    assert "b6b9f466d63" in table and "Nghiêm trọng" in table
    screenshot("vulnerabilities-findings")

    # A finding's page: what the scanner said, and a fix recorded by hand with a note.
    click_and_wait(browser, "table a[href^='/vulnerabilities/findings/']")
    assert browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.CSS_SELECTOR, "#status option[value='fixed']").click()
    browser.find_element(By.ID, "note").send_keys("Đã cập nhật cấu hình TLS")
    click_and_wait(browser, "form[action$='/status'] button[type=submit]")
    assert "Đã cập nhật cấu hình TLS" in browser.find_element(By.TAG_NAME, "main").text
    screenshot("vulnerabilities-finding")
