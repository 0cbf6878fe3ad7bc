"""The docextract command's entry point: the `docextract` script and `python -m docextract`."""

from docextract import firstuse, syntax


def defer_unused() -> None:
    """Leave the modules the command's process loads for nothing to their first use (firstuse.py)."""
    # Loaded with what every run needs, used by none of a run from the page cache (a third of its time):
    # inspect, which dataclasses loads for a class with no docstring (ours all have one), and ipaddress,
    # which urllib.parse loads for a URL with an IPv6 host (pathlib loads urllib.parse for as_uri).
    # And what osmem_server loads for its own client, which docextract does not use (runner/clones.py
    # asks the server for clones itself): urllib.request, with http.client, email and ssl (10 ms of each
    # process that starts an embedded cluster), and platform, for an error message.
    firstuse.defer("inspect", "ipaddress", "urllib.request", "urllib.error", "platform")
    syntax.defer_lark_extras()  # before a command's modules import Lark (run's do, to check patterns)


def main() -> int:
    """Run the command line in this process, which is the command's own."""
    defer_unused()
    from docextract.cli import main as command_line

    return command_line()


if __name__ == "__main__":
    raise SystemExit(main())
