"""The wheel is self-contained: installed in a fresh venv, run from elsewhere, it works.

The wheel is built from the source tree, installed without dependencies into a new
virtual environment whose only other entry is the test venv's site-packages (for
PySide6, SQLAlchemy… without downloading them again). The source tree is never on
``sys.path`` there, so resources and migrations must come from the wheel itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def sh(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.slow
def test_wheel_installs_and_finds_its_resources(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    sh(
        sys.executable,
        "-m",
        "build",
        "--wheel",
        "--no-isolation",
        "--outdir",
        dist,
        ROOT,
        cwd=tmp_path,
    )
    (wheel,) = dist.glob("frontdesk-*.whl")

    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    site = Path(
        sh(
            python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path
        ).strip()
    )
    (site / "test-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    sh(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--no-index",
        "-q",
        wheel,
        cwd=tmp_path,
    )

    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    env = {**os.environ, "FRONTDESK_HOME": str(tmp_path / "home"), "PYTHONPATH": ""}
    cli = target / "bin" / "frontdesk-cli"
    assert (target / "bin" / "frontdesk").exists()  # the GUI entry point

    assert "frontdesk 0." in sh(cli, "--version", cwd=elsewhere, env=env)
    roles = Path(sh(cli, "resource", "roles.json", cwd=elsewhere, env=env).strip())
    assert roles.is_relative_to(site) and json.loads(roles.read_text(encoding="utf-8"))["roles"]

    sh(cli, "migrate", cwd=elsewhere, env=env)  # migrations are bundled and run
    info = json.loads(sh(cli, "info", cwd=elsewhere, env=env))
    assert info["etat"] == "current"
    module = sh(python, "-c", "import frontdesk; print(frontdesk.__file__)", cwd=elsewhere, env=env)
    assert Path(module.strip()).is_relative_to(site)
