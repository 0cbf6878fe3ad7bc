"""A request that was sent, as a curl command a reader can paste to replay it (credentials masked)."""

from __future__ import annotations

import shlex

from docextract.results import Sent


def curl(sent: Sent, auth_shown: str | None = None) -> str:
    """The request as a ready-to-paste curl command (credentials masked)."""
    parts = ["curl", "-X", sent.method, shlex.quote(sent.url)]
    if auth_shown:
        parts.append(auth_shown)
    for name, value in sent.headers.items():
        parts += ["-H", shlex.quote(f"{name}: {value}")]
    if sent.body is not None:
        parts += ["--data-binary", shlex.quote(sent.body)]
    return " ".join(parts)
