"""Rules on API reference pages: request section, parameters, response codes, anchors."""

RULES = ()
