"""A user who fears their account is used elsewhere: the account page lists where they are signed
in, and "Sign out everywhere" ends every session, the one in another browser too."""
import os
import sqlite3

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from journey_support import PASSWORD, cli, click_and_wait, sign_in


def other_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=vi"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(executable_path=os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")), options=options)


def test_sign_out_everywhere(browser, vigil_server, screenshot):
    with sqlite3.connect(os.path.join(vigil_server.data_dir, "vigil.sqlite")) as db:
        root = db.execute("SELECT id FROM organisations WHERE parent_id IS NULL").fetchone()[0].lower()
    cli(vigil_server, "user", "create", "--email", "phien@tinh.gov.vn", "--org", root, "--role", "reporter",
        "--name", "Trần Phiên", "--password-stdin", stdin=PASSWORD + "\n")
    phone = other_browser()
    try:
        sign_in(phone, vigil_server, "phien@tinh.gov.vn")
        sign_in(browser, vigil_server, "phien@tinh.gov.vn")
        browser.get(vigil_server.url("/account"))
        rows = browser.find_elements(By.CSS_SELECTOR, "[data-testid=sessions] tbody tr")
        assert len(rows) == 2, "both browsers are listed"
        assert any("trình duyệt này" in row.text for row in rows)
        screenshot("account-sessions-1280")
        browser.set_window_size(390, 844)
        browser.get(vigil_server.url("/account"))
        screenshot("account-sessions-390")
        browser.set_window_size(1280, 900)

        click_and_wait(browser, "[data-testid=sessions] form button")
        assert "/login" in browser.current_url
        assert "đăng xuất khỏi mọi trình duyệt" in browser.page_source
        # The other browser is signed out as well.
        phone.get(vigil_server.url("/account"))
        assert "/login" in phone.current_url
    finally:
        phone.quit()
        browser.delete_all_cookies()
        browser.set_window_size(1280, 900)
