"""The AsciiDoc front end: preprocess a page, parse its blocks, build the page model."""

# The files it reads; kept here, apart from the parsers, so that finding pages loads no grammar.
SUFFIXES = (".asciidoc", ".adoc")
