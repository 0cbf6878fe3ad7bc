"""Named setups and teardowns read out of Elasticsearch's docs/build.gradle."""

from docextract.gradle.read import read_gradle

__all__ = ["read_gradle"]
