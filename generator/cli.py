"""The command line: `policynote build` and `policynote check`. Exit 0 done, 1 problems, 2 usage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .build import build, check
from .problems import Problems
from .writers import WRITERS


def _formats(text: str) -> list[str]:
    """Parse --format md,html,docx, keeping the table's order."""
    asked = {name.strip() for name in text.split(",") if name.strip()}
    unknown = asked - WRITERS.keys()
    if unknown or not asked:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(sorted(unknown)) or '(none)'}; choose from {','.join(WRITERS)}")
    return [name for name in WRITERS if name in asked]


def parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    main = argparse.ArgumentParser(prog="policynote", description=__doc__.split(":")[0])
    main.add_argument("--version", action="version", version=f"policynote {__version__}")
    commands = main.add_subparsers(dest="command", required=True)
    for name, helptext in (("build", "build every document into --out"),
                           ("check", "check the sources and templates, writing nothing")):
        sub = commands.add_parser(name, help=helptext, description=helptext)
        sub.add_argument("--notes", type=Path, default=Path("notes"), help="sources (default: notes)")
        sub.add_argument("--templates", type=Path, default=Path("templates"),
                         help="templates and house style (default: templates)")
        sub.add_argument("--strict", action="store_true", help="fail on warnings too")
        if name == "build":
            sub.add_argument("--out", type=Path, default=Path("build"), help="output (default: build)")
            sub.add_argument("--format", type=_formats, default=list(WRITERS), dest="formats",
                             help=f"comma-separated formats (default: {','.join(WRITERS)})")
    return main


def report(problems: Problems, strict: bool) -> int:
    """Print every problem to stderr; return the exit code they call for."""
    items = problems.sorted()
    for problem in items:
        print(problem.format(), file=sys.stderr)
    failed = problems.failed(strict)
    if items:
        errors = len(problems.errors)
        print(f"{errors} error(s), {len(items) - errors} warning(s)"
              + (": nothing was written" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


def run(argv: list[str] | None = None) -> int:
    """Run a command and return its exit code (tests call this directly)."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if args.command == "check":
        result = check(args.notes, args.templates, args.strict)
        return report(result.problems, args.strict)
    result = build(args.notes, args.out, args.templates, args.formats, args.strict)
    code = report(result.problems, args.strict)
    if code == 0:
        print(f"built {len(result.documents)} document(s) into {args.out.as_posix()}/ "
              f"({', '.join(args.formats)}; {len(result.files)} files)")
    return code


def main() -> None:
    """Console entry point."""
    try:
        sys.exit(run())
    except KeyboardInterrupt:
        sys.exit(130)
