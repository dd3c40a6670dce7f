"""``followup-tui serve`` in a real browser: the installed console script serves a board file
in tmp_path, and headless Chromium (Debian's, driven by playwright; no browser download)
opens it, reads the terminal the page draws, presses keys and copies a draft.

What the page shows is read from the page's own terminal (xterm.js) buffer, which is what
its canvas draws: a script added before the page loads keeps a reference to the terminal
object textual-serve's script creates.

Set FOLLOWUP_TUI_SCREENSHOTS=1 to write the README's screenshot (screenshots/serve.png);
otherwise it goes to tmp_path.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tui.demo import prepare_demo
from tui.model import Stage
from tui.store import LockedError, Store

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(sys.executable).parent / "followup-tui"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

KEEP_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    if (value && value.buffer && !window.__terminal) window.__terminal = value;
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
  },
});
"""

READ_TERMINAL = """() => {
  const terminal = window.__terminal;
  if (!terminal) return "";
  const buffer = terminal.buffer.active;
  const lines = [];
  for (let row = 0; row < buffer.length; row++) {
    lines.push(buffer.getLine(row).translateToString(true));
  }
  return lines.join("\\n");
}"""


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    lines: list[str]
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(board: Path, *options: str) -> Iterator[Served]:
    """Run ``followup-tui --db BOARD serve`` until it prints its URL; stop it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [str(SCRIPT), "--db", str(board), "serve", "--port", str(port), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    assert process.stdout is not None
    lines: list[str] = []
    # A thread reads what serve prints (a select() on a buffered pipe misses lines).
    reader = threading.Thread(
        target=lambda: lines.extend(line.rstrip("\n") for line in process.stdout or ()),
        daemon=True,
    )
    reader.start()
    deadline = time.monotonic() + 30
    try:
        while not any("ctrl+c" in line for line in lines):
            assert process.poll() is None, f"serve stopped: {lines}"
            assert time.monotonic() < deadline, f"serve printed no URL: {lines}"
            time.sleep(0.05)
        (url,) = re.findall(r"http://\S+", next(line for line in lines if "token=" in line))
        yield Served(process, url, lines, port)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise


def status_of(url: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Any, url: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.split("/?")[0])
    page = context.new_page()
    page.add_init_script(KEEP_TERMINAL)
    page.goto(url)
    return page


def press(page: Any, *keys: str) -> None:
    """Type into the page's terminal (its hidden text box takes the keys)."""
    page.focus(".xterm-helper-textarea")
    for key in keys:
        page.keyboard.press(key)


def screen(page: Any) -> str:
    text: str = page.evaluate(READ_TERMINAL)
    return text


def wait_for(page: Any, *wanted: str, timeout: float = 30, every: bool = True) -> str:
    """The page's text once it shows all of ``wanted`` (or any of them, with every=False)."""
    found = all if every else any
    deadline = time.monotonic() + timeout
    while True:
        text = screen(page)
        if found(word in text for word in wanted):
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"the page never showed {wanted}; it showed:\n{text}")
        page.wait_for_timeout(200)


def stages(board: Path) -> dict[int, Stage]:
    with Store(board, read_only=True) as store:
        return {card.doc_id: card.stage for card in store.applications() if card.doc_id}


def wait_until(check: Any, timeout: float = 15) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
    return result


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return prepare_demo(tmp_path / "demo")


def test_the_board_in_a_browser_moves_a_card_on_disk_and_copies_to_the_browser(
    board: Path, chromium: Any, tmp_path: Path
) -> None:
    before = stages(board)
    with serving(board) as served:
        assert served.url.startswith(f"http://127.0.0.1:{served.port}/?token=")
        page = open_page(chromium, served.url)
        text = wait_for(page, "Interviewed", "Thanked", "Awaiting", "Checked In", "Outcome")
        assert "all saved" in text

        press(page, "j", "L")

        def moved() -> list[int]:
            after = stages(board)
            return [
                doc_id
                for doc_id, stage in after.items()
                if before[doc_id] is Stage.INTERVIEWED and stage is Stage.THANKED
            ]

        (card,) = wait_until(moved)
        assert {k: v for k, v in stages(board).items() if k != card} == {
            k: v for k, v in before.items() if k != card
        }
        wait_for(page, "saved")

        press(page, "c")
        # The moved card's next message may be early (a check-in before its date): then the
        # copy guard asks first, as it does in a terminal, and the user copies anyway.
        if "Copy anyway" in wait_for(page, "Copied the", "Copy anyway", every=False):
            press(page, "y")
        # The toast wraps where its width falls: look for its words, not one line.
        wait_for(page, "Copied the", "browser's", "clipboard")
        copied: str = page.evaluate("navigator.clipboard.readText()")
        # The body, for the mail's body: no Subject line along with it.
        assert copied.startswith("Dear ") and "Subject:" not in copied
        press(page, "c")  # again: the subject, for the subject field
        wait_for(page, "Copied the subject", "browser's", "clipboard")
        subject: str = page.evaluate("navigator.clipboard.readText()")
        assert subject and "\n" not in subject and not subject.startswith("Subject")

        shot = tmp_path / "serve.png"
        if os.environ.get("FOLLOWUP_TUI_SCREENSHOTS"):
            shot = ROOT / "screenshots" / "serve.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 20_000

        # A second tab is a second followup-tui: the board is open, so it is read-only.
        second = open_page(chromium, served.url)
        wait_for(second, "Read-only", "Interviewed")
        press(second, "L")
        wait_for(second, "read-only")
        page.close()
        second.close()
    # Stopped: no process is left holding the board.
    store = wait_until(lambda: _try_open(board), timeout=10)
    assert store.applications()
    store.close()


def test_with_host_a_request_without_the_token_is_refused(board: Path, chromium: Any) -> None:
    with serving(board, "--host", "0.0.0.0") as served:
        assert "anyone with this URL can open the board" in "\n".join(served.lines)
        assert served.url.startswith(f"http://{socket.gethostname()}:{served.port}/?token=")
        token = served.url.split("token=", 1)[1]

        for path in ("/", "/?token=wrong-token-wrong-token", "/ws", "/download/anything"):
            status, body = status_of(served.base + path)
            assert (status, body.strip()) == (
                403,
                "followup-tui: this board needs the token in the URL that "
                "'followup-tui serve' printed.",
            )
        assert status_of(f"{served.base}/?token={token}")[0] == 200
        # The websocket with the token but from another site's page is refused too.
        cookie = f"followup_tui_token={token}"
        assert status_of(served.base + "/ws", Cookie=cookie, Origin="http://evil.example")[0] == 403

        page = open_page(chromium, served.base + "/")
        assert "needs the token" in page.inner_text("body")
        page.close()
        # With the token the board opens, on this very address.
        page = open_page(chromium, f"{served.base}/?token={token}")
        wait_for(page, "Interviewed", "Networked")
        page.close()


def test_serve_without_the_web_extra_says_how_to_install_it(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _WITHOUT_EXTRA, str(tmp_path / "board.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        "followup-tui: serve needs the web extra: pip install 'followup-tui[web]'\n"
    )


_WITHOUT_EXTRA = """
import sys
import threading
# As if textual-serve were not installed: its import fails the way a missing package does.
sys.modules["textual_serve"] = None
sys.modules["textual_serve.server"] = None
from tui.cli import main
sys.exit(main(["--db", sys.argv[1], "serve", "--port", "1"]))
"""


def test_lock_with_two_tabs_is_held_by_the_first_only(board: Path, chromium: Any) -> None:
    with serving(board) as served:
        page = open_page(chromium, served.url)
        wait_for(page, "all saved")
        with pytest.raises(LockedError):
            Store(board)
        page.close()
        # Closing the tab ends its followup-tui, and with it the lock.
        store = wait_until(lambda: _try_open(board), timeout=20)
        store.close()


def _try_open(board: Path) -> Store | None:
    try:
        return Store(board)
    except LockedError:
        return None
