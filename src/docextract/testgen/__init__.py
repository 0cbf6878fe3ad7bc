"""Elasticsearch-compatible YAML REST tests from doc snippets (RestTestsFromDocSnippetTask's rules)."""
