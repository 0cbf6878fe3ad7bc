"""The cluster of `docextract run`: its URL and credentials, from the flags and the environment,
checked before any work starts."""

from __future__ import annotations

import argparse
from urllib.parse import urlsplit, urlunsplit

from docextract.commands.common import UsageError
from docextract.environment import Environment
from docextract.runner.transport import Target


def target(args: argparse.Namespace, env: Environment) -> Target:
    """The target of the run; a URL with no cluster in it, or a user without a password, is a UsageError."""
    environ = env.environ
    url = args.cluster or environ.get("ELASTICSEARCH_URL", "")
    user = args.user or environ.get("ES_USER") or None
    password = environ.get(args.password_env) if user else None
    if url:
        url, url_user, url_password = _checked(url, "--cluster" if args.cluster else "$ELASTICSEARCH_URL")
        user, password = user or url_user, password if user else url_password
    if user and password is None:
        raise UsageError(
            f"--user {user} needs a password: set the environment variable {args.password_env} "
            "(or name another with --password-env)"
        )
    return Target(
        url=url,
        user=user,
        password=password,
        api_key=args.api_key or environ.get("ES_API_KEY") or None,
        bearer=args.bearer or environ.get("ES_BEARER_TOKEN") or None,
        verify=False if args.insecure else (args.ca_certs or environ.get("ES_CA_CERTS") or True),
        timeout=args.timeout,
        retries=args.retries,
        password_env=args.password_env,
    )


def _checked(url: str, given_by: str) -> tuple[str, str | None, str | None]:
    """(the URL without credentials, the user and password written in it, if any)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        bare = "" if "://" in url else f"; add http:// or https:// (http://{url})"
        raise UsageError(f"{given_by}: {url!r} is not an http:// or https:// URL{bare}")
    try:
        port = parts.port  # reading it checks it
    except ValueError:
        raise UsageError(f"{given_by}: the port of {_safe(parts)} is not a number from 1 to 65535") from None
    if not parts.hostname:
        raise UsageError(f"{given_by}: {_safe(parts)} names no host; write http://HOST:PORT")
    if port == 0:
        raise UsageError(f"{given_by}: the port of {_safe(parts)} is not a number from 1 to 65535")
    return _safe(parts), parts.username, parts.password


def _safe(parts) -> str:
    """The URL without the user and password it may carry: it is shown in reports."""
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
