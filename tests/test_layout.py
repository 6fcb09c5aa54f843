"""The README's "How the code is organised" names every module of index/ and bot/."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_has_a_line_for_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is organised", 1)[1].split("\n## ", 1)[0]
    missing = []
    for package in ("index", "bot"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT / package)
            if relative.name in ("__init__.py", "__main__.py") or relative.parts[0] == "messages":
                continue
            if f"`{relative.as_posix()}`" not in section:
                missing.append(f"{package}/{relative.as_posix()}")
    assert missing == []
