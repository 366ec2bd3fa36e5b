"""What the browser journeys share: the command line, signing in, waiting for pages."""
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


