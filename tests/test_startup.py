"""Opening the room loads only what the room needs (issue 20: it starts within 1.3x of a
bare Textual app, measured by `make bench-tui`): not the other commands' modules, parsers,
exports, importers or the glossary. Checked by the modules a fresh interpreter holds, not
by timing; and the lean parser of `open` reads every command line as the whole one does."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

import pytest

from app.cli import build_parser
from app.core.delegations import Registry, bundled, bundled_module

from .conftest import ROOT

#: What `draftroom open` must not import on its way to the first frame.
NOT_AT_START_UP = (
    "app.cli.documents", "app.cli.agreed", "app.cli.recording", "app.cli.history",
    "app.cli.gitmerge", "app.cli.live", "app.cli.sources", "app.exports", "app.importers",
    "app.glossary", "app.live", "app.tui.screens", "app.tui.importing", "app.tui.recording",
    "app.tui.widgets.answer_line",
    "rapidfuzz", "numpy", "docx", "lxml", "pypdfium2",
    "starlette", "uvicorn", "watchfiles", "statistics",
)  # fmt: skip


def modules_after(argv: list[str]) -> tuple[int, set[str]]:
    """The exit code of `draftroom ARGV` in a fresh interpreter, and the modules it held."""
    probe = (
        "import json, sys\nfrom app.cli import main\ncode = main(sys.argv[1:])\n"
        "print(json.dumps([code, sorted(sys.modules)]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *argv], capture_output=True, text=True, cwd=ROOT,
        check=True,
    )  # fmt: skip
    code, modules = json.loads(done.stdout.splitlines()[-1])
    return code, set(modules)


def loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(m.startswith(name + ".") for m in modules)


def test_opening_the_room_loads_the_room_and_not_the_other_commands(tmp_path):
    # a folder that is not a draft: the room is imported, then refuses it before the screen
    code, modules = modules_after(["open", str(tmp_path / "no-such-draft")])
    assert code == 2
    assert "app.tui.app" in modules and "textual.app" in modules
    assert [name for name in NOT_AT_START_UP if loaded(modules, name)] == []


def test_another_command_still_has_every_command_to_hand(tmp_path):
    code, modules = modules_after(["status", str(tmp_path / "no-such-draft")])
    assert code == 2
    assert {"app.cli.documents", "app.cli.gitmerge", "app.cli.live"} <= modules
    assert "textual" not in modules


def parsed(argv: list[str], *, only_open: bool) -> tuple[object, str, str]:
    """What a parser makes of `argv`: the options (or the exit code), stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(build_parser(only_open=only_open).parse_args(argv))
        except SystemExit as exit:
            result = exit.code
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "argv",
    [
        [], ["open"], ["open", "my-draft"], ["open", "--help"], ["open", "-h"],
        ["open", "a", "b"], ["open", "--bogus"], ["open", "--fol", "d"],
        ["open", "--follow", "--projector", "d"], ["open", "--", "-d"],
    ],
)  # fmt: skip
def test_the_open_command_alone_reads_a_command_line_as_the_whole_parser_does(argv):
    assert parsed(argv, only_open=True) == parsed(argv, only_open=False)


def test_the_bundled_delegations_load_from_a_python_form_that_says_what_the_toml_says():
    """`delegations.toml` is the list people edit; the room reads its Python form (ten
    times faster): `make delegations` writes it again after an edit."""
    written = (ROOT / "app" / "core" / "delegations_bundled.py").read_text(encoding="utf-8")
    assert written == bundled_module(), "delegations.toml changed: run `make delegations`"
    names = {d.name for d in bundled()}
    assert {"African Group", "Côte d'Ivoire", "United States of America"} <= names
    assert Registry().spelling("cote d'ivoire") == "Côte d'Ivoire"


def test_the_open_command_line_is_read_before_the_draft_s_modules_are_loaded():
    """The session, the store and the core are imported by the room once the garbage
    collector is off (`app.tui.open_room`), not while the command line is read."""
    probe = (
        "import sys\nfrom app.cli import build_parser\n"
        "build_parser(only_open=True).parse_args(['open', 'my-draft'])\n"
        "print(sorted(m for m in ('app.session', 'app.store', 'textual') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"
