"""Replay YAML REST test suites against a cluster and return results as data."""
