"""Argument types that say what is wanted, and the options that reach a cluster, shared by `docextract run`
and the pytest plugin. It imports nothing of docextract: the plugin loads it in every pytest run."""

from __future__ import annotations

import argparse
from collections.abc import Callable

TYPE_CHECKING = False  # typing's, without loading typing: see docs/ARCHITECTURE.md, Start-up
if TYPE_CHECKING:
    from typing import Any


def _number(kind, test, wanted: str):
    """An argparse type: the number, or a usage error that says what is wanted."""

    def convert(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number; give {wanted}") from None
        if not test(value):
            raise argparse.ArgumentTypeError(f"{text} is out of range; give {wanted}")
        return value

    convert.__name__ = kind.__name__  # argparse names the type in its own messages
    return convert


positive_int = _number(int, lambda n: n >= 1, "a whole number of 1 or more")
non_negative_int = _number(int, lambda n: n >= 0, "a whole number of 0 or more")
positive_seconds = _number(float, lambda n: 0 < n < 86400, "seconds above 0 (and under a day)")


def add_reach_options(add: Callable[..., Any], prefix: str = "") -> None:
    """The options that reach a cluster: credentials, TLS, --wipe, the timeout and retries. add is an
    argparse group's add_argument (`docextract run`) or a pytest group's addoption (the plugin, whose
    options are prefixed `docextract-`)."""
    add(f"--{prefix}user", metavar="NAME", help="basic authentication user")
    add(
        f"--{prefix}password-env",
        metavar="VAR",
        help=f"environment variable holding the password of --{prefix}user (default ES_PASSWORD)",
    )
    add(f"--{prefix}api-key", metavar="KEY", help="an Elasticsearch API key (prefer $ES_API_KEY)")
    add(f"--{prefix}bearer", metavar="TOKEN", help="a bearer token (prefer $ES_BEARER_TOKEN)")
    add(f"--{prefix}ca-certs", metavar="FILE", help="CA certificates to verify the cluster's TLS certificate")
    add(f"--{prefix}insecure", action="store_true", help="do not verify TLS certificates")
    add(
        f"--{prefix}wipe",
        action="store_true",
        help="on a cluster given, delete every index, data stream, template and pipeline before and "
        "between tests",
    )
    add(
        f"--{prefix}timeout",
        type=positive_seconds,
        default=30.0,
        metavar="SECONDS",
        help="per request (default 30)",
    )
    add(
        f"--{prefix}retries",
        type=non_negative_int,
        default=2,
        metavar="N",
        help="retries of a connection that fails (default 2)",
    )
