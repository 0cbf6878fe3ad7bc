"""Rules that compare the pages with the Elasticsearch specification (--es-spec)."""

RULES = ()
