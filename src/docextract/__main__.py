"""Allow `python -m docextract`."""

from docextract.cli import main

raise SystemExit(main())
