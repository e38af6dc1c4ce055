"""Apps depend one way: an app imports only the apps below it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: the core, the import engine, the register, sub-projects, money,
# monitoring, and the home page with the demo ward on top.
LAYERS = ["giamngheo", "imports", "households", "projects", "budget", "monitoring", "reviews", "home"]


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_no_app_above_it(app):
    above = set(LAYERS[LAYERS.index(app) + 1 :])
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for line, module in imported_modules(path)
        if module.split(".")[0] in above
    ]
    assert upward == []


def test_every_package_is_a_regular_package():
    missing = [
        str(folder.relative_to(ROOT))
        for app in LAYERS
        for folder in [ROOT / app, *(ROOT / app).rglob("*")]
        if folder.is_dir()
        and folder.name != "__pycache__"
        and any(folder.glob("*.py"))
        and not (folder / "__init__.py").exists()
    ]
    assert missing == []
