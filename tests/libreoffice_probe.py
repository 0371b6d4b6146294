"""LibreOffice, driven through UNO, reads a DOCX for the tests: a program nobody here wrote.

Run by the system Python (`/usr/bin/python3 tests/libreoffice_probe.py PROFILE_DIR`), where
`uno` imports; it must not import Draftroom. It starts one headless soffice with its own
profile, listening on a pipe, then answers one JSON request per line on stdin with one JSON
line on stdout, until stdin closes:

    {"path": "/tmp/x.docx", "then": "accept" | "reject" | null}
    -> {"paragraphs": [...], "footnotes": [...], "redlines": [{"author", "date", "type"}],
        "recording": true}

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
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


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

    def close(self) -> None:
        with contextlib.suppress(Exception):  # soffice may already be gone
            self.desktop.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def main() -> int:
    office = Office(sys.argv[1])
    print(json.dumps({"ready": True}), flush=True)
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            try:
                answer = office.read(request["path"], request.get("then"))
            except Exception:
                answer = {"error": traceback.format_exc()}
            print(json.dumps(answer), flush=True)
    finally:
        office.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
