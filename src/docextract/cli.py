"""The docextract command: argument parsing and the one error boundary that sets the exit status."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from types import ModuleType

from docextract import __version__, collector, project, signals
from docextract.commands import helpformat
from docextract.commands.common import NothingSelected, UsageError
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from docextract.projectkeys import SettingsFileError

# Each command's name and module (under docextract.commands), in the order --help lists them. A run
# imports the module of its own command only: the others' imports cost more than a cached run's work.
COMMANDS = {
    "convert": "convert",
    "tests": "tests",
    "list": "listing",
    "run": "run",
    "validate": "validate",
    "rules": "catalogue",
    "config": "config",
}


def command_module(name: str) -> ModuleType:
    """The module of the command of this name: its NAME, HELP, add_parser."""
    return import_module(f"docextract.commands.{COMMANDS[name]}")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser, every command with its options; given the arguments, only what they
    need: the command they name, or, naming none (--help, a mistyped name), every command listed without
    its options. Building every command's parser costs more than some runs' work."""
    named = next((a for a in (argv or ()) if not a.startswith("-")), None)
    built = list(COMMANDS) if argv is None else [named] if named in COMMANDS else []
    parser = argparse.ArgumentParser(
        prog="docextract",
        description="Understand, test and replay the examples of REST API reference pages "
        "(AsciiDoc, Markdown).",
        epilog="Run `docextract COMMAND --help` for the options of a command. Exit statuses: 0 ok, "
        "1 internal error, 2 usage, 3 docs error, 4 tests failed, 5 cluster unreachable, 6 nothing selected, "
        "7 I/O error, 130 interrupted, 143 terminated.",
        formatter_class=helpformat.HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"docextract {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for name in built:
        command_module(name).add_parser(subparsers)
    if not built:
        for name in COMMANDS:
            help = command_module(name).HELP
            subparsers.add_parser(name, help=help, formatter_class=helpformat.HelpFormatter)
    return parser


def main(argv: list[str] | None = None, env: Environment | None = None) -> int:
    env = env or Environment()
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    try:
        args, unknown = parser.parse_known_args(argv)
        if unknown:  # argparse would report it with the usage of docextract, not of the command
            args.command_parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    except SystemExit as exit_:  # argparse has printed its message (or --help)
        return int(exit_.code or 0)
    collector.freeze_at_exit()  # every command leaves a heap the interpreter's last pass need not walk
    try:
        project.apply(args)  # the settings file fills the options not given, before any page is read
        with signals.handled():
            return int(args.run(args, env))
    except SettingsFileError as err:
        env.stderr.write(err.render())
        return ExitStatus.USAGE
    except UsageError as err:
        env.stderr.write(f"docextract: error: {err}\n")
        return ExitStatus.USAGE
    except NothingSelected as err:
        env.stderr.write(f"docextract: nothing to do: {err}\n")
        return ExitStatus.NOTHING_SELECTED
    except KeyboardInterrupt as err:
        env.stderr.write(f"docextract: interrupted by {signals.name_of(err)}\n")
        return signals.status_of(err)
    except BrokenPipeError:  # `docextract convert … | head` is not an error
        sys.stderr.close()
        return ExitStatus.OK
    except OSError as err:  # after the checks at the start: a disk that filled up, a permission changed
        where = f" {err.filename}" if err.filename else ""
        env.stderr.write(f"docextract: error: cannot read or write{where}: {err.strerror or err}\n")
        return ExitStatus.IO_ERROR
    except Exception as err:
        if getattr(args, "traceback", False):
            import traceback

            traceback.print_exc(file=env.stderr)
        else:
            env.stderr.write(
                f"docextract: internal error: {err!r}\n"
                "(this is a bug: run again with --traceback and report it)\n"
            )
        return ExitStatus.INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
