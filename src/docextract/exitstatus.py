"""The exit statuses of the docextract command, one meaning each (documented in the README)."""

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    # An unexpected internal error: a bug in docextract (run again with --traceback and report it).
    INTERNAL_ERROR = 1
    # The command line was wrong: unknown option, missing file, bad value, an output that cannot be written.
    USAGE = 2
    # The documentation has errors: a page, include, annotation or snippet body that is wrong.
    DOCS_ERROR = 3
    # Replayed tests failed (the docs parsed, but what they show is not what the cluster does).
    TESTS_FAILED = 4
    # The cluster could not be reached, could not start, or does not look Elasticsearch-compatible.
    CLUSTER_UNREACHABLE = 5
    # Nothing to do: no page under the inputs, or no test selected (pytest says 5 for this; 5 was taken).
    NOTHING_SELECTED = 6
    # A file could not be read or written after the checks at the start (disk full, permissions changed),
    # or a page or include could not be read (page-unreadable, include-unreadable).
    IO_ERROR = 7
    # Stopped by Ctrl-C (SIGINT) or SIGTERM, as shells report them (128 + the signal's number).
    INTERRUPTED = 130
    TERMINATED = 143
