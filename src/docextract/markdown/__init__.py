"""The Markdown front end: Elastic's 9.x reference pages (MyST, as docs-builder reads them), as pages."""

SUFFIXES = (".md",)
# docs-builder's docset file: its folder is the root of a Markdown docs tree, its `subs:` the substitutions.
DOCSET_NAMES = ("docset.yml", "_docset.yml")
