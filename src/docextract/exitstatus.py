"""The exit statuses of the docextract command, one meaning each (documented in the README)."""

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    # An unexpected internal error: a bug in docextract (run again with --traceback and report it).
    INTERNAL_ERROR = 1
    # The command line was wrong: unknown option, missing file, bad value.
    USAGE = 2
    # The documentation has errors: a page, include, annotation or snippet body that is wrong.
    DOCS_ERROR = 3
    # Replayed tests failed (the docs parsed, but what they show is not what the cluster does).
    TESTS_FAILED = 4
    # The cluster could not be reached (or the embedded one could not start).
    CLUSTER_UNREACHABLE = 5
    # Interrupted by the user (Ctrl-C), as shells report SIGINT.
    INTERRUPTED = 130
