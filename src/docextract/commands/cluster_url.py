"""A cluster URL as given: checked, its credentials taken out (percent-decoded), shown only masked."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

from docextract.commands.common import UsageError

# The host of HOST:PORT: an IPv6 address in brackets (or an unclosed one, which holds no password), else up
# to the colon; and a port, which ends where the path, query or fragment starts.
_HOST = re.compile(r"(?P<host>\[[^\]/?#]*\]|\[[0-9A-Fa-f:.]*$|[^:/?#\[]*)(?P<rest>.*)", re.DOTALL)
_PORT = re.compile(r":([0-9]{1,5})(?:[/?#]|$)")


def masked(url: str) -> str:
    """The URL as messages show it: its password replaced by ***, and a user name written alone too, since
    that may be a token. Read from the text, not parsed, so that a URL too broken to parse is masked."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    # Up to the last @: a password may hold an unencoded / or ?; hiding too much is safe, too little not.
    userinfo, at, hostport = rest.rpartition("@")
    if at:
        user, colon, _ = userinfo.partition(":")
        userinfo = f"{user + ':***' if colon else '***'}@"
    return f"{scheme}{sep}{userinfo}{_port_masked(hostport)}"


def _port_masked(hostport: str) -> str:
    """HOST:PORT and what follows, all after HOST masked unless a port (or nothing) comes next: without an
    @, http://elastic:S3cret is a forgotten host as much as a bad port (me@corp.com:S3cret a forgotten one
    after a user name), so what is not a port may be a password, and where it ends is unknown."""
    host, rest = _HOST.match(hostport).group("host", "rest")
    port = _PORT.match(rest)
    if rest in ("", ":") or rest[0] in "/?#" or (port and 0 < int(port[1]) <= 65535):
        return hostport
    return f"{host}:***"


def split(url: str, given_by: str) -> tuple[str, str | None, str | None]:
    """(the URL without credentials, the user and the password written in it, decoded, or None);
    UsageError naming given_by (--cluster, $ELASTICSEARCH_URL) for a URL that names no cluster."""
    shown = masked(url)
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed [ of an IPv6 address
        raise UsageError(
            f"{given_by}: {shown} is not a URL (an IPv6 address is written in brackets: http://[::1]:9200)"
        ) from None
    if parts.scheme not in ("http", "https"):
        bare = "" if "://" in url else f"; add http:// or https:// (http://{shown})"
        raise UsageError(f"{given_by}: {shown} is not an http:// or https:// URL{bare}")
    if "@" in parts.path + parts.query + parts.fragment:
        raise UsageError(
            f"{given_by}: {shown} has an @ after its host; in a user name or password, percent-encode "
            "/ ? # @ (as %2F %3F %23 %40)"
        )
    try:
        port = parts.port  # reading it checks it
    except ValueError:
        port = 0
    if port == 0:
        raise UsageError(
            f"{given_by}: the port of {shown} is not a number from 1 to 65535; write http://HOST:PORT, "
            "with a user name and password before an @ (http://USER:PASSWORD@HOST:PORT)"
        )
    if not parts.hostname:
        raise UsageError(f"{given_by}: {shown} names no host; write http://HOST:PORT")
    if parts.username == "":
        # No cluster knows a user named "", so it can only be a slip (a token belongs in --api-key or
        # --bearer); sent, it would be a 401 far from its cause.
        raise UsageError(
            f"{given_by}: {shown} has no user name before its @; write http://USER:PASSWORD@HOST:PORT, "
            "or leave the @ out"
        )
    bare = urlunsplit(
        (parts.scheme, parts.netloc.rpartition("@")[2], parts.path, parts.query, parts.fragment)
    )
    return bare, _decoded(parts.username), _decoded(parts.password)


def _decoded(text: str | None) -> str | None:
    """A user name or password as every HTTP client sends it: %40 is @."""
    return None if text is None else unquote(text)
