"""The cluster of `docextract run`: its URL and credentials, from the flags and the environment,
checked before any work starts."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass

from docextract.commands import cluster_url
from docextract.commands.common import UsageError
from docextract.environment import Environment
from docextract.runner.transport import Target

# The options that only a cluster given by URL reads: on the embedded cluster they would do nothing.
_CLUSTER_ONLY = ("user", "password_env", "api_key", "bearer", "ca_certs", "insecure", "wipe")


@dataclass(frozen=True)
class _Credential:
    """One way of authenticating, and where it was given (named in messages)."""

    given_by: str  # --user, the URL of --cluster, $ES_API_KEY, …
    user: str | None = None
    password: str | None = None
    api_key: str | None = None
    bearer: str | None = None
    password_env: str | None = None  # where a --user's password is read from


def target(args: argparse.Namespace, env: Environment, prefix: str = "") -> Target:
    """The target of the run; a UsageError for a URL that names no cluster, options that contradict each
    other or would do nothing, a user without a password, a CA file that is not there. prefix is that of
    the options' names (the pytest plugin's `docextract-`)."""

    def option(dest: str) -> str:
        return f"--{prefix}{dest.replace('_', '-')}"

    for dest in ("cluster", "user", "password_env", "api_key", "bearer", "ca_certs"):
        if getattr(args, dest, None) == "":
            raise UsageError(
                f'{option(dest)} is empty (an unset variable in "$…"?); give a value, or leave it out'
            )
    environ = env.environ
    url = args.cluster or environ.get("ELASTICSEARCH_URL", "")
    if not url:
        given = [option(dest) for dest in _CLUSTER_ONLY if getattr(args, dest, None) not in (None, False)]
        if given:
            applies = "applies" if len(given) == 1 else "apply"
            raise UsageError(
                f"{_listed(given)} {applies} only to a cluster given by URL, and this run uses the embedded "
                f"one; give {option('cluster')} URL (or set ELASTICSEARCH_URL), or leave "
                f"{_listed(given, 'or')} out"
            )
        return Target(url="", timeout=args.timeout, retries=args.retries)
    given_by = option("cluster") if args.cluster else "$ELASTICSEARCH_URL"
    url, url_user, url_password = cluster_url.split(url, given_by)
    in_url = _Credential(f"the URL of {given_by}", url_user, url_password) if url_user is not None else None
    credential = _credential(args, environ, option, in_url, bool(args.cluster))
    return Target(
        url=url,
        user=credential.user if credential else None,
        password=credential.password if credential else None,
        api_key=credential.api_key if credential else None,
        bearer=credential.bearer if credential else None,
        verify=_verify(args, environ, option, url),
        timeout=args.timeout,
        retries=args.retries,
        password_env=credential.password_env if credential else None,
    )


def _credential(args, environ, option, in_url: _Credential | None, url_given: bool) -> _Credential | None:
    """The one credential of the run: those given on the command line win over the environment's (set for
    a whole shell), but two of either are refused rather than one silently chosen."""
    password_env = args.password_env or "ES_PASSWORD"
    from_options = [
        credential
        for credential in (
            in_url if url_given else None,
            args.user and _Credential(option("user"), args.user, password_env=password_env),
            args.api_key and _Credential(option("api_key"), api_key=args.api_key),
            args.bearer and _Credential(option("bearer"), bearer=args.bearer),
        )
        if credential
    ]
    env_user, env_key, env_bearer = (
        environ.get(name) for name in ("ES_USER", "ES_API_KEY", "ES_BEARER_TOKEN")
    )
    from_env = [
        credential
        for credential in (
            None if url_given else in_url,
            env_user and _Credential("$ES_USER", env_user, password_env=password_env),
            env_key and _Credential("$ES_API_KEY", api_key=env_key),
            env_bearer and _Credential("$ES_BEARER_TOKEN", bearer=env_bearer),
        )
        if credential
    ]
    kinds = f"give one kind only: {option('user')}, {option('api_key')}, {option('bearer')}"
    if len(from_options) > 1:
        raise UsageError(f"{_listed([c.given_by for c in from_options])} each give credentials; {kinds}")
    if not from_options and len(from_env) > 1:
        raise UsageError(
            f"the environment gives credentials in {_listed([c.given_by for c in from_env])}; unset all but "
            f"one, or choose with an option ({option('user')}, {option('api_key')}, {option('bearer')}), "
            "which wins over the environment"
        )
    chosen = from_options[0] if from_options else from_env[0] if from_env else None
    if args.password_env and (chosen is None or chosen.password_env is None):
        instead = f" ({chosen.given_by} gives the credentials)" if chosen else ""
        raise UsageError(
            f"{option('password_env')} names the variable that holds the password of {option('user')}, "
            f"and no {option('user')} is given{instead}; give {option('user')} NAME, or leave "
            f"{option('password_env')} out"
        )
    if chosen is None or chosen.user is None or chosen.password is not None:
        return chosen
    if chosen.password_env is None:  # a name alone in the URL: it may be a token, so it is not shown
        raise UsageError(
            f"{chosen.given_by} gives a user name but no password; write http://USER:PASSWORD@HOST, or give "
            f"{option('user')} USER with the password in the environment variable ES_PASSWORD"
        )
    password = environ.get(chosen.password_env)
    if password is None:
        # A --user is shown as given; $ES_USER's value is not repeated.
        who = f"{chosen.given_by} {chosen.user}" if chosen.given_by == option("user") else chosen.given_by
        raise UsageError(
            f"{who} needs a password: set the environment variable "
            f"{chosen.password_env} (or name another with {option('password_env')})"
        )
    return _Credential(chosen.given_by, chosen.user, password, password_env=chosen.password_env)


def _verify(args, environ, option, url: str) -> bool | str:
    """How the cluster's TLS certificate is verified: always, unless --insecure; --ca-certs (else
    $ES_CA_CERTS) says against what."""
    given = [option(dest) for dest in ("insecure", "ca_certs") if getattr(args, dest) not in (None, False)]
    if len(given) > 1:
        raise UsageError(
            f"{option('insecure')} turns TLS verification off and {option('ca_certs')} says how to verify; "
            "give one of them"
        )
    if given and not url.startswith("https://"):
        raise UsageError(
            f"{given[0]} applies to https:// URLs, and {url} is plain HTTP (no TLS, nothing to verify); "
            f"write https://, or leave {given[0]} out"
        )
    if args.insecure:
        return False
    if not url.startswith("https://"):
        return True
    ca_certs, given_by = (
        (args.ca_certs, option("ca_certs")) if args.ca_certs else (environ.get("ES_CA_CERTS"), "$ES_CA_CERTS")
    )
    if not ca_certs:
        return True
    if not os.path.exists(ca_certs):
        raise UsageError(
            f"{given_by}: no such file or folder: {ca_certs}; give the PEM file (or folder) of the CA "
            "certificates that signed the cluster's certificate"
        )
    return ca_certs


def _listed(names: list[str], last: str = "and") -> str:
    """--a, --b and --c."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {last} {names[-1]}"
