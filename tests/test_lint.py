"""The house rules for code: ruff's checks and formatting hold everywhere, and mypy passes (strict on index/).

All three are configured in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("ruff")
    command = [str(exe)] if exe.exists() else [shutil.which("ruff") or "ruff"]
    return subprocess.run([*command, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [("check", "."), ("format", "--check", ".")], ids=["check", "format"])
def test_ruff(args):
    p = ruff(*args)
    assert p.returncode == 0, p.stdout + p.stderr


def test_mypy():
    """The core is strictly typed (no Any where modules meet); the bot and the CLI are checked."""
    p = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert p.returncode == 0, p.stdout + p.stderr
