"""`python -m app` runs the draftroom command line."""

from app.cli import main

raise SystemExit(main())
