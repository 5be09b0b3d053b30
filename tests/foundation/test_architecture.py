"""The core stays free of platforms, SQLAlchemy stays in storage packages, features keep theirs.

Layout (docs/architecture.md): one package per feature under bot/ (its rules, service, port,
`storage/` and commands) beside a small kernel (bot/*.py, bot/ports, bot/storage, bot/commands).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLATFORM_LIBRARIES = {"discord", "telegram"}


FEATURES = {"faq", "programs", "athletes", "accounts", "checkins", "challenges", "training_log"}
# Who may import a feature's storage besides the feature itself: the kernel's storage (the
# unit of work holds every repository, the schema lists every table) and the wiring point.
KERNEL_STORAGE_USERS = ("bot/storage/", "bot/bootstrap.py")
# Known crossings, each with its reason. The per-message context load reads the sender's
# check-in schedule in the same statement as the athlete (one read per message). A `log`
# stores its training log entry in the same statement as its challenge credits (the log path).
STORAGE_CROSSINGS = {
    ("bot/athletes/storage/context.py", "checkins"),
    ("bot/challenges/storage/credit_statements.py", "training_log"),
    ("bot/challenges/storage/credits.py", "training_log"),
}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def _imported_roots(path: Path) -> set[str]:
    return {module.split(".")[0] for module in _imported_modules(path)}


def _storage_feature(module: str) -> str | None:
    """The feature whose storage `module` is (bot.<feature>.storage...), else None."""
    parts = module.split(".")
    if len(parts) >= 3 and parts[0] == "bot" and parts[1] in FEATURES and parts[2] == "storage":
        return parts[1]
    return None


def test_core_never_imports_a_platform_library() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "bot").rglob("*.py")
        if _imported_roots(path) & PLATFORM_LIBRARIES
    ]
    assert offenders == []


def test_sqlalchemy_only_inside_storage_packages() -> None:
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


def test_handlers_never_import_sqlalchemy() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "handlers").rglob("*.py")
        if "sqlalchemy" in _imported_roots(path)
    ]
    assert offenders == []


def test_every_feature_package_exists_with_its_commands() -> None:
    missing = [name for name in FEATURES if not (ROOT / "bot" / name / "commands.py").exists()]
    assert missing == []


def test_a_feature_storage_is_imported_only_by_its_own_package_and_the_kernel() -> None:
    crossings: set[tuple[str, str]] = set()
    for root in ("bot", "handlers", "knowledge"):
        for path in (ROOT / root).rglob("*.py"):
            where = path.relative_to(ROOT).as_posix()
            if where.startswith(KERNEL_STORAGE_USERS):
                continue
            owner = where.split("/")[1] if where.startswith("bot/") else None
            for module in _imported_modules(path):
                feature = _storage_feature(module)
                if feature is not None and feature != owner:
                    crossings.add((where, feature))
    assert crossings == STORAGE_CROSSINGS
