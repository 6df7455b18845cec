"""The HTML report in a real headless browser (Debian's chromium), driven over the DevTools protocol.

Chromium runs with ``--remote-debugging-pipe``: CDP messages are NUL-terminated JSON on file
descriptors 3 (to the browser) and 4 (from it), so a few lines of stdlib talk to it. The
test loads the report, checks there is no console error and no network request, takes a
screenshot, clicks a result row with real mouse events and reads the highlighted mention
back from the DOM. Without a chromium (``make browser`` installs one) it skips, saying why.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from tests.report.test_html import RECORDS, TEXT_A, TEXT_B, A, B, make_output

pytestmark = pytest.mark.slow

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--remote-debugging-pipe"]


def find_chromium() -> str | None:
    for candidate in (os.environ.get("WIREFACTS_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


class Browser:
    """A headless chromium and one page, spoken to over the DevTools pipe."""

    def __init__(self, binary: str, profile: Path, timeout: float = 30.0):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire_pipes() -> None:  # in the child: the fds chromium expects
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        # Chromium's own chatter goes to a file: an unread pipe could fill up and stall it.
        with (profile / "chromium.log").open("wb") as log:
            self.proc = subprocess.Popen(
                [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, preexec_fn=wire_pipes, pass_fds=(3, 4),
            )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.timeout = timeout
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None
        page = next(t for t in self._wait_targets() if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", targetId=page["targetId"], flatten=True, browser=True)["sessionId"]

    def _wait_targets(self) -> list[dict[str, Any]]:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            targets = self.send("Target.getTargets", browser=True)["targetInfos"]
            if any(t["type"] == "page" for t in targets):
                return targets
            time.sleep(0.1)
        raise TimeoutError("chromium opened no page")

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise ConnectionError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, browser: bool = False, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self.session and not browser:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str) -> dict[str, Any]:
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._read()
            self.events.append(event)
            if event.get("method") == method:
                return event

    def js(self, expression: str) -> Any:
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in reply:
            raise AssertionError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def wait_for(self, expression: str) -> Any:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if value := self.js(expression):
                return value
            time.sleep(0.05)
        raise TimeoutError(f"never true: {expression}")

    def click(self, selector: str) -> None:
        """A real mouse click at the centre of the element (scrolled into view first)."""
        box = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
            " const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def screenshot(self, path: Path) -> bytes:
        png = base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])
        path.write_bytes(png)
        return png

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and any request that left the file."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in {"error", "assert"}:
                found.append(f"console.{params['type']}: {params.get('args')}")
            elif method == "Runtime.exceptionThrown":
                found.append(f"exception: {params.get('exceptionDetails')}")
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                found.append(f"log: {params['entry'].get('text')} {params['entry'].get('url', '')}")
            elif method == "Network.requestWillBeSent" and not params["request"]["url"].startswith(("file:", "data:")):
                found.append(f"request: {params['request']['url']}")
        return found

    def close(self) -> None:
        with contextlib.suppress(OSError, TimeoutError, ConnectionError, RuntimeError):
            self.send("Browser.close", browser=True)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_browser, self._from_browser):
            os.close(fd)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    binary = find_chromium()
    if not binary:
        pytest.skip("no chromium found: run `make browser` (apt-get install chromium) or set WIREFACTS_CHROMIUM")
    try:
        session = Browser(binary, tmp_path_factory.mktemp("chromium-profile"))
    except (OSError, TimeoutError, ConnectionError, StopIteration) as exc:
        pytest.skip(f"chromium at {binary} did not start headless: {exc}")
    for domain in ("Page", "Runtime", "Log", "Network"):
        session.send(f"{domain}.enable")
    session.send("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1, mobile=False)
    yield session
    session.close()


@pytest.fixture(scope="module")
def loaded(browser, tmp_path_factory):
    folder = make_output(tmp_path_factory.mktemp("out"))
    page = folder / "report.html"
    assert main(["report", str(folder), "-o", str(page)]) == 0
    browser.send("Page.navigate", url=page.resolve().as_uri())
    browser.wait_event("Page.loadEventFired")
    browser.wait_for("document.body.dataset.ready === '1'")
    return browser


def mention_text(record_id: str) -> str:
    m = next(r for r in RECORDS if r["id"] == record_id)["mentions"][0]
    return {A: TEXT_A, B: TEXT_B}[m["article_id"]][m["start"]: m["end"]]


SELECTED = "Array.from(document.querySelectorAll('#wf-article-text .wf-selected')).map(e => e.textContent).join('')"


def test_page_loads_without_errors_or_requests(loaded):
    assert loaded.js("document.querySelectorAll('#wf-table-results tbody tr').length") == 6
    assert loaded.js("document.querySelectorAll('svg.wf-chart rect.wf-bar').length") == 5
    assert loaded.problems() == []


def test_screenshot_is_a_png(loaded, tmp_path):
    png = loaded.screenshot(tmp_path / "report.png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


@pytest.mark.parametrize("record_id", ["r_ann", "r_old", "r_bo_xp"])
def test_clicking_a_result_row_highlights_its_mention(loaded, tmp_path, record_id):
    loaded.click(f'#wf-table-results tr[data-id="{record_id}"] td')
    assert loaded.wait_for(SELECTED) == mention_text(record_id)
    sentence = loaded.js("Array.from(document.querySelectorAll('#wf-article-text .wf-sentence'))"
                         ".map(e => e.textContent).join('')")
    assert mention_text(record_id) in sentence
    # The highlight is on screen inside the article panel, not scrolled away.
    assert loaded.js(
        "(() => { const r = document.querySelector('#wf-article-text .wf-selected').getBoundingClientRect();"
        " return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight; })()"
    )
    loaded.screenshot(tmp_path / f"{record_id}.png")
    assert loaded.problems() == []


def test_article_markup_stays_text(loaded):
    loaded.click('#wf-table-claims tr[data-id="c_xss"] td')
    assert "<script>alert('x')</script>" in loaded.wait_for(SELECTED)
    assert loaded.js("document.querySelectorAll('#wf-article-text script, #wf-article-text b').length") == 0
    assert loaded.js("document.getElementById('wf-article-title').textContent") == "Final count <b>near</b>"


def test_clicking_a_chart_bar_opens_the_result(loaded):
    loaded.click('svg.wf-chart rect[data-rid="r_ann_xp"]')
    assert loaded.wait_for(SELECTED) == mention_text("r_ann_xp")


@pytest.mark.parametrize(
    "action, expected",
    [
        ("filter('#wf-table-results', 'civic')", ["r_ann_xp", "r_bo_xp"]),
        ("facet('#wf-table-results', 'status', 'superseded')", ["r_old"]),
        ("sort('#wf-table-results', 'value')", ["r_bo", "r_bo_xp", "r_turnout", "r_ann_xp", "r_old", "r_ann"]),
    ],
)
def test_table_filters_and_sorting(loaded, action, expected):
    helpers = """
      const reset = (t) => { const s = document.querySelector(t + ' input'); s.value = '';
        s.dispatchEvent(new Event('input')); document.querySelectorAll(t + ' select').forEach(
          (x) => { x.value = ''; x.dispatchEvent(new Event('change')); }); };
      const filter = (t, text) => { reset(t); const s = document.querySelector(t + ' input'); s.value = text;
        s.dispatchEvent(new Event('input')); };
      const facet = (t, col, v) => { reset(t); const s = document.querySelector(t + ' select[data-column=' + col + ']');
        s.value = v; s.dispatchEvent(new Event('change')); };
      const sort = (t, col) => { reset(t); document.querySelector(t + ' th[data-column=' + col + ']').click(); };
    """
    ids = loaded.js(
        f"(() => {{ {helpers} {action}; return Array.from(document.querySelectorAll("
        "'#wf-table-results tbody tr')).filter(r => !r.hidden).map(r => r.dataset.id); })()"
    )
    assert ids == expected


def test_entity_opens_its_variants_in_the_article(loaded):
    loaded.click('#wf-table-entities tr[data-id="n2"] td')
    assert loaded.wait_for(SELECTED) == "Central Election Commission"
    assert loaded.js("document.getElementById('wf-nav-label').textContent") == "mention 1 of 2"


def test_a_link_to_a_fact_opens_it(loaded):
    # A fresh load of report.html#result=ID opens that fact (links can be shared).
    url = loaded.js("location.href.split('#')[0]") + "?fresh=1#result=r_bo"  # a new URL: a full load
    loaded.js("window.wfOld = true")
    loaded.send("Page.navigate", url=url)
    loaded.wait_for("!window.wfOld && document.body !== null && document.body.dataset.ready === '1'")
    assert loaded.wait_for(SELECTED) == mention_text("r_bo")
    assert loaded.problems() == []
