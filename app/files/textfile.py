"""Reading a text a user hands us, with errors that say what is wrong with the file, and
showing text on a terminal.

A NUL byte anywhere means a binary file (refused). Other control characters are not
text: Word's manual line break (U+000B) and form feeds become spaces; terminal escape
sequences, bells and the rest are dropped, so nothing imported can drive the terminal
that shows it. What a draft holds anyway (a hand-edited file, a draft written before names
were checked) is printed through :func:`shown`: seen, never obeyed.
"""

from __future__ import annotations

import re
from pathlib import Path

from app.core.errors import DraftroomError
from app.files.atomic import read_regular

_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAKS = str.maketrans({"\x0b": " ", "\x0c": " ", "\x85": " "})
#: What a terminal must not be handed raw: control characters (a line break aside) and the
#: bidi embeddings, overrides and isolates that reorder what it shows.
_UNSHOWN = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    r"\u2066-\u2069\ufeff]"
)


def clean(text: str) -> str:
    """`text` without control characters (tabs and line breaks kept)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub("", _ESCAPE.sub("", text.translate(_BREAKS)))


def shown(text: str) -> str:
    """`text` as a terminal may be handed it: each control character (a line break aside)
    and bidi override written as its escape (``\\x1b``, ``\\u202e``), to be seen, not obeyed."""
    if not _UNSHOWN.search(text):
        return text
    return _UNSHOWN.sub(lambda found: ascii(found.group())[1:-1], text)


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def read_text(path: Path, purpose: str = "import") -> str:
    """The UTF-8 text of `path`; a DraftroomError for a missing, empty, binary or
    wrongly encoded file, naming the line and column of the first bad byte. `purpose` is
    what the text is read for ("import", "check", "propose"), as an empty file's message
    says it."""
    path = Path(path)
    if not path.exists():
        raise DraftroomError("no such file", path=path)
    if path.is_dir():
        raise DraftroomError("is a folder, not a text file", path=path)
    try:
        data = read_regular(path)  # (a FIFO or a device is named, never read)
    except FileNotFoundError:
        raise DraftroomError("no such file", path=path) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position(data, nul)
        raise DraftroomError(
            "looks like a binary file (it holds a NUL byte), not a text",
            path=path,
            line=line,
            column=column,
            hint="export the document as plain text (UTF-8) and import that file",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        raise DraftroomError(
            f"is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded)",
            path=path,
            line=line,
            column=column,
            hint="save it as UTF-8 (in Word: Save As > Plain Text > Unicode (UTF-8))",
        ) from None
    text = clean(text)
    if not text.strip():
        raise DraftroomError(f"is empty: there is no text to {purpose}", path=path)
    return text
