"""End to end, in a real Chromium: a department officer uploads Korean Excel's CP949 export of
500 applications on the 기록 가져오기 page, sees the preview and report, imports it, and the
overview already open in another tab shows the new rate without a reload. A file with personal
data is refused on the page. Playwright's sync API against `streamlit run dashboard.py`."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests import import_corpus as corpus

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def import_server(db_copy):
    """`streamlit run dashboard.py` on a free port over a private copy of the store."""
    port = free_port()
    env = {**os.environ, "PLEDGE_DB": str(db_copy)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError(f"streamlit did not start: {proc.stdout.read() if proc.poll() is not None else ''}")
            time.sleep(0.3)
        yield base, db_copy
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_ready(page) -> None:
    """The app is connected and the script has finished running (as Streamlit's own e2e suite waits)."""
    page.wait_for_selector("[data-testid=stApp][data-test-connection-state=CONNECTED]", timeout=60_000)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)


def test_upload_cp949_applications_and_the_live_rate_follows(import_server, tmp_path):
    base, db = import_server
    upload = tmp_path / "신청_2024하반기.csv"
    upload.write_bytes(corpus.applications_500_cp949())
    pii = tmp_path / "신청_연락처.csv"
    pii.write_bytes(next(c for c in corpus.bad_cases() if c.id == "pii_phone_column_cp949").data)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
            overview = context.new_page()
            overview.goto(f"{base}/?as_of=2024-12-31")
            wait_ready(overview)
            expect(overview.get_by_text("64.85%").first).to_be_visible(timeout=30_000)   # before the import

            page = context.new_page()
            page.goto(f"{base}/import?as_of=2024-12-31")
            wait_ready(page)
            expect(page.get_by_role("heading", name="기록 가져오기")).to_be_visible()

            # A file with personal data is refused, and the import button stays disabled.
            page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(pii))
            expect(page.get_by_text("개인정보 보호", exact=False).first).to_be_visible(timeout=30_000)
            expect(page.get_by_text("가져오지 않습니다", exact=False).first).to_be_visible()
            expect(page.get_by_role("button", name="가져오기", exact=True)).to_be_disabled()

            page.get_by_label("가져오는 사람").fill("보건행정과 주무관")
            page.get_by_label("가져오는 사람").press("Enter")
            wait_ready(page)
            page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(upload))
            expect(page.get_by_text("신청 500행 — 추가 500행", exact=False)).to_be_visible(timeout=30_000)
            expect(page.get_by_text("인코딩: cp949", exact=False)).to_be_visible()
            expect(page.get_by_text("미리보기", exact=False).first).to_be_visible()   # the preview
            expect(page.locator("[data-testid=stDataFrame]:visible").first).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "import_preview.png"), full_page=True)

            page.get_by_role("button", name="가져오기", exact=True).click()
            summary = page.get_by_text(re.compile(r"가져오기 #\d+ 완료 \(신청_2024하반기\.csv, 신청\): 추가 500행"))
            expect(summary).to_be_visible(timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "import_done.png"), full_page=True)

            # The overview tab, never reloaded, shows the new pledge rate within its refresh interval:
            # (68.75 + 1,844 ÷ 2,205 × 100) ÷ 2 = 76.19%.
            expect(overview.get_by_text("76.19%").first).to_be_visible(timeout=45_000)
            overview.screenshot(path=str(ARTIFACTS / "import_live_overview.png"), full_page=True)
        finally:
            browser.close()
    time.sleep(0.5)


def test_import_then_undo_from_the_log(import_server, tmp_path):
    base, db = import_server
    upload = tmp_path / "신청.csv"
    upload.write_bytes(corpus.applications_500_cp949())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/import")
            wait_ready(page)
            page.get_by_label("가져오는 사람").fill("주무관")
            page.get_by_label("가져오는 사람").press("Enter")
            wait_ready(page)
            page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(upload))
            expect(page.get_by_text("가져올 수 있습니다", exact=False)).to_be_visible(timeout=30_000)
            page.get_by_role("button", name="가져오기", exact=True).click()
            expect(page.get_by_text("추가 500행", exact=False).first).to_be_visible(timeout=60_000)
            wait_ready(page)
            # Undo from the log, as an auditor.
            page.get_by_label("되돌리는 사람").fill("감사관")
            page.get_by_role("button", name="되돌리기").click()
            expect(page.get_by_text("되돌렸습니다 (500건)", exact=False)).to_be_visible(timeout=30_000)
        finally:
            browser.close()
    # The server still holds the file: a second process gets the Korean lock message, not a traceback.
    out = subprocess.run([sys.executable, "-m", "metrics", "imports", "--db", str(db)], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "다른 프로그램" in out.stderr and "Traceback" not in out.stderr
