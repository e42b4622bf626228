"""`invoke livereload` (what `make livereload` runs) on a temporary copy of the project, watched in real Chromium:
the open page reloads by itself after a Markdown edit and after a data-file edit, a broken edit shows the build's
file:line message over the last good page, search keeps working, and nothing of the preview reaches output/."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))

COPIED = ("content", "data", "theme", "plugins", "checks", "preview", "pelicanconf.py", "publishconf.py", "tasks.py",
          "babel.cfg")
UPDATE = "content/updates/2023-10-23-heart-goes-citywide.md"
UPDATE_URL = "updates/heart-now-answers-calls-in-all-of-durham-12-hours-a-day/"
# Generous: the machine may be busy. Nothing here measures speed (bench/preview.py does).
WAIT_MS = 120_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = tmp_path_factory.mktemp("preview") / "site"
    project.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    (project / ".venv").symlink_to(ROOT / ".venv")
    port = free_port()
    log = open(project / "preview.log", "w")
    process = subprocess.Popen([str(Path(sys.executable).parent / "invoke"), "livereload", "--port", str(port)],
                               cwd=project, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                               env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + WAIT_MS / 1000
    while not (project / "output" / "pagefind" / "pagefind.js").exists():
        assert process.poll() is None and time.monotonic() < deadline, (project / "preview.log").read_text()
        time.sleep(0.2)
    try:
        yield project, base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def open_page(browser, url):
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    mark(page)
    return page, requests


def mark(page) -> None:
    """Marks the document now shown: a reload makes a new one without the mark."""
    from playwright.sync_api import Error

    for _attempt in range(5):
        page.wait_for_load_state("load")
        try:
            page.evaluate("window.previewTestMark = true")
            return
        except Error:
            continue  # a build that was still running when the page opened reloaded it: mark the new one


def reloaded_showing(page, text: str) -> None:
    page.wait_for_function("([text]) => !window.previewTestMark && document.body.innerText.includes(text)",
                           arg=[text], timeout=WAIT_MS)


def test_pages_reload_after_edits_and_show_a_broken_build(preview, browser):
    project, base = preview
    page, requests = open_page(browser, base + UPDATE_URL)
    assert page.locator("[data-preview-overlay]").count() == 0
    update = project / UPDATE
    good = update.read_text(encoding="utf-8")

    # A Markdown edit: the open page reloads by itself and shows the new sentence.
    update.write_text(good + "\nThe preview test added this sentence about zebrafish.\n", encoding="utf-8")
    reloaded_showing(page, "about zebrafish")

    # A data-file edit: the open home page reloads and shows the figure's new words.
    home, _ = open_page(browser, base)
    figures = project / "data" / "figures.toml"
    figures.write_text(figures.read_text(encoding="utf-8").replace(
        'unit = "hours a night with no HEART response"', 'unit = "hours a night with no HEART response at all"'),
        encoding="utf-8")
    reloaded_showing(home, "no HEART response at all")

    # A broken edit: the build's own message, with file and line, over the last good page.
    mark(page)
    update.write_text(good.replace("Date: 2023-10-23", "Dat: 2023-10-23", 1), encoding="utf-8")
    overlay = page.locator("[data-preview-overlay]")
    overlay.wait_for(state="visible", timeout=WAIT_MS)
    message = overlay.inner_text()
    assert f"{UPDATE}:2: Dat:" in message, message
    assert page.evaluate("window.previewTestMark === true"), "the page was not reloaded onto a broken build"
    assert "about zebrafish" in page.locator("main").inner_text(), "the last good page stays under the message"
    log = (project / "preview.log").read_text(encoding="utf-8")
    assert f"{UPDATE}:2: Dat:" in log, "the terminal shows the same message"

    # Fixed: the message goes and the page reloads.
    update.write_text(good + "\nFixed again, with a word about herons.\n", encoding="utf-8")
    reloaded_showing(page, "about herons")
    assert page.locator("[data-preview-overlay]").count() == 0

    assert all(url.startswith(base) for url in requests), [url for url in requests if not url.startswith(base)]
    built = (project / "output" / "index.html").read_text(encoding="utf-8")
    assert "_preview" not in built and "<script" not in built.split("</footer>")[-1], "the built site has no preview script"


def test_search_works_after_rebuilds(preview, browser):
    project, base = preview
    update = project / UPDATE
    page, _ = open_page(browser, base + UPDATE_URL)
    update.write_text(update.read_text(encoding="utf-8") + "\nA word for search: kingfisher.\n", encoding="utf-8")
    reloaded_showing(page, "kingfisher")
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        search = browser.new_page()
        search.goto(base + "search/?q=kingfisher")
        search.wait_for_selector(".hs-search__status", timeout=WAIT_MS)
        links = search.locator(".hs-search__result a")
        if links.count() or time.monotonic() > deadline:
            break
        search.close()
        time.sleep(1)  # the index is built just after the pages; ask again
    assert links.count() >= 1
    assert UPDATE_URL.strip("/") in links.first.get_attribute("href")
