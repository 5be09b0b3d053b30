"""The core stays free of platforms, and SQLAlchemy stays inside the storage package."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLATFORM_LIBRARIES = {"discord", "telegram"}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_core_never_imports_a_platform_library() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "bot").rglob("*.py")
        if _imported_roots(path) & PLATFORM_LIBRARIES
    ]
    assert offenders == []


def test_sqlalchemy_only_inside_storage() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "bot").rglob("*.py")
        if "storage" not in path.relative_to(ROOT / "bot").parts
        and "sqlalchemy" in _imported_roots(path)
        and path.name != "bootstrap.py"  # the wiring point holds the engine
    ]
    assert offenders == []


def test_importing_the_core_loads_no_platform_library() -> None:
    code = (
        "import sys, bot.bootstrap, bot.router, bot.runtime\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('discord', 'telegram')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
