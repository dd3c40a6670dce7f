"""The wheel, installed the way a user installs it, works away from the source tree.

Builds the wheel with ``python -m build`` (an isolated build with hatchling, as a release
would), checks the data files made it in, installs it with its dependencies into a brand-new
venv, then runs that venv's ``followup-tui`` from a folder outside the checkout: ``--version``,
and ``--demo`` in a pseudo-terminal until the board and a draft are on screen.

The install resolves the real dependencies from the package index (pip's usual cache applies),
rather than borrowing this venv's site-packages: that is the only way to learn that the wheel's
declared dependencies are enough. It takes about 10 seconds with a warm cache.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import tomllib
import zipfile
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path

import pexpect
import pytest

from tui import __version__

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")


@dataclass(frozen=True)
class Installed:
    """A wheel built from this checkout and a fresh venv it is installed in."""

    wheel: Path
    venv: Path
    outside: Path
    """An empty folder far from the source tree, to run the program from."""

    @property
    def script(self) -> Path:
        """The installed console script."""
        return self.venv / "bin" / "followup-tui"

    @property
    def python(self) -> Path:
        """The fresh venv's interpreter."""
        return self.venv / "bin" / "python"


def _clean_env(**extra: str) -> dict[str, str]:
    """This environment, minus anything that would point Python back at the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env.update(extra)
    return env


def _run(command: list[str | Path], cwd: Path, timeout: float = 300) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel and install it into a new venv (once for this module)."""
    try:
        import build  # noqa: F401
    except ImportError:
        pytest.fail("the 'build' package is missing: pip install -e '.[test]'")
    work = tmp_path_factory.mktemp("packaging")
    dist = work / "dist"
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, ROOT], cwd=work)
    (wheel,) = dist.glob("*.whl")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=work)
    _run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], cwd=work)
    outside = work / "elsewhere"
    outside.mkdir()
    return Installed(wheel, venv, outside)


def test_wheel_holds_the_data_files_and_the_styles(installed: Installed) -> None:
    assert installed.wheel.name == f"followup_tui-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = wheel.read(entry_points).decode()
    templates = {
        f"tui/_data/templates/{p.name}" for p in (ROOT / "data" / "templates").glob("*.md")
    }
    assert templates, "no templates in data/templates"
    assert templates <= names
    assert {"tui/_data/demo.json", "tui/_data/help.md", "tui/app.tcss"} <= names
    assert "followup-tui = tui.__main__:main" in scripts
    # The wheel ships the package only: no tests, no caches.
    assert not [n for n in names if n.startswith("tests/") or n.endswith(".pyc")]


def test_wheel_carries_the_license_and_the_project_metadata(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = wheel.namelist()
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        metadata = HeaderParser().parsestr(wheel.read(f"{info}/METADATA").decode())
        license_text = wheel.read(f"{info}/licenses/LICENSE").decode()
    assert license_text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License")
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    classifiers = metadata.get_all("Classifier")
    assert sorted(classifiers) == sorted(project["classifiers"])
    assert {"Environment :: Console", "Topic :: Office/Business"} <= set(classifiers)
    # One classifier per supported Python, from the floor in requires-python up.
    floor = int(metadata["Requires-Python"].removeprefix(">=3."))
    versions = sorted(
        int(c.rsplit(".", 1)[1]) for c in classifiers if re.fullmatch(r".*Python :: 3\.\d+", c)
    )
    assert versions[0] == floor and versions == list(range(floor, versions[-1] + 1))
    assert set(metadata["Keywords"].split(",")) == set(project["keywords"])
    urls = dict(line.split(", ", 1) for line in metadata.get_all("Project-URL"))
    assert urls == project["urls"] and {"Homepage", "Source", "Issues"} <= set(urls)
    # Every dependency declared in pyproject.toml, with its floor, reaches the wheel.
    requires = set(metadata.get_all("Requires-Dist"))
    assert {dependency.replace('"', "'") for dependency in project["dependencies"]} <= requires


def test_installed_package_is_imported_from_the_new_venv(installed: Installed) -> None:
    where = _run(
        [
            installed.python,
            "-c",
            "import tui, tui.paths; print(tui.__file__); print(tui.paths.demo_board_file())",
        ],
        cwd=installed.outside,
    ).split()
    assert all(Path(path).is_relative_to(installed.venv) for path in where)
    assert Path(where[1]).is_file()


def test_installed_script_prints_its_version(installed: Installed) -> None:
    output = _run([installed.script, "--version"], cwd=installed.outside)
    assert output.strip() == f"followup-tui {__version__}"


def test_installed_script_runs_the_demo_in_a_terminal(installed: Installed, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    child = pexpect.spawn(
        str(installed.script),
        ["--demo"],
        cwd=str(installed.outside),
        env=_clean_env(TERM="xterm-256color", TMPDIR=str(temp), COLUMNS="120", LINES="36"),
        dimensions=(36, 120),
        encoding="utf-8",
        codec_errors="replace",
        timeout=30,
    )
    try:
        screen = _read_until(child, ("Interviewed", "Subject:"), timeout=30)
        assert "Demo board" in screen
        # While it runs, the demo is a temporary copy; the user's board is never created.
        assert list(temp.glob("followup-tui-demo-*/board.json"))
        child.send("q")
        child.expect(pexpect.EOF, timeout=15)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
    assert not list(temp.glob("followup-tui-demo-*")), "the demo copy was not removed"
    data_home = Path(os.environ["XDG_DATA_HOME"])
    assert not (data_home / "followup-tui" / "board.json").exists()


def _read_until(child: pexpect.spawn, wanted: tuple[str, ...], timeout: float) -> str:
    """Collect the terminal output, escape codes removed, until every wanted text has shown."""
    text = ""
    deadline = time.monotonic() + timeout
    while not all(word in text for word in wanted):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            missing = [word for word in wanted if word not in text]
            raise AssertionError(f"never saw {missing}; the screen had:\n{text[-2000:]}")
        try:
            text += ANSI.sub("", child.read_nonblocking(65536, timeout=min(remaining, 1)))
        except pexpect.TIMEOUT:
            continue
    return text
