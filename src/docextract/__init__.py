"""docextract: AsciiDoc REST API reference pages to page YAML, REST test suites and replayed results."""

__version__ = "0.1.0"
