"""Browser tests: the dashboard served by uvicorn over a store coded from ``samples/``, driven in
real headless Chromium (Debian ``chromium``, installed by ``scripts/browser_setup.sh``) through
Playwright's ``executable_path`` (Playwright never downloads a browser here).

Fixtures:

* ``served`` (session): the sample store (seed + Wikinews, coded with the pinned model and the
  built gazetteer) behind ``create_app(db=..., write_token=TOKEN)`` on a free 127.0.0.1 port;
  ``served_empty``: the same over a new empty store, for one test that posts articles.
* ``page``: a fresh tab. Console errors, uncaught exceptions and requests leaving 127.0.0.1 (the
  dashboard must work offline) fail the test at teardown.
* ``dash``: ``page`` plus ``open(path)`` (waits for ``body[data-ready]``), ``twin(path)`` (the JSON
  twin of a page) and ``shot(name)`` (a screenshot in ``tests/browser/artifacts/NAME.png``).

Missing Chromium or Playwright fails every test with the command that installs it: never a skip.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import pytest

from polevent.api import code
from polevent.pipeline import Coder, build_coder
from polevent.resolve.gazetteer import default_gazetteer_path, open_gazetteer
from polevent.resolve.gazetteer_build import build_gazetteer
from polevent.serve import create_app

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Playwright, Route

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
TOKEN = "browser-test-token"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
READY_TIMEOUT_MS = 10_000
SETUP_HINT = "run scripts/browser_setup.sh (Debian chromium + chromium-driver)"


def chromium_path() -> Path:
    """``$POLEVENT_CHROMIUM`` or Debian's ``/usr/bin/chromium``."""
    return Path(os.environ.get("POLEVENT_CHROMIUM") or "/usr/bin/chromium")


@dataclass(frozen=True, slots=True, kw_only=True)
class Served:
    """The running app: its base URL, its store file and its write token."""

    base: str
    db: Path
    token: str

    def url(self, path: str) -> str:
        return self.base + path

    def get_json(self, path: str) -> Any:
        response = httpx.get(self.url(path), timeout=30)
        assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text}"
        assert response.headers["content-type"].startswith("application/json"), path
        return response.json()


@pytest.fixture(scope="session")
def map_coder(coder: Coder, tmp_path_factory: pytest.TempPathFactory) -> Coder:
    """The shared coder with the built gazetteer (``var/gazetteer.sqlite``, made by ``make``;
    built into a temporary folder when missing, about 20 s), so events get places for the map."""
    path = default_gazetteer_path()
    if not path.is_file():
        path = build_gazetteer(tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite").path
    return build_coder(coder.settings, nlp=coder.nlp, gazetteer=open_gazetteer(path))


@pytest.fixture(scope="session")
def sample_db(map_coder: Coder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed (India-Afghanistan phone call, 16 May 2025) and the 12 Wikinews articles, coded
    and stored. The XSS test adds one article to it through the API."""
    db = tmp_path_factory.mktemp("browser") / "events.db"
    report = code([SAMPLES / "seed", SAMPLES / "wikinews.jsonl"], db=db, coder=map_coder)
    assert report.articles_coded == 13, report
    assert report.events_added > 50, report
    return db


@contextmanager
def serving(db: Path, coder: Coder) -> Iterator[Served]:
    """``create_app`` over ``db`` with the write token ``TOKEN``, served by uvicorn in a thread
    on a socket bound to a free 127.0.0.1 port, until the block ends."""
    import uvicorn

    app = create_app(db=str(db), write_token=TOKEN, coder_factory=lambda: coder)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", ws="none"))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="browser-uvicorn", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                pytest.fail("uvicorn did not start the dashboard app (see its log)", pytrace=False)
            time.sleep(0.02)
        yield Served(base=f"http://127.0.0.1:{port}", db=db, token=TOKEN)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def served(sample_db: Path, map_coder: Coder) -> Iterator[Served]:
    """The app over the sample store, served until the session ends. Tests only read it."""
    with serving(sample_db, map_coder) as running:
        yield running


@pytest.fixture
def served_empty(map_coder: Coder, tmp_path: Path) -> Iterator[Served]:
    """The app over a new empty store (for tests that post articles), served for one test."""
    with serving(tmp_path / "posted.db", map_coder) as running:
        yield running


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver, for one test module at a time: while it runs, its event loop counts
    as the main thread's running loop, so it must stop before other packages' async tests run
    (anyio's runner would fail with "Cannot run the event loop while another loop is running")."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        pytest.fail(
            f"Playwright is not installed ({e}): `.venv/bin/pip install -r requirements.lock`",
            pytrace=False,
        )
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser_context(
    playwright: Playwright, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BrowserContext]:
    """Headless Debian Chromium with a fresh profile directory (per test module, as
    ``playwright``)."""
    executable = chromium_path()
    if not executable.is_file() or not os.access(executable, os.X_OK):
        pytest.fail(f"no Chromium at {executable}: {SETUP_HINT}", pytrace=False)
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")),
        executable_path=str(executable),
        headless=True,
        args=list(CHROMIUM_ARGS),
        viewport={"width": 1280, "height": 900},
        service_workers="block",
    )
    context.set_default_timeout(READY_TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@dataclass
class PageProblems:
    """What went wrong in the page while a test ran (each entry one line of the failure). Not
    slotted: Playwright tags the bound methods it is given as event handlers."""

    items: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.items.append(f"console error: {message.text} ({message.location})")

    def page_error(self, error: Exception) -> None:
        self.items.append(f"uncaught JS error: {error}")

    def offsite(self, url: str) -> None:
        self.items.append(f"request leaves 127.0.0.1 (must work offline): {url}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item, so ``page`` can tell a failed test."""
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.fixture
def page(
    browser_context: BrowserContext, served: Served, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A fresh tab; any JS error, console error or off-site request fails the test. When the
    test fails, the tab is saved as ``artifacts/failed-TEST.png`` first."""
    problems = PageProblems()

    def only_local(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if host in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            problems.offsite(route.request.url)
            route.abort()

    tab = browser_context.new_page()
    tab.route("**/*", only_local)
    tab.on("console", problems.console)
    tab.on("pageerror", problems.page_error)
    try:
        yield tab
        call = request.node.stash.get(REPORTS, {}).get("call")
        if call is not None and call.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            tab.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}.png"), full_page=True)
    finally:
        tab.close()
    if problems.items:
        pytest.fail("the page had errors:\n" + "\n".join(problems.items), pytrace=False)


@pytest.fixture
def shot(page: Page) -> Callable[[str], Path]:
    """``shot(name)`` saves a full-page screenshot to ``tests/browser/artifacts/NAME.png``."""

    def save(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 1000, f"empty screenshot {path}"
        return path

    return save


@dataclass(frozen=True, slots=True, kw_only=True)
class Dashboard:
    """A tab on the served dashboard: open pages, read their JSON twins, save screenshots."""

    page: Page
    served: Served
    shot: Callable[[str], Path]

    def open(self, path: str) -> Page:
        """Go to ``path`` and wait until the page says its data is rendered
        (``body[data-ready=true]``); a page reporting ``error`` fails with its ``#error`` text."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        response = self.page.goto(self.served.url(path))
        status = None if response is None else response.status
        if status != 200:
            pytest.fail(f"GET {path}: HTTP {status}", pytrace=False)
        try:
            self.page.wait_for_function(
                "() => ['true', 'error'].includes(document.body && document.body.dataset.ready)",
                timeout=READY_TIMEOUT_MS,
            )
        except PlaywrightTimeout:
            pytest.fail(
                f"{path}: body[data-ready] not set after {READY_TIMEOUT_MS} ms", pytrace=False
            )
        state = self.page.evaluate("() => document.body.dataset.ready")
        if state != "true":
            shown = self.page.locator("#error").inner_text() if self.has("#error") else ""
            pytest.fail(f"{path}: page reports data-ready={state!r}: {shown}", pytrace=False)
        return self.page

    def on(self, served: Served) -> Dashboard:
        """The same tab, on another served app."""
        return replace(self, served=served)

    def has(self, selector: str) -> bool:
        return self.page.locator(selector).count() > 0

    def twin(self, path: str) -> Any:
        """The JSON twin of page ``path``: ``/events?x=1`` -> ``/events.json?x=1``, and the dyad
        view ``/?x=1`` -> ``/index.json?x=1``."""
        route, _, query = path.partition("?")
        twin = ("/index" if route == "/" else route) + ".json"
        return self.served.get_json(twin + (f"?{query}" if query else ""))


@pytest.fixture
def dash(page: Page, served: Served, shot: Callable[[str], Path]) -> Dashboard:
    """The tab on the sample store's dashboard."""
    return Dashboard(page=page, served=served, shot=shot)
