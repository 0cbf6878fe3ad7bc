"""The Lark grammars of docextract, packaged so that an installed copy can load them."""
