"""The domain stays free of UI: only app/tui may import textual, and nothing but the
command line and the TUI may import rich."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import app

from .conftest import ROOT


def _modules(package: str) -> list[str]:
    path = ROOT / "app" / package
    return [f"app.{package}"] + [
        f"app.{package}.{m.name}" for m in pkgutil.iter_modules([str(path)])
    ]


def test_the_layers_below_the_front_doors_load_without_textual_or_rich():
    modules = [
        m
        for package in ("core", "files", "store", "importers", "exports", "glossary", "data")
        for m in _modules(package)
    ]
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert len(modules) > 5
    assert json.loads(result.stdout) == []


def test_only_the_tui_imports_textual():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "app").rglob("*.py")
        if "tui" not in path.parts
        and any(
            line.lstrip().startswith(("import textual", "from textual"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
    assert app.__doc__


def test_nothing_in_the_tui_imports_the_app_back():
    """The room's keys and widgets are written against what they use (`app.tui.view`),
    never against the app: only the TUI's entry point imports it."""
    tui = ROOT / "app" / "tui"
    offenders = [
        str(path.relative_to(ROOT))
        for path in tui.rglob("*.py")
        if path not in (tui / "app.py", tui / "__init__.py")
        and any(
            line.lstrip().startswith(("from app.tui.app import", "import app.tui.app"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


def test_the_tui_redefines_nothing_private_of_textual():
    """The TUI builds on Textual's public API: none of its classes redefines a private
    member of a Textual class it derives from (what tied it to one patch release)."""
    import importlib
    import inspect

    import app.tui

    offenders = []
    for info in pkgutil.walk_packages(app.tui.__path__, "app.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            textual = [base for base in cls.__mro__ if base.__module__.startswith("textual")]
            offenders += [
                f"{cls.__qualname__}.{name}"
                for name, member in vars(cls).items()
                if name.startswith("_")
                and not name.startswith("__")
                and inspect.isfunction(member)  # (not what Textual's metaclass adds)
                and any(name in vars(base) for base in textual)
            ]
    assert offenders == []
