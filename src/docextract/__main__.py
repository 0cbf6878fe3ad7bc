"""The docextract command's entry point: the `docextract` script and `python -m docextract`."""

from docextract import firstuse, syntax


def main() -> int:
    """Run the command line in this process, which is the command's own."""
    # Loaded with what every run needs, used by none of a run from the page cache (a third of its time):
    # inspect, which dataclasses loads for a class with no docstring (ours all have one), and ipaddress,
    # which urllib.parse loads for a URL with an IPv6 host (pathlib loads urllib.parse for as_uri).
    firstuse.defer("inspect", "ipaddress")
    syntax.defer_lark_extras()  # before a command's modules import Lark (run's do, to check patterns)
    from docextract.cli import main as command_line

    return command_line()


if __name__ == "__main__":
    raise SystemExit(main())
