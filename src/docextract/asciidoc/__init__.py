"""The AsciiDoc front end: preprocess a page, parse its blocks, build the page model."""
