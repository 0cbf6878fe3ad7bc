"""Elasticsearch-compatible YAML REST tests from doc snippets (RestTestsFromDocSnippetTask's rules)."""

# DocsTestPlugin's default substitutions: {version} and friends, given values with --set.
DEFAULT_NAMES = ("version", "version_qualified", "lucene_version", "build_flavor", "build_type")
