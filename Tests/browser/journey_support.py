"""What the browser journeys share: the command line, signing in, waiting for pages, checking pages."""
import json
import os
import subprocess
import urllib.request
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from waits import is_gone

REPO_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "một cụm mật khẩu đủ dài"
TABLES = REPO_ROOT / "Sources" / "VigilServer" / "Resources" / "Localization"


def cli(server, *args, stdin=None):
    binary = os.environ.get("VIGIL_BIN") or str(REPO_ROOT / ".build" / "debug" / "vigil")
    env = dict(os.environ, VIGIL_DATA_DIR=server.data_dir)
    result = subprocess.run([binary, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[0]


def sign_in(driver, server, email):
    driver.delete_all_cookies()
    driver.get(server.url("/login"))
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=logout]")))


def page_ready(driver):
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def click_and_wait(driver, selector):
    """Submits through a button and waits until the next page has fully loaded."""
    page_ready(driver)
    old = driver.find_element(By.TAG_NAME, "html")
    WebDriverWait(driver, 20).until(EC.element_to_be_clickable((By.CSS_SELECTOR, selector))).click()
    WebDriverWait(driver, 20).until(lambda d: is_gone(old))
    page_ready(driver)



def fetch(driver, url):
    """Fetches a file with the browser's session, as a click on a download link would."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.headers, response.read()


def english_only_texts():
    """English texts of the tables whose Vietnamese differs: one showing on a Vietnamese page is
    an untranslated string. Short ones (a word or two, names, codes) are left out."""
    en = json.loads((TABLES / "en.json").read_text(encoding="utf-8"))
    vi = json.loads((TABLES / "vi.json").read_text(encoding="utf-8"))
    texts = set()
    for key, text in en.items():
        if vi.get(key) == text or "{" in text:
            continue
        if len(text.split()) >= 3:
            texts.add(text)
    return texts


ENGLISH = english_only_texts()


class Visit:
    """Checks and photographs every page the journey passes."""

    def __init__(self, driver, screenshot, prefix):
        self.driver = driver
        self.screenshot = screenshot
        self.prefix = prefix
        self.pages = 0

    def check(self, name):
        d = self.driver
        page_ready(d)
        main = d.find_element(By.TAG_NAME, "main").text
        title = d.title
        assert "Không được phép" not in title and "Vai trò của bạn không cho phép" not in main, f"{name}: refused ({d.current_url})"
        assert d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
        body = d.find_element(By.TAG_NAME, "body").text
        shown = [text for text in ENGLISH if text in body]
        assert not shown, f"{name}: English on a Vietnamese page: {shown[:3]}"
        for table in d.find_elements(By.CSS_SELECTOR, "main table"):
            rows = len(table.find_elements(By.CSS_SELECTOR, "tbody tr"))
            if rows > 200:
                assert d.find_elements(By.PARTIAL_LINK_TEXT, "Xem thêm") or d.find_elements(By.CSS_SELECTOR, "a[href*='cursor=']"), \
                    f"{name}: {rows} rows without paging"
        self.screenshot(f"{self.prefix}-{name}-1280")
        d.set_window_size(390, 844)
        d.refresh()
        page_ready(d)
        overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        self.screenshot(f"{self.prefix}-{name}-390")
        d.set_window_size(1280, 900)
        d.refresh()
        page_ready(d)
        assert overflow <= 1, f"{name}: scrolls sideways on a phone by {overflow} px ({d.current_url})"
        self.pages += 1
