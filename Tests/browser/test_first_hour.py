"""The first hour of a new installation, as its users live it: from an empty data folder the
administrator follows the dashboard's first steps (an agency, a focal point), then the focal point
follows the rest to a first imported scan and a first classified incident.

Every page passed is checked at 1280 and 390 px and saved as screenshots (VIGIL_SCREENSHOTS). The
test fails on a refusal (403) on the way, an English text from the localization tables on a
Vietnamese page, a horizontal scroll on the phone, or a table over 200 rows without paging.
"""
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from journey_support import Visit, click_and_wait, page_ready

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "Tests" / "VigilScansTests" / "Samples" / "openvas" / "many_vuln.xml"
NEW_PASSWORD = "Một cụm mật khẩu mới đủ dài 2026"


def sign_in(driver, server, email, password):
    driver.delete_all_cookies()
    driver.get(server.url("/login"))
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    click_and_wait(driver, "form[action='/login'] button[type=submit]")


def change_password(driver, old):
    assert "/account/password" in driver.current_url
    driver.find_element(By.ID, "current_password").send_keys(old)
    driver.find_element(By.ID, "new_password").send_keys(NEW_PASSWORD)
    driver.find_element(By.ID, "confirmation").send_keys(NEW_PASSWORD)
    click_and_wait(driver, "form[action='/account/password'] button[type=submit]")


def follow_step(driver, server, title):
    """Clicks a first step on the dashboard, by its title."""
    driver.get(server.url("/"))
    link = driver.find_element(By.XPATH, f"//section[@data-testid='first-steps']//a[contains(., '{title}')]")
    old = driver.find_element(By.TAG_NAME, "html")
    link.click()
    WebDriverWait(driver, 20).until(EC.staleness_of(old))
    page_ready(driver)


def test_first_hour(browser, fresh_server, screenshot):
    d = browser
    visit = Visit(d, screenshot, "first-hour")
    try:
        # The administrator the first start made, with the one-time password from the console.
        sign_in(d, fresh_server, fresh_server.email, fresh_server.one_time_password)
        change_password(d, fresh_server.one_time_password)
        d.get(fresh_server.url("/"))
        steps = d.find_element(By.CSS_SELECTOR, "[data-testid=first-steps]").text
        assert "Đã xong 0/6 bước" in steps
        visit.check("dashboard-empty")

        # 1. The agency.
        follow_step(d, fresh_server, "Tạo các cơ quan, đơn vị")
        assert d.find_element(By.CSS_SELECTOR, "#kind option[value='agency']").is_selected(), "an agency under the province"
        visit.check("organisation-new")
        d.find_element(By.ID, "name").send_keys("Sở Xây dựng")
        d.find_element(By.ID, "code").send_keys("SXD")
        click_and_wait(d, "form[action='/organisations'] button[type=submit]")
        visit.check("organisation")

        # 2 and 3. The agency's focal point, invited with the role.
        follow_step(d, fresh_server, "Mời những người sẽ dùng Vigil")
        visit.check("user-new")
        d.find_element(By.ID, "email").send_keys("daumoi@sxd.gov.vn")
        d.find_element(By.ID, "display_name").send_keys("Nguyễn Đầu Mối")
        options = d.find_elements(By.CSS_SELECTOR, "#organisation option")
        next(o for o in options if "Sở Xây dựng" in o.text).click()
        d.find_element(By.CSS_SELECTOR, "input[name='roles[]'][value='focal_point']").click()
        assert "Chịu trách nhiệm về sự cố" in d.find_element(By.CSS_SELECTOR, "main form").text, "roles explained where granted"
        click_and_wait(d, "form[action='/users'] button[type=submit]")
        focal_password = d.find_element(By.CSS_SELECTOR, "[data-testid=one-time-password]").text.strip()
        visit.check("user-created")
        d.get(fresh_server.url("/"))
        assert "Đã xong 3/6 bước" in d.find_element(By.CSS_SELECTOR, "[data-testid=first-steps]").text
        visit.check("dashboard-admin-done")

        # The focal point takes over.
        sign_in(d, fresh_server, "daumoi@sxd.gov.vn", focal_password)
        change_password(d, focal_password)
        d.get(fresh_server.url("/"))
        visit.check("dashboard-focal")

        # 4. An information system.
        follow_step(d, fresh_server, "Khai báo các hệ thống thông tin")
        visit.check("system-new")
        d.find_element(By.ID, "name").send_keys("Cổng thông tin điện tử Sở")
        d.find_element(By.CSS_SELECTOR, "#security_level option[value='2']").click()
        click_and_wait(d, "main form button[type=submit]")
        visit.check("system")

        # 6. A first scan (its hosts enrol the agency's servers too).
        follow_step(d, fresh_server, "Nhập kết quả quét lỗ hổng đầu tiên")
        visit.check("scan-import")
        d.find_element(By.ID, "file").send_keys(str(SAMPLE))
        click_and_wait(d, "form[action='/vulnerabilities/scans'] button[type=submit]")
        assert "many_vuln.xml" in d.find_element(By.CSS_SELECTOR, "[data-testid=scan-summary]").text
        visit.check("findings")
        d.find_element(By.CSS_SELECTOR, "main table tbody tr a").click()
        page_ready(d)
        visit.check("finding")
        d.get(fresh_server.url("/"))
        assert not d.find_elements(By.CSS_SELECTOR, "[data-testid=first-steps]"), "every step done"
        assert d.find_element(By.CSS_SELECTOR, "[data-testid=figures]")
        visit.check("dashboard-figures")

        # A first incident, reported and classified.
        d.get(fresh_server.url("/incidents/new"))
        visit.check("incident-new")
        d.find_element(By.ID, "title").send_keys("Trang chủ cổng thông tin bị thay đổi")
        d.find_element(By.ID, "description").send_keys("Sáng nay trang chủ hiển thị nội dung lạ.")
        click_and_wait(d, "form[action='/incidents'] button[type=submit]")
        assert "Nguyễn Đầu Mối" in d.find_element(By.TAG_NAME, "main").text, "the timeline names who was told"
        visit.check("incident")
        d.find_element(By.CSS_SELECTOR, "#scenario option[value='defacement']").click()
        click_and_wait(d, "form[action$='/classify'] button[type=submit]")
        assert "Tấn công thay đổi giao diện" in d.find_element(By.TAG_NAME, "main").text
        visit.check("incident-classified")
        d.get(fresh_server.url("/incidents"))
        visit.check("incidents")
        d.get(fresh_server.url("/vulnerabilities"))
        visit.check("vulnerabilities")
        assert visit.pages >= 15
    finally:
        d.delete_all_cookies()
        d.set_window_size(1280, 900)
