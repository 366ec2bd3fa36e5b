"""Proactive monitoring, as the focal point lives it: a monitor for the agency's site (a site the
test starts on 127.0.0.1), a defacement that opens an incident with the page and the diff as
evidence, a legitimate change accepted as the new baseline without an alert, an outage and its
recovery on one incident, and a certificate about to expire flagged.

Every page passed is checked at 1280 and 390 px (untranslated text, sideways scroll, refusals)
and saved as screenshots when VIGIL_SCREENSHOTS is set.
"""
import os
import sqlite3
import ssl
import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import started_server
from journey_support import PASSWORD, Visit, cli, click_and_wait, page_ready, sign_in

SETS = Path(__file__).resolve().parents[1] / "fixtures" / "defacement"


class Site:
    """A web site on 127.0.0.1 whose page the test changes, and that it can stop and start again."""

    def __init__(self, page, context=None):
        self.page = page
        self.status = 200
        self.context = context
        self.port = None
        self.server = None
        self.start()

    def start(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = site.page.encode("utf-8")
                self.send_response(site.status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port or 0), Handler)
        if self.context:
            self.server.socket = self.context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http{'s' if self.context else ''}://127.0.0.1:{self.port}/"


def certificate(days):
    """A TLS context with a self-signed certificate for 127.0.0.1 valid for `days` days."""
    folder = tempfile.mkdtemp(prefix="vigil-cert-")
    key, cert = os.path.join(folder, "key.pem"), os.path.join(folder, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", str(days), "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@pytest.fixture
def monitoring_server(monkeypatch):
    # Vigil reaches loopback only because this test's server is told so.
    monkeypatch.setenv("VIGIL_OUTBOUND_ALLOW", "127.0.0.1/32")
    with started_server() as server:
        yield server


def fill(driver, field, text):
    element = driver.find_element(By.ID, field)
    element.clear()
    element.send_keys(text)


def check_now(driver):
    click_and_wait(driver, "form[action$='/check'] button[type=submit]")


def test_monitoring_journey(browser, monitoring_server, screenshot):
    d = browser
    server = monitoring_server
    visit = Visit(d, screenshot, "monitoring")
    site = Site((SETS / "baselines" / "stnmt.html").read_text(encoding="utf-8"))
    tls_site = Site("<p>ok</p>", context=certificate(days=12))
    try:
        with sqlite3.connect(os.path.join(server.data_dir, "vigil.sqlite")) as db:
            root = db.execute("SELECT id FROM organisations WHERE parent_id IS NULL").fetchone()[0].lower()
        agency = cli(server, "org", "create", "--name", "Sở Tài nguyên và Môi trường", "--parent", root, "--kind", "agency", "--code", "STNMT")
        cli(server, "user", "create", "--email", "daumoi@stnmt.gov.vn", "--org", agency, "--role", "focal_point",
            "--name", "Lê Đầu Mối", "--password-stdin", stdin=PASSWORD + "\n")
        sign_in(d, server, "daumoi@stnmt.gov.vn")

        # A monitor for the agency's portal, from the navigation.
        d.find_element(By.CSS_SELECTOR, "nav a[href='/monitors']").click()
        page_ready(d)
        assert "Chưa có giám sát nào" in d.find_element(By.TAG_NAME, "main").text
        visit.check("list-empty")
        click_and_wait(d, "a[href='/monitors/new']")
        visit.check("new")
        fill(d, "name", "Cổng thông tin Sở")
        fill(d, "target", "http://10.0.0.8/")
        click_and_wait(d, "form[action='/monitors'] button[type=submit]")
        assert "Vigil không được phép kết nối tới 10.0.0.8" in d.find_element(By.TAG_NAME, "main").text, "an inward target is refused"
        fill(d, "target", site.url)
        click_and_wait(d, "form[action='/monitors'] button[type=submit]")
        assert "/monitors/" in d.current_url
        check_now(d)
        assert "Hoạt động" in d.find_element(By.CSS_SELECTOR, ".badges").text
        visit.check("monitor-up")

        # A legitimate change (a news item): no alert.
        site.page = (SETS / "variants" / "stnmt--news_added--6.html").read_text(encoding="utf-8")
        check_now(d)
        assert "Hoạt động" in d.find_element(By.CSS_SELECTOR, ".badges").text

        # Defaced: hidden gambling links. The retry policy confirms it on the second check.
        site.page = (SETS / "variants" / "stnmt--hidden_seo_links--4.html").read_text(encoding="utf-8")
        check_now(d)
        check_now(d)
        assert "Bị thay đổi giao diện" in d.find_element(By.CSS_SELECTOR, ".badges").text
        visit.check("monitor-defaced")
        click_and_wait(d, "main a[href^='/incidents/']")
        main = d.find_element(By.TAG_NAME, "main").text
        assert "Trang web bị thay đổi giao diện: Cổng thông tin Sở" in main
        assert "Liên kết ẩn tới trang khác" in main
        assert ".html" in main and "khac-biet-" in main, "the page and the diff are evidence"
        assert "Vigil" in main
        visit.check("incident")

        # The agency's own change is accepted as the new baseline; the next check is calm.
        d.back()
        page_ready(d)
        d.refresh()
        site.page = (SETS / "variants" / "stnmt--own_banner_added--5.html").read_text(encoding="utf-8")
        d.execute_script("window.confirm = () => true")
        click_and_wait(d, "form[action$='/baseline'] button[type=submit]")
        assert "mẫu đối chiếu mới" in d.find_element(By.TAG_NAME, "main").text
        check_now(d)
        assert "Hoạt động" in d.find_element(By.CSS_SELECTOR, ".badges").text
        monitor_url = d.current_url.split("?")[0]

        # The site stops: the outage is confirmed and written on the monitor's incident, then its recovery.
        site.stop()
        check_now(d)
        check_now(d)
        assert "Mất kết nối" in d.find_element(By.CSS_SELECTOR, ".badges").text
        visit.check("monitor-down")
        site.start()
        check_now(d)
        assert "Hoạt động" in d.find_element(By.CSS_SELECTOR, ".badges").text
        click_and_wait(d, "main a[href^='/incidents/']")
        timeline = d.find_element(By.TAG_NAME, "main").text
        assert "giám sát xác nhận mất kết nối" in timeline and "giám sát thấy dịch vụ hoạt động trở lại" in timeline

        # A certificate that expires in 12 days is flagged, and the focal point told.
        d.get(server.url("/monitors/new"))
        fill(d, "name", "Chứng thư số cổng")
        d.find_element(By.CSS_SELECTOR, "input[name=kind][value=tls]").click()
        fill(d, "target", f"127.0.0.1:{tls_site.port}")
        d.find_element(By.CSS_SELECTOR, "input[name=defacement]").click()
        click_and_wait(d, "form[action='/monitors'] button[type=submit]")
        check_now(d)
        badges = d.find_element(By.CSS_SELECTOR, ".badges").text
        assert "Cần chú ý" in badges and "hết hạn sau" in badges, badges
        visit.check("certificate")
        d.get(server.url("/notifications"))
        assert "hết hạn sau" in d.find_element(By.TAG_NAME, "main").text

        # The list and the status page.
        d.get(server.url("/monitors"))
        assert "Cổng thông tin Sở" in d.find_element(By.TAG_NAME, "main").text
        visit.check("list")
        d.get(server.url("/monitors/status"))
        visit.check("status")
        d.get(monitor_url + "/edit")
        visit.check("edit")
    finally:
        site.stop() if site.server else None
        tls_site.stop()
        d.delete_all_cookies()
        d.set_window_size(1280, 900)
