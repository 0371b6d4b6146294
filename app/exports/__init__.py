"""Drafts out: clean, bracketed and tracked exports as txt, md, html and docx."""

#: What an export can be (here, so the command line names them without loading the writers).
MODES = ("clean", "bracketed", "tracked")
FORMATS = ("txt", "md", "html", "docx")
#: Formats printed to the terminal when no file is named; html and docx always go to a file.
STDOUT_FORMATS = ("txt", "md")
