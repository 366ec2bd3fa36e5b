"""The first-start journey of Vigil's administrator, in a real (headless) browser.

The steps run in file order and share one server and one browser session
(fixtures in conftest.py); once a step fails the remaining ones are skipped.
"""

from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from waits import is_gone

pytestmark = pytest.mark.journey

WAIT = 15
NEW_PASSWORD = "Vigil-browser-journey-2026!"
TOO_SHORT = "abc12"


def wait(driver, timeout=WAIT):
    return WebDriverWait(driver, timeout)


def path_of(driver):
    return urlparse(driver.current_url).path


def query_of(driver):
    return parse_qs(urlparse(driver.current_url).query)


def wait_for_path(driver, path, **query):
    """Wait until the browser is on `path` (and the query has the given values)."""

    def arrived(d):
        if path_of(d) != path:
            return False
        q = query_of(d)
        return all(q.get(k) == [v] for k, v in query.items())

    try:
        wait(driver).until(arrived)
    except Exception as exc:  # noqa: BLE001 - re-raise with context
        raise AssertionError(
            f"expected to reach {path} {query or ''}, still at {driver.current_url}"
        ) from exc
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")


def html_lang(driver):
    return driver.find_element(By.TAG_NAME, "html").get_attribute("lang")


def h1_text(driver):
    return wait(driver).until(EC.visibility_of_element_located((By.TAG_NAME, "h1"))).text.strip()


def fill(driver, element_id, value):
    field = wait(driver).until(EC.visibility_of_element_located((By.ID, element_id)))
    field.clear()
    field.send_keys(value)
    return field


def submit(driver, selector):
    """Click a submit button and wait until the browser has left the old page."""
    button = wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, selector)))
    old_html = driver.find_element(By.TAG_NAME, "html")
    button.click()
    wait(driver).until(lambda _: is_gone(old_html))


def log_in(driver, server, password):
    fill(driver, "email", server.email)
    fill(driver, "password", password)
    submit(driver, "button[type=submit].primary")


# --- the journey -------------------------------------------------------------


def test_01_login_with_one_time_password(browser, vigil_server, screenshot):
    browser.delete_all_cookies()
    browser.get(vigil_server.url("/login"))
    wait_for_path(browser, "/login")
    assert html_lang(browser) == "vi"
    screenshot("login")

    log_in(browser, vigil_server, vigil_server.one_time_password)
    wait_for_path(browser, "/account/password")
    for field in ("current_password", "new_password", "confirmation"):
        assert browser.find_element(By.ID, field).is_displayed(), field
    screenshot("password-change-required")


def test_02_too_short_password_shows_field_error(browser, vigil_server, screenshot):
    fill(browser, "current_password", vigil_server.one_time_password)
    fill(browser, "new_password", TOO_SHORT)
    fill(browser, "confirmation", TOO_SHORT)
    submit(browser, "button.primary")

    error = wait(browser).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "p.field-error"))
    )
    assert error.text.strip(), "the field error is empty"
    new_password = browser.find_element(By.ID, "new_password")
    assert new_password.get_attribute("aria-invalid") == "true"

    # The error sits next to its field: it belongs to the same form group as
    # the input and is shown right below it (not e.g. at the top of the page).
    in_same_group = browser.execute_script(
        """
        const input = arguments[0], err = arguments[1];
        const described = (input.getAttribute('aria-describedby') || '').split(/\\s+/);
        if (err.id && described.includes(err.id)) return true;
        return input.parentElement.contains(err);
        """,
        new_password,
        error,
    )
    assert in_same_group, "the field error is not attached to #new_password"
    field_box, error_box = new_password.rect, error.rect
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 80, (
        f"field error is not right below the field: field={field_box} error={error_box}"
    )
    assert path_of(browser) == "/account/password"
    screenshot("password-too-short")


def test_03_change_password(browser, vigil_server, screenshot):
    fill(browser, "current_password", vigil_server.one_time_password)
    fill(browser, "new_password", NEW_PASSWORD)
    fill(browser, "confirmation", NEW_PASSWORD)
    submit(browser, "button.primary")

    wait_for_path(browser, "/account", notice="password_changed")
    notice = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "p.notice")))
    assert notice.text.strip()
    assert not browser.find_elements(By.CSS_SELECTOR, "p.field-error")
    screenshot("password-changed")


def test_04_switch_language(browser, vigil_server, screenshot):
    browser.get(vigil_server.url("/"))
    wait_for_path(browser, "/")
    assert html_lang(browser) == "vi"
    assert h1_text(browser) == "Tổng quan"
    switch = browser.find_element(By.CSS_SELECTOR, "[data-testid=switch-language]")
    assert switch.text.strip() == "English"
    screenshot("dashboard-vi")

    submit(browser, "[data-testid=switch-language]")
    wait(browser).until(lambda d: html_lang(d) == "en")
    browser.get(vigil_server.url("/"))
    wait_for_path(browser, "/")
    assert html_lang(browser) == "en", "the language choice did not stick"
    assert h1_text(browser) == "Dashboard"
    switch = browser.find_element(By.CSS_SELECTOR, "[data-testid=switch-language]")
    assert switch.text.strip() == "Tiếng Việt"
    screenshot("dashboard-en")

    submit(browser, "[data-testid=switch-language]")
    wait(browser).until(lambda d: html_lang(d) == "vi")
    wait_for_path(browser, "/")
    assert h1_text(browser) == "Tổng quan"
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=switch-language]").text.strip() == "English"


def test_05_logout(browser, vigil_server, screenshot):
    submit(browser, "[data-testid=logout]")
    wait_for_path(browser, "/login", notice="signed_out")
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid=logout]")
    screenshot("signed-out")

    browser.get(vigil_server.url("/"))
    wait_for_path(browser, "/login")
    assert query_of(browser).get("next"), f"no ?next= in {browser.current_url}"
    assert browser.find_element(By.ID, "email").is_displayed()


def test_06_log_back_in_with_new_password(browser, vigil_server, screenshot):
    # Still on /login?next=/ from the previous step.
    log_in(browser, vigil_server, NEW_PASSWORD)
    wait_for_path(browser, "/")
    assert h1_text(browser) == "Tổng quan"
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=logout]").is_displayed()
    screenshot("dashboard-after-login")


def test_07_login_page_fits_a_phone(browser, vigil_server, screenshot):
    submit(browser, "[data-testid=logout]")
    wait_for_path(browser, "/login", notice="signed_out")

    width, height = 390, 844
    browser.set_window_size(width, height)
    # Headless Chromium may clamp the window size; emulate the phone viewport
    # so the check really happens at 390 CSS pixels.
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        browser.get(vigil_server.url("/login"))
        wait_for_path(browser, "/login")
        inner_width = browser.execute_script("return window.innerWidth")
        assert inner_width <= width + 1, f"viewport is {inner_width}px wide, not a phone"

        form = wait(browser).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, "form[action='/login']"))
        )
        scroll_width = browser.execute_script("return document.documentElement.scrollWidth")
        screenshot("login-phone")
        assert scroll_width <= inner_width + 1, (
            f"horizontal scrolling on a phone: scrollWidth={scroll_width} > innerWidth={inner_width}"
        )
        for el in [form] + form.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), button"):
            box = el.rect
            assert el.is_displayed()
            assert box["x"] >= -1 and box["x"] + box["width"] <= inner_width + 1, (
                f"{el.tag_name}#{el.get_attribute('id')} sticks out of the viewport: {box}"
            )
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.set_window_size(1280, 900)
