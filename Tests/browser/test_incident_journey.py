"""The incident journey in a real browser: a staff member reports from a phone-sized screen, the
focal point is notified, classifies it and sees why this severity, works the playbook's tasks,
adds indicators, moves it through the response steps and closes it with lessons learned."""
import base64
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from journey_support import PASSWORD, cli, click_and_wait, fetch, page_ready, sign_in


def printed_text(driver):
    """Prints the page to PDF as the browser's Print does, and answers the PDF's text."""
    pdf = base64.b64decode(driver.print_page())
    assert pdf.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        return None
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def issue_report(driver, server, incident_path, kind, recipients):
    driver.get(server.url(f"{incident_path}/reports/{kind}"))
    page_ready(driver)
    headers, docx = fetch(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid=download-docx]").get_attribute("href"))
    assert headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = zipfile.ZipFile(BytesIO(docx)).read("word/document.xml").decode()
    driver.find_element(By.CSS_SELECTOR, "details summary").click()
    field = driver.find_element(By.ID, "recipients")
    field.clear()
    field.send_keys(recipients)
    driver.find_element(By.ID, "channel").send_keys("Thư điện tử")
    return document


def test_report_on_a_phone_then_triage_and_close(browser, vigil_server, screenshot):
    try:
        journey(browser, vigil_server, screenshot)
    finally:
        # Leave the shared browser signed out and desktop-sized for the next test file.
        browser.delete_all_cookies()
        browser.set_window_size(1280, 900)


def journey(browser, vigil_server, screenshot):
    # Set-up through the command line, as an administrator would.
    with sqlite3.connect(os.path.join(vigil_server.data_dir, "vigil.sqlite")) as db:
        root = db.execute("SELECT id FROM organisations WHERE parent_id IS NULL").fetchone()[0].lower()
    agency = cli(vigil_server, "org", "create", "--name", "Sở Xây dựng", "--parent", root, "--kind", "agency", "--code", "SXD")
    cli(vigil_server, "user", "create", "--email", "nhanvien@sxd.gov.vn", "--org", agency, "--role", "reporter",
        "--name", "Nguyễn Văn Nhân", "--password-stdin", stdin=PASSWORD + "\n")
    cli(vigil_server, "user", "create", "--email", "daumoi@sxd.gov.vn", "--org", agency, "--role", "focal_point",
        "--role", "responder", "--name", "Trần Đầu Mối", "--password-stdin", stdin=PASSWORD + "\n")

    # A staff member reports from a phone.
    browser.set_window_size(390, 844)
    try:
        sign_in(browser, vigil_server, "nhanvien@sxd.gov.vn")
        browser.get(vigil_server.url("/incidents/new"))
        browser.find_element(By.ID, "title").send_keys("Cổng thông tin bị thay đổi giao diện")
        browser.find_element(By.ID, "description").send_keys("Trang chủ hiện hình ảnh lạ.\nCó liên kết hxxp://evil-cdn[.]com/x.js")
        browser.find_element(By.ID, "system_name").send_keys("Cổng thông tin điện tử")
        attachment = Path(tempfile.mkdtemp()) / "anh-chup-trang-chu.png"
        attachment.write_bytes(b"\x89PNG\r\n\x1a\n a screenshot")
        browser.find_element(By.ID, "attachments").send_keys(str(attachment))
        screenshot("incident-report-phone")
        assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
        click_and_wait(browser, "form[action='/incidents'] button[type=submit]")
        assert "SXD-" in browser.find_element(By.TAG_NAME, "h1").text
        assert browser.find_element(By.CSS_SELECTOR, "p.notice").is_displayed()
        incident_path = browser.current_url.split("?")[0].replace(vigil_server.url(""), "")
        screenshot("incident-reported-phone")
    finally:
        browser.set_window_size(1280, 900)

    # The focal point is notified and triages it.
    sign_in(browser, vigil_server, "daumoi@sxd.gov.vn")
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=unread-count]").text == "1"
    browser.get(vigil_server.url(incident_path))
    Select(browser.find_element(By.ID, "scenario")).select_by_value("defacement")
    Select(browser.find_element(By.ID, "securityLevel")).select_by_value("3")
    Select(browser.find_element(By.ID, "availability")).select_by_value("high")
    browser.find_element(By.ID, "outageHours").send_keys("6")
    browser.find_element(By.CSS_SELECTOR, "input[value='service_interruption']").click()
    click_and_wait(browser, "form[action$='/classify'] button.primary")
    explanation = browser.find_element(By.CSS_SELECTOR, "ul.explanation").text
    assert "Tổng 5 điểm" in explanation and "Cao" in explanation
    assert len(browser.find_elements(By.CSS_SELECTOR, "ol.tasks li.task")) >= 8
    screenshot("incident-classified")

    # Work the first task, add indicators, move through the steps.
    browser.find_element(By.CSS_SELECTOR, "ol.tasks li.task form input[name=note]").send_keys("Đã thông báo Ban Giám đốc")
    click_and_wait(browser, "ol.tasks li.task form button[value=done]")
    assert browser.find_elements(By.CSS_SELECTOR, "ol.tasks li.task-done")
    browser.find_element(By.ID, "indicator-text").send_keys("webshell hxxp://sxd[.]gov[.]vn/upload/x.php, C2 103.97.125[.]1")
    click_and_wait(browser, "form[action$='/indicators'] button")
    assert "103.97.125.1" in browser.find_element(By.ID, "indicators").text
    # Evidence: the reporter's screenshot is there; the focal point adds the web server's log.
    assert "anh-chup-trang-chu.png" in browser.find_element(By.ID, "evidence").text
    log = Path(tempfile.mkdtemp()) / "access.log"
    log.write_text("2026-11-20 08:01 POST /upload/x.php 103.97.125.1\n")
    browser.find_element(By.ID, "evidence-files").send_keys(str(log))
    click_and_wait(browser, "form[action$='/evidence'] button")
    evidence = browser.find_element(By.ID, "evidence").text
    assert "access.log" in evidence
    link = browser.find_element(By.XPATH, "//section[@id='evidence']//a[text()='access.log']").get_attribute("href")
    headers, body = fetch(browser, link)
    assert body == log.read_bytes() and headers["Content-Disposition"].startswith("attachment")
    screenshot("incident-evidence")
    # The initial report: print page, DOCX, issued to the authorities.
    incident_reference = browser.find_element(By.CSS_SELECTOR, "h1 small").text.split(" ")[0]
    document = issue_report(browser, vigil_server, incident_path, "initial", "Trung tâm VNCERT/CC; Sở Khoa học và Công nghệ")
    assert incident_reference in document and "103.97.125.1" in document
    screenshot("report-initial")
    text = printed_text(browser)
    if text is not None:
        assert "BÁO CÁO BAN ĐẦU" in text and "Nhật ký hoạt động" not in text
    click_and_wait(browser, "form[action$='/initial/issue'] button.primary")
    assert "VNCERT/CC" in browser.find_element(By.ID, "reports").text
    for _ in ["initial_response", "containing", "recovering"]:
        click_and_wait(browser, "form[action$='/transition'] button.primary")
    # Closing needs lessons learned.
    Select(browser.find_element(By.ID, "to")).select_by_value("closed")
    click_and_wait(browser, "form[action$='/transition'] button.primary")
    assert browser.find_element(By.ID, "transition-error").is_displayed()
    Select(browser.find_element(By.ID, "to")).select_by_value("closed")
    browser.find_element(By.ID, "lessons_learned").send_keys("Cập nhật bản vá CMS hằng tháng; bật xác thực hai lớp cho quản trị.")
    click_and_wait(browser, "form[action$='/transition'] button.primary")
    assert "Kết thúc" in browser.find_element(By.CSS_SELECTOR, "p.badges").text
    screenshot("incident-closed")
    # The final report carries the lessons learned and the evidence's digests.
    document = issue_report(browser, vigil_server, incident_path, "final", "Trung tâm VNCERT/CC")
    assert "bật xác thực hai lớp" in document and "access.log" in document
    screenshot("report-final")
    click_and_wait(browser, "form[action$='/final/issue'] button.primary")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#reports tbody tr")) == 2

    # The list shows it closed.
    browser.get(vigil_server.url("/incidents?status=closed"))
    assert "Cổng thông tin bị thay đổi giao diện" in browser.find_element(By.TAG_NAME, "table").text
    browser.delete_all_cookies()
