"""The cluster of `docextract run`: its URL and credentials, from the flags and the environment,
checked before any work starts."""

from __future__ import annotations

import argparse

from docextract.commands import cluster_url
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
        given_by = "--cluster" if args.cluster else "$ELASTICSEARCH_URL"
        url, url_user, url_password = cluster_url.split(url, given_by)
        if not user and url_user is not None and url_password is None:
            # A name alone in the URL may be a token: it is not shown.
            raise UsageError(
                f"the URL of {given_by} gives a user name but no password; write http://USER:PASSWORD@HOST, "
                "or give --user USER with the password in the environment variable ES_PASSWORD"
            )
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
        password_env=args.password_env if args.user or environ.get("ES_USER") else None,
    )
