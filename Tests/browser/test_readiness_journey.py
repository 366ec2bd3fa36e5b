"""Being ready (issue 20), as a new installation lives it: the administrator names the agency's
focal point and deputy, who confirm from the e-mail's one-time link that they can be reached (the
mail arrives at an SMTP server the test starts on 127.0.0.1); the focal point declares a level-3
system with its hosts, generates its response plan, a leader approves it and downloads its DOCX; a
new host flags the plan for review with that reason; a drill is planned, run, a finding recorded
and the after-action report printed and downloaded; the focal point issues the staff notice, a
staff member acknowledges it on signing in, and the focal point sees who has, per unit.

The steps run in file order on one server and one browser; once one fails the rest are skipped.
Every page passed is checked at 1280 and 390 px (untranslated text, sideways scroll, refusals)
and saved as screenshots when VIGIL_SCREENSHOTS is set.
"""
import io
import os
import queue
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
import zipfile
from datetime import datetime, timedelta, timezone
from email import message_from_bytes
from email import policy as email_policy

import pytest
from aiosmtpd.controller import Controller
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import free_port, started_server
from journey_support import PASSWORD, Visit, cli, click_and_wait, fetch, page_ready, sign_in

pytestmark = pytest.mark.journey


NEW_PASSWORD = "Một cụm mật khẩu mới đủ dài 2026"
FOCAL = "daumoi@stttt.gov.vn"
LEADER = "giamdoc@stttt.gov.vn"
STAFF = "chuyenvien@stttt.gov.vn"
DEPUTY_MAIL = "phodaumoi@stttt.gov.vn"
SYSTEM = "Hệ thống một cửa điện tử"
# The mail sender's loop waits 10 s between rounds (MailSender.pollInterval).
MAIL_WAIT = 60


class Mailbox:
    """An SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message it receives."""

    def __init__(self):
        self.messages = queue.Queue()
        box = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                box.messages.put((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=email_policy.default)))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=free_port())
        self.controller.start()
        self.port = self.controller.port

    def next(self, timeout=MAIL_WAIT):
        try:
            return self.messages.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no message reached the test's mail server within {timeout} s") from None

    def message_to(self, address, timeout=MAIL_WAIT):
        """The first message to `address`; others received before it are passed over."""
        deadline = time.monotonic() + timeout
        while True:
            recipients, message = self.next(max(deadline - time.monotonic(), 0.1))
            if address in recipients:
                return message

    def stop(self):
        self.controller.stop()


class Journey:
    """What the steps share: the server, the mailbox, the browser and what earlier steps made."""

    def __init__(self, server, mailbox, driver, visit):
        self.server = server
        self.mailbox = mailbox
        self.d = driver
        self.visit = visit

    def main(self):
        return self.d.find_element(By.TAG_NAME, "main").text

    def nav(self, path):
        """Follows the side navigation's link to a section."""
        page_ready(self.d)
        click_and_wait(self.d, f"nav a[href='{path}']")


@pytest.fixture(scope="module")
def journey(browser, screenshot):
    mailbox = Mailbox()
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    environment = {
        "VIGIL_SMTP_URL": f"smtp://127.0.0.1:{mailbox.port}?from=vigil@example.gov.vn&site={site}",
        # Vigil reaches loopback only because this test's mail server is told so.
        "VIGIL_OUTBOUND_ALLOW": "127.0.0.1/32",
    }
    try:
        with pytest.MonkeyPatch.context() as env:
            for name, value in environment.items():
                env.setenv(name, value)
            with started_server(port=port) as server:
                yield Journey(server, mailbox, browser, Visit(browser, screenshot, "readiness"))
    finally:
        mailbox.stop()
        browser.delete_all_cookies()
        browser.set_window_size(1280, 900)


def fill(driver, field, text):
    element = driver.find_element(By.ID, field)
    element.clear()
    element.send_keys(text)


def choose_containing(driver, field, text):
    select = Select(driver.find_element(By.ID, field))
    option = next((o for o in select.options if text in o.text), None)
    assert option is not None, f"no option with {text!r} in #{field}: {[o.text for o in select.options]}"
    select.select_by_visible_text(option.text)


def id_in(driver, prefix):
    """The id in the page's address after `prefix` (a query such as `?notice=saved` may follow)."""
    match = re.search(re.escape(prefix) + r"([0-9a-fA-F-]{36})(?:[?#]|$)", driver.current_url)
    if not match:
        errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "main .error, main .field-error")]
        raise AssertionError(f"expected a {prefix}<id> page, at {driver.current_url}; the page says: {errors}")
    return match.group(1)


def test_01_setup(journey):
    """The agency, one of its units and its people: the command line, as an installer would."""
    s = journey.server
    with sqlite3.connect(os.path.join(s.data_dir, "vigil.sqlite")) as db:
        root = db.execute("SELECT id FROM organisations WHERE parent_id IS NULL").fetchone()[0].lower()
    journey.agency = cli(s, "org", "create", "--name", "Sở Thông tin và Truyền thông", "--parent", root, "--kind", "agency", "--code", "STTTT")
    journey.unit = cli(s, "org", "create", "--name", "Phòng Bưu chính, Viễn thông", "--parent", journey.agency, "--kind", "unit", "--code", "PBCVT")
    for email, org, role, name in ((FOCAL, journey.agency, "focal_point", "Trần Đầu Mối"),
                                   (LEADER, journey.agency, "leader", "Phạm Giám Đốc"),
                                   (STAFF, journey.unit, "reporter", "Vũ Chuyên Viên")):
        cli(s, "user", "create", "--email", email, "--org", org, "--role", role, "--name", name,
            "--password-stdin", stdin=PASSWORD + "\n")


def test_02_administrator_names_focal_point_and_deputy(journey):
    d, s = journey.d, journey.server
    d.delete_all_cookies()
    d.get(s.url("/login"))
    fill(d, "email", s.email)
    fill(d, "password", s.one_time_password)
    click_and_wait(d, "form[action='/login'] button[type=submit]")
    assert "/account/password" in d.current_url
    fill(d, "current_password", s.one_time_password)
    fill(d, "new_password", NEW_PASSWORD)
    fill(d, "confirmation", NEW_PASSWORD)
    click_and_wait(d, "form[action='/account/password'] button[type=submit]")

    journey.nav("/contacts")
    journey.visit.check("contacts-empty")
    choose_containing(d, "organisation", "Sở Thông tin và Truyền thông")
    click_and_wait(d, "form[action='/contacts'] button[type=submit]")
    panel = d.find_element(By.ID, "focal-point").text
    assert "Chưa chỉ định" in panel, panel

    # The focal point, from the panel's "name one" link.
    click_and_wait(d, "#focal-point a[href*='role=focal_point']")
    journey.visit.check("contact-new")
    assert Select(d.find_element(By.ID, "role")).first_selected_option.get_attribute("value") == "focal_point"
    fill(d, "name", "Trần Đầu Mối")
    fill(d, "position", "Trưởng phòng Công nghệ thông tin")
    fill(d, "phone", "0912 345 678")
    fill(d, "email", FOCAL)
    d.find_element(By.CSS_SELECTOR, "input[name=availability][value='24x7']").click()
    choose_containing(d, "user", "Trần Đầu Mối")
    click_and_wait(d, "main form[action='/contacts'] button[type=submit]")
    assert "Trần Đầu Mối" in journey.main()
    journey.visit.check("contact")

    # The deputy, from the directory.
    click_and_wait(d, "main a[href^='/contacts?organisation=']")
    click_and_wait(d, "#focal-point a[href*='role=deputy_focal_point']")
    fill(d, "name", "Đỗ Phó Đầu Mối")
    fill(d, "phone", "0987 654 321")
    fill(d, "email", DEPUTY_MAIL)
    d.find_element(By.CSS_SELECTOR, "input[name=availability][value='office_hours']").click()
    click_and_wait(d, "main form[action='/contacts'] button[type=submit]")
    click_and_wait(d, "main a[href^='/contacts?organisation=']")
    panel = d.find_element(By.ID, "focal-point").text
    assert "Trần Đầu Mối" in panel and "Đỗ Phó Đầu Mối" in panel, panel
    journey.visit.check("contacts-named")
    journey.directory = d.current_url


def test_03_reachability_confirmed_from_the_mail(journey):
    d = journey.d
    d.get(journey.directory)
    click_and_wait(d, "#focal-point form[action$='/check'] button[type=submit]")
    journey.visit.check("contacts-check-sent")

    recipients, message = journey.mailbox.next()
    assert recipients == [FOCAL], recipients
    assert "Xác nhận liên lạc" in message["Subject"], message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    links = re.findall(re.escape(journey.server.base_url) + r"/reachability/\S+", body)
    assert len(links) == 1, body

    # Opened from the mail, as the focal point would (no session needed: the link is the credential).
    d.delete_all_cookies()
    d.get(links[0])
    page_ready(d)
    assert "Trần Đầu Mối" in journey.main()
    journey.visit.check("reachability")
    click_and_wait(d, "main form[action^='/reachability/'] button[type=submit]")
    assert "Cảm ơn Trần Đầu Mối" in journey.main(), journey.main()
    journey.visit.check("reachability-confirmed")
    # A second click on the same link does not work.
    d.get(links[0])
    page_ready(d)
    assert "Đường liên kết không dùng được" in journey.main()

    # The focal point sees it confirmed in the directory.
    sign_in(d, journey.server, FOCAL)
    journey.nav("/contacts")
    panel = d.find_element(By.ID, "focal-point").text
    assert "Trần Đầu Mối" in panel
    confirmed = d.find_element(By.CSS_SELECTOR, "#focal-point div:first-child small").text
    assert re.search(r"\d", confirmed), f"the focal point's confirmation date: {confirmed!r}"
    journey.visit.check("contacts-confirmed")

    # The deputy too, sent by the focal point: then nothing is left to flag.
    click_and_wait(d, "#focal-point div:nth-child(2) form[action$='/check'] button[type=submit]")
    recipients, message = journey.mailbox.next()
    assert recipients == [DEPUTY_MAIL], recipients
    link = re.search(re.escape(journey.server.base_url) + r"/reachability/\S+", message.get_body(preferencelist=("plain",)).get_content())
    d.get(link.group(0))
    click_and_wait(d, "main form[action^='/reachability/'] button[type=submit]")
    assert "Cảm ơn Đỗ Phó Đầu Mối" in journey.main()
    journey.nav("/contacts")
    assert "Đầy đủ, đã xác nhận" in d.find_element(By.ID, "focal-point").text


def test_04_level_3_system_with_its_hosts(journey):
    d = journey.d
    journey.nav("/assets")
    click_and_wait(d, "main a[href='/assets/systems']")
    click_and_wait(d, "main a[href='/assets/systems/new']")
    fill(d, "name", SYSTEM)
    fill(d, "purpose", "Tiếp nhận và trả kết quả thủ tục hành chính cho người dân.")
    Select(d.find_element(By.ID, "security_level")).select_by_value("3")
    fill(d, "public_urls", "https://motcua.stttt.gov.vn")
    fill(d, "backups", "Sao lưu cơ sở dữ liệu hằng đêm sang máy chủ dự phòng.")
    fill(d, "spare_equipment", "Một máy chủ dự phòng cùng cấu hình.")
    fill(d, "supplier_support", "Nhà cung cấp hỗ trợ 24/7 qua đường dây nóng.")
    click_and_wait(d, "main form[action='/assets/systems'] button[type=submit]")
    journey.system_id = id_in(d, "/assets/systems/")
    journey.system_url = journey.server.url(f"/assets/systems/{journey.system_id}")
    assert "Hệ thống chưa có phương án ứng cứu sự cố." in journey.main()
    assert Select(d.find_element(By.ID, "security_level")).first_selected_option.get_attribute("value") == "3"
    assert not d.find_element(By.CSS_SELECTOR, "input[name=national_critical]").is_selected(), \
        "the system was not declared national-critical: the box shows as it was saved"
    journey.visit.check("system")

    for hostname, address in (("motcua-web01", "10.30.1.11"), ("motcua-db01", "10.30.1.12")):
        add_host(journey, hostname, address)
    d.get(journey.system_url)
    hosts = journey.main()
    assert "motcua-web01" in hosts and "motcua-db01" in hosts, hosts


def add_host(journey, hostname, address):
    d = journey.d
    journey.nav("/assets")
    click_and_wait(d, "main a[href='/assets/hosts']")
    click_and_wait(d, "main a[href='/assets/hosts/new']")
    fill(d, "hostname", hostname)
    fill(d, "addresses", address)
    d.find_element(By.CSS_SELECTOR, f"input[name='systems[]'][value='{journey.system_id}']").click()
    click_and_wait(d, "main form[action='/assets/hosts'] button[type=submit]")
    assert hostname in journey.main()


def test_05_plan_generated_approved_and_downloaded(journey):
    d, s = journey.d, journey.server
    journey.nav("/plans")
    journey.visit.check("plans-none")
    row = f"tr[data-system='{journey.system_id}']"
    click_and_wait(d, f"{row} form[action='/plans/systems/{journey.system_id}'] button[type=submit]")
    id_in(d, "/plans/")
    plan = journey.main()
    assert SYSTEM in plan and "Dự thảo" in plan, plan[:400]
    for part in ("motcua-web01", "motcua-db01", "Trần Đầu Mối", "Sao lưu cơ sở dữ liệu hằng đêm"):
        assert part in plan, f"the plan names {part!r}"
    journey.visit.check("plan-draft")
    assert not d.find_elements(By.CSS_SELECTOR, "form[action$='/approve']"), "the focal point does not approve"

    # The leader approves it.
    sign_in(d, s, LEADER)
    journey.nav("/plans")
    click_and_wait(d, f"tr[data-system='{journey.system_id}'] a[href^='/plans/']")
    click_and_wait(d, "main form[action$='/approve'] button[type=submit]")
    assert "Đã phê duyệt" in d.find_element(By.CSS_SELECTOR, "main .badge").text
    assert "Phạm Giám Đốc" in journey.main(), "the plan names who approved it"
    journey.visit.check("plan-approved")
    journey.plan_url = s.url(f"/plans/{id_in(d, '/plans/')}")

    headers, docx = fetch(d, d.find_element(By.CSS_SELECTOR, "[data-testid=download-docx]").get_attribute("href"))
    assert "wordprocessingml" in headers["Content-Type"], headers["Content-Type"]
    text = docx_text(docx)
    assert SYSTEM in text and "motcua-web01" in text, text[:500]
    assert SYSTEM in converted_text(docx), "LibreOffice opens the plan's DOCX"

    click_and_wait(d, "main a[href$='/print']")
    assert SYSTEM in journey.main()
    journey.visit.check("plan-print")


def docx_text(docx):
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert archive.testzip() is None
        xml = archive.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", xml)


def converted_text(docx):
    """The document's text as LibreOffice reads it (skipped where LibreOffice is not installed)."""
    soffice = shutil.which("soffice")
    if not soffice:
        return SYSTEM
    folder = tempfile.mkdtemp(prefix="vigil-docx-")
    try:
        source = os.path.join(folder, "document.docx")
        with open(source, "wb") as f:
            f.write(docx)
        subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "txt:Text",
                        "--outdir", folder, source], check=True, capture_output=True, timeout=180)
        with open(os.path.join(folder, "document.txt"), encoding="utf-8", errors="replace") as f:
            return f.read()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_06_new_host_flags_the_plan(journey):
    d, s = journey.d, journey.server
    sign_in(d, s, FOCAL)
    add_host(journey, "motcua-app02", "10.30.1.13")
    d.get(journey.system_url)
    flag = d.find_element(By.CSS_SELECTOR, "[data-testid=plan-review]").text
    assert "Danh sách máy của hệ thống đã thay đổi sau khi phê duyệt." in flag, flag
    changes = d.find_element(By.ID, "changes").text
    assert "motcua-app02" in changes, changes
    journey.visit.check("system-changed")
    journey.nav("/plans")
    assert "Danh sách máy của hệ thống đã thay đổi sau khi phê duyệt." in journey.main()
    journey.visit.check("plans-review-due")
    d.get(journey.plan_url)
    assert "Danh sách máy của hệ thống đã thay đổi sau khi phê duyệt." in d.find_element(By.ID, "review").text


def set_value(driver, field, value):
    """Date and time inputs take their value as the browser stores it (typing depends on the locale)."""
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, field), value)


def add_event(journey, kind, actor, text, finding=False):
    """Records what happens as it happens: the time field starts at the present."""
    d = journey.d
    Select(d.find_element(By.ID, "kind")).select_by_value(kind)
    assert d.find_element(By.ID, "at").get_attribute("value"), "the time of an event starts at the present"
    fill(d, "actor", actor)
    fill(d, "text", text)
    if finding:
        choose_containing(d, "owner", "Trần Đầu Mối")
        set_value(d, "dueAt", "2027-01-15")
        d.find_element(By.CSS_SELECTOR, "input[name=planReview]").click()
    click_and_wait(d, "main form[action$='/events'] button[type=submit]")
    errors = [e.text for e in d.find_elements(By.CSS_SELECTOR, "main .error, main .field-error")]
    assert not errors, f"{kind} refused: {errors}"
    assert text in journey.main(), f"the drill's page shows: {text}"


def test_07_drill_planned_run_and_reported(journey):
    d = journey.d
    journey.nav("/drills")
    obligation = d.find_element(By.CSS_SELECTOR, f"#obligations tr[data-system='{journey.system_id}']").text
    assert "Chưa diễn tập" in obligation, "a level-3 system owes a yearly drill: " + obligation
    journey.visit.check("drills-empty")
    click_and_wait(d, "main a[href='/drills/new']")
    journey.visit.check("drill-new")
    fill(d, "title", "Diễn tập ứng cứu tấn công mã độc tống tiền năm 2026")
    Select(d.find_element(By.ID, "scenario")).select_by_value("ransomware")
    # This morning, in the agency's time (UTC+7): the drill is run and written up the same day.
    set_value(d, "plannedAt", (datetime.now(timezone.utc) + timedelta(hours=7, minutes=-30)).strftime("%Y-%m-%dT%H:%M"))
    fill(d, "objectives", "Kiểm tra khả năng phát hiện, cô lập và khôi phục hệ thống trong 4 giờ.")
    d.find_element(By.CSS_SELECTOR, f"input[name='systems[]'][value='{journey.system_id}']").click()
    for box in d.find_elements(By.XPATH, "//label[contains(., 'Trần Đầu Mối') or contains(., 'Phạm Giám Đốc')]/input[@name='participants[]']"):
        box.click()
    click_and_wait(d, "main form[action='/drills'] button[type=submit]")
    journey.drill_id = id_in(d, "/drills/")
    assert "Đã lên kế hoạch" in d.find_element(By.CSS_SELECTOR, "main .badge").text
    planned = journey.main()
    assert SYSTEM in planned and "Phạm Giám Đốc" in planned, planned[:600]
    journey.visit.check("drill-planned")

    # It runs: the injects and the team's actions, a finding that asks for a plan review, a lesson.
    click_and_wait(d, "main form[action$='/status'] button[type=submit]")
    assert "Đang diễn tập" in d.find_element(By.CSS_SELECTOR, "main .badge").text
    add_event(journey, "inject", "Ban tổ chức", "Máy chủ motcua-web01 báo mã hoá toàn bộ tệp đính kèm hồ sơ.")
    add_event(journey, "action", "Trần Đầu Mối", "Cô lập motcua-web01 khỏi mạng, báo cáo lãnh đạo Sở.")
    add_event(journey, "finding", "Ban tổ chức",
              "Bản sao lưu đêm chưa được kiểm tra khôi phục; cần diễn tập khôi phục hằng quý.", finding=True)
    add_event(journey, "lesson", "Ban tổ chức", "Danh sách liên lạc nhà cung cấp cần in sẵn bản giấy.")
    findings = d.find_element(By.ID, "findings").text
    assert "Bản sao lưu đêm chưa được kiểm tra khôi phục" in findings and "Trần Đầu Mối" in findings, findings
    assert "Danh sách liên lạc nhà cung cấp" in d.find_element(By.ID, "lessons").text
    journey.visit.check("drill-running")
    click_and_wait(d, "main form[action$='/status'] button[type=submit]")
    assert "Đã hoàn thành" in d.find_element(By.CSS_SELECTOR, "main .badge").text
    journey.visit.check("drill-completed")

    # The after-action report: the print page and the DOCX.
    headers, docx = fetch(d, d.find_element(By.CSS_SELECTOR, "main [data-testid=download-docx]").get_attribute("href"))
    assert "wordprocessingml" in headers["Content-Type"], headers["Content-Type"]
    text = docx_text(docx)
    for part in ("Diễn tập ứng cứu tấn công mã độc tống tiền năm 2026", "Cô lập motcua-web01", "Bản sao lưu đêm chưa được kiểm tra"):
        assert part in text, f"the report's DOCX has {part!r}"
    click_and_wait(d, "main a[href$='/print']")
    report = journey.main()
    assert "Mã hóa phần mềm, dữ liệu, thiết bị" in report, "the scenario, as the playbooks name it"
    assert "Báo cáo kết quả diễn tập" in report and "Danh sách liên lạc nhà cung cấp cần in sẵn bản giấy." in report, report[:500]
    journey.visit.check("drill-report")

    # The drill counts for the yearly obligation, and its finding asks for the plan's review.
    journey.nav("/drills")
    obligation = d.find_element(By.CSS_SELECTOR, f"#obligations tr[data-system='{journey.system_id}']").text
    assert "Chưa diễn tập" not in obligation and re.search(r"\d\d/\d\d/\d{4} \d\d/\d\d/\d{4}", obligation), obligation
    journey.visit.check("drills")
    d.get(journey.plan_url)
    assert "Một cuộc diễn tập đã kiến nghị sửa đổi phương án." in d.find_element(By.ID, "review").text


def test_08_staff_notice_issued_and_acknowledged(journey):
    d, s = journey.d, journey.server
    journey.nav("/awareness")
    journey.visit.check("awareness-empty")
    click_and_wait(d, "main a[href='/awareness/new']")
    journey.visit.check("awareness-new")
    d.find_element(By.CSS_SELECTOR, "input[name=audience][value=organisation]").click()
    # The focal point's name and phone as the contacts directory has them.
    assert d.find_element(By.ID, "focalPointName").get_attribute("value") == "Trần Đầu Mối"
    assert d.find_element(By.ID, "focalPointPhone").get_attribute("value") == "0912 345 678", "the focal point's phone from the directory"
    assert d.find_element(By.ID, "textVi").get_attribute("value").strip(), "a Vietnamese text to start from"
    click_and_wait(d, "main form[action='/awareness'] button[type=submit]")
    journey.notice_id = id_in(d, "/awareness/")
    status = d.find_element(By.CSS_SELECTOR, "[data-testid=status]").text
    assert "Vũ Chuyên Viên" in status, status
    journey.visit.check("awareness-notice")

    # Each addressee is sent it by e-mail too.
    mail = journey.mailbox.message_to(STAFF)
    assert "Trần Đầu Mối" in mail.get_body(preferencelist=("plain",)).get_content()

    # A staff member signing in meets the notice first, and acknowledges it.
    sign_in(d, s, STAFF)
    assert "/awareness/acknowledge" in d.current_url, d.current_url
    pending = journey.main()
    assert "Trần Đầu Mối" in pending and "Sở Thông tin và Truyền thông" in pending, pending[:400]
    journey.visit.check("awareness-interstitial")
    click_and_wait(d, "main [data-testid=acknowledge]")
    assert "/awareness/acknowledge" not in d.current_url, d.current_url
    d.get(s.url(f"/awareness/{journey.notice_id}"))
    assert d.find_element(By.CSS_SELECTOR, "[data-testid=acknowledged]")

    # The focal point (counted as having acknowledged what they issued) sees who has, per unit.
    sign_in(d, s, FOCAL)
    assert "/awareness/acknowledge" not in d.current_url
    journey.nav("/awareness")
    click_and_wait(d, f"main a[href='/awareness/{journey.notice_id}']")
    status = d.find_element(By.CSS_SELECTOR, "[data-testid=status]")
    unit = next(row for row in status.find_elements(By.CSS_SELECTOR, "tbody tr") if "Phòng Bưu chính, Viễn thông" in row.text)
    acknowledged = unit.find_element(By.CSS_SELECTOR, "td:nth-child(2)").text
    assert "Vũ Chuyên Viên" in acknowledged, unit.text
    assert "1/1" in unit.text, unit.text
    journey.visit.check("awareness-tally")
