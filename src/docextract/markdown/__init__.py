"""The Markdown front end: Elastic's 9.x reference pages (MyST, as docs-builder reads them), as pages."""

from docextract.syntax.markup import MARKDOWN_SUFFIXES

# Defined where the messages of every stage can tell a Markdown page's snippets by them (syntax/markup.py).
SUFFIXES = MARKDOWN_SUFFIXES

# docs-builder's docset file: its folder is the root of a Markdown docs tree, its `subs:` the substitutions.
DOCSET_NAMES = ("docset.yml", "_docset.yml")
