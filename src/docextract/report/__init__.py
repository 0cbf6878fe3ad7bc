"""Render run results: text for people, JUnit XML and JSON for machines."""
