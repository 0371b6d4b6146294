"""LibreOffice, driven through UNO, reads a DOCX for the tests: a program nobody here wrote.

Run by the system Python (`/usr/bin/python3 tests/libreoffice_probe.py PROFILE_DIR`), where
`uno` imports; it must not import Draftroom. It starts one headless soffice with its own
profile, listening on a pipe, then answers one JSON request per line on stdin with one JSON
line on stdout, until stdin closes:

    {"path": "/tmp/x.docx", "then": "accept" | "reject" | null}
    -> {"paragraphs": [...], "footnotes": [...], "redlines": [{"author", "date", "type"}],
        "recording": true}

    {"compose": SPEC, "docx": "/tmp/zero.docx", "pdf": "/tmp/zero.pdf"} -> {"done": true}
        writes a document as a secretariat officer types one in Writer: a masthead, the
        title, paragraphs numbered by a list style (1., (a)), italic openers, real
        footnotes, a header with the symbol and a footer with the job number and the page
        number; SPEC = {"header", "footer", "blocks": [{"style", "level" (null: not
        numbered), "restart" (numbering starts again at 1), "runs": [{"text", "italic",
        "superscript", "note"}]}]}

    {"edit": "/tmp/in.docx", "out": "/tmp/out.docx", "author": "EU",
     "replace": [[old, new], ...], "insert_after": [[words, new paragraph], ...],
     "delete": [words, ...]} -> {"done": true}
        the document edited as a delegate does, with Track Changes recording, as `author`:
        each `old` (first occurrence) replaced, a paragraph typed after the one holding
        `words`, the paragraph holding `words` deleted.

"paragraphs" are the body's paragraph strings after accepting or rejecting every tracked
change (or as opened); "redlines" are the tracked changes as LibreOffice lists them, read
before any is accepted or rejected.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import traceback

import uno  # type: ignore[import-not-found]
from com.sun.star.awt.FontSlant import ITALIC  # type: ignore[import-not-found]
from com.sun.star.awt.FontSlant import NONE as NO_SLANT  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]
from com.sun.star.text.ControlCharacter import (  # type: ignore[import-not-found]
    PARAGRAPH_BREAK,
)


def _prop(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


class Office:
    def __init__(self, profile: str) -> None:
        pipe = f"draftroom_probe_{os.getpid()}"
        self.process = subprocess.Popen(
            [
                "soffice", "--headless", "--invisible", "--nologo", "--norestore",
                "--nodefault", "--nolockcheck", f"-env:UserInstallation=file://{profile}",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                self.context = resolver.resolve(
                    f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
                )
                break
            except NoConnectException:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.2)
        manager = self.context.ServiceManager
        self.configuration = manager.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", self.context
        )
        self.desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", self.context)
        self.dispatcher = manager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", self.context
        )

    def read(self, path: str, then: str | None) -> dict[str, object]:
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        document = self.desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))
        try:
            redlines = []
            enumeration = document.Redlines.createEnumeration()
            while enumeration.hasMoreElements():
                redline = enumeration.nextElement()
                when = redline.RedlineDateTime
                redlines.append({
                    "author": redline.RedlineAuthor,
                    "type": redline.RedlineType,
                    "date": f"{when.Year:04d}-{when.Month:02d}-{when.Day:02d}",
                })  # fmt: skip
            recording = bool(document.getPropertyValue("RecordChanges"))
            if then:
                command = {"accept": ".uno:AcceptAllTrackedChanges",
                           "reject": ".uno:RejectAllTrackedChanges"}[then]  # fmt: skip
                frame = document.getCurrentController().getFrame()
                self.dispatcher.executeDispatch(frame, command, "", 0, ())
            paragraphs = []
            enumeration = document.Text.createEnumeration()
            while enumeration.hasMoreElements():
                element = enumeration.nextElement()
                if element.supportsService("com.sun.star.text.Paragraph"):
                    paragraphs.append(element.getString())
            footnotes = []
            notes = document.getFootnotes()
            for index in range(notes.getCount()):
                note = notes.getByIndex(index)
                footnotes.append({"label": note.getAnchor().getString(), "text": note.getString()})
            return {
                "paragraphs": paragraphs, "footnotes": footnotes, "redlines": redlines,
                "recording": recording,
            }  # fmt: skip
        finally:
            document.close(True)

    def _store(self, document: object, path: str, filter_name: str) -> None:
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        document.storeToURL(url, (_prop("FilterName", filter_name),))  # type: ignore[attr-defined]

    def compose(self, spec: dict[str, object], docx: str, pdf: str | None) -> dict[str, object]:
        document = self.desktop.loadComponentFromURL(
            "private:factory/swriter", "_blank", 0, (_prop("Hidden", True),)
        )
        try:
            _list_style(document)
            _page_furniture(document, str(spec["header"]), str(spec["footer"]))
            text = document.Text
            cursor = text.createTextCursor()
            list_id = ""  # one list through the document, across the headings
            blocks = spec["blocks"]
            assert isinstance(blocks, list)
            for index, block in enumerate(blocks):
                if index:
                    text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
                cursor.ParaStyleName = block["style"]
                if block.get("level") is None:
                    cursor.NumberingStyleName = ""
                else:
                    cursor.NumberingStyleName = "UN paragraphs"
                    cursor.NumberingLevel = block["level"]
                    if list_id and not block.get("restart"):
                        cursor.ListId = list_id
                    cursor.ParaIsNumberingRestart = bool(block.get("restart"))
                    list_id = cursor.ListId
                for run in block["runs"]:
                    if run.get("note") is not None:
                        note = document.createInstance("com.sun.star.text.Footnote")
                        text.insertTextContent(cursor, note, False)
                        note.getText().setString(run["note"])
                        continue
                    cursor.CharPosture = ITALIC if run.get("italic") else NO_SLANT
                    cursor.CharEscapement = 33 if run.get("superscript") else 0
                    cursor.CharEscapementHeight = 58 if run.get("superscript") else 100
                    text.insertString(cursor, run["text"], False)
            self._store(document, docx, "MS Word 2007 XML")
            if pdf:
                self._store(document, pdf, "writer_pdf_Export")
            return {"done": True}
        finally:
            document.close(True)

    def edit(self, request: dict[str, object]) -> dict[str, object]:
        access = self.configuration.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            (_prop("nodepath", "/org.openoffice.UserProfile/Data"),),
        )
        access.setPropertyValue("givenname", request["author"])
        access.setPropertyValue("sn", "")
        access.commitChanges()
        url = uno.systemPathToFileUrl(os.path.abspath(str(request["edit"])))
        document = self.desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))
        try:
            document.RecordChanges = True
            for old, new in request.get("replace", []):  # type: ignore[attr-defined]
                _found(document, old).setString(new)
            for words, new in request.get("insert_after", []):  # type: ignore[attr-defined]
                found = _found(document, words)
                cursor = document.Text.createTextCursorByRange(found)
                cursor.gotoEndOfParagraph(False)
                document.Text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
                document.Text.insertString(cursor, new, False)
            for words in request.get("delete", []):  # type: ignore[attr-defined]
                found = _found(document, words)
                cursor = document.Text.createTextCursorByRange(found)
                cursor.gotoStartOfParagraph(False)
                cursor.gotoEndOfParagraph(True)
                cursor.goRight(1, True)  # the paragraph mark too: the paragraph goes
                cursor.setString("")
            self._store(document, str(request["out"]), "MS Word 2007 XML")
            return {"done": True}
        finally:
            document.close(True)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # soffice may already be gone
            self.desktop.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _found(document: object, words: str) -> object:
    search = document.createSearchDescriptor()  # type: ignore[attr-defined]
    search.SearchString = words
    found = document.findFirst(search)  # type: ignore[attr-defined]
    if found is None:
        raise LookupError(f"{words!r} is not in the document")
    return found


def _list_style(document: object) -> None:
    """A list style "1." then "(a)", the way a secretariat numbers operative paragraphs."""
    styles = document.StyleFamilies.getByName("NumberingStyles")  # type: ignore[attr-defined]
    style = document.createInstance("com.sun.star.style.NumberingStyle")  # type: ignore[attr-defined]
    styles.insertByName("UN paragraphs", style)
    rules = style.NumberingRules
    for level, (kind, prefix, suffix) in enumerate([(4, "", "."), (1, "(", ")")]):
        props = list(rules.getByIndex(level))
        for prop in props:
            if prop.Name == "NumberingType":
                prop.Value = kind
            elif prop.Name == "Prefix":
                prop.Value = prefix
            elif prop.Name == "Suffix":
                prop.Value = suffix
        uno.invoke(
            rules, "replaceByIndex",
            (level, uno.Any("[]com.sun.star.beans.PropertyValue", tuple(props))),
        )  # fmt: skip
    style.NumberingRules = rules


def _page_furniture(document: object, header: str, footer: str) -> None:
    """The symbol in the running header; the job number and the page number in the footer."""
    pages = document.StyleFamilies.getByName("PageStyles")  # type: ignore[attr-defined]
    page = pages.getByName("Standard")
    page.HeaderIsOn = True
    page.HeaderText.setString(header)
    page.FooterIsOn = True
    text = page.FooterText
    text.setString(footer + "\t")
    number = document.createInstance("com.sun.star.text.TextField.PageNumber")  # type: ignore[attr-defined]
    number.NumberingType = 4
    number.SubType = uno.Enum("com.sun.star.text.PageNumberType", "CURRENT")
    text.insertTextContent(text.getEnd(), number, False)


def _answer(office: Office, request: dict[str, object]) -> dict[str, object]:
    if "compose" in request:
        return office.compose(request["compose"], str(request["docx"]), request.get("pdf"))  # type: ignore[arg-type]
    if "edit" in request:
        return office.edit(request)
    return office.read(str(request["path"]), request.get("then"))  # type: ignore[arg-type]


def main() -> int:
    office = Office(sys.argv[1])
    print(json.dumps({"ready": True}), flush=True)
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            try:
                answer = _answer(office, request)
            except Exception:
                answer = {"error": traceback.format_exc()}
            print(json.dumps(answer), flush=True)
    finally:
        office.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
