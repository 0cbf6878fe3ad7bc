"""A cluster URL as given: checked, its credentials taken out (percent-decoded), shown only masked."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit, urlunsplit

from docextract.commands.common import UsageError


def masked(url: str) -> str:
    """The URL as messages show it: its password replaced by ***, and a user name written alone too, since
    that may be a token. Read from the text, not parsed, so that a URL too broken to parse is masked."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    # Up to the last @: a password may hold an unencoded / or ?; hiding too much is safe, too little not.
    userinfo, at, after = rest.rpartition("@")
    if not at:
        return url
    user, colon, _ = userinfo.partition(":")
    return f"{scheme}{sep}{user + ':***' if colon else '***'}@{after}"


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
        raise UsageError(f"{given_by}: the port of {shown} is not a number from 1 to 65535")
    if not parts.hostname:
        raise UsageError(f"{given_by}: {shown} names no host; write http://HOST:PORT")
    bare = urlunsplit(
        (parts.scheme, parts.netloc.rpartition("@")[2], parts.path, parts.query, parts.fragment)
    )
    return bare, _decoded(parts.username), _decoded(parts.password)


def _decoded(text: str | None) -> str | None:
    """A user name or password as every HTTP client sends it: %40 is @."""
    return None if text is None else unquote(text)
