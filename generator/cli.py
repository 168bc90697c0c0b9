"""The command line: build, serve, check, schema, new, translated. Exit 0 done, 1 problems, 2 bad command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__, clock, scaffold
from .fields import did_you_mean, id_problem
from .problems import WARNINGS, Mark, Problems, silence
from .writers import WRITERS, unavailable

# Each command imports what it needs when it runs (the builder, the writers, the release), so
# that --help, new and schema start at once.


def _formats(text: str) -> list[str]:
    """Parse --format md,html,docx, keeping the table's order."""
    asked = {name.strip() for name in text.split(",") if name.strip()}
    unknown = asked - WRITERS.keys()
    if unknown or not asked:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(sorted(unknown)) or '(none)'}; choose from {','.join(WRITERS)}")
    return [name for name in WRITERS if name in asked]


def _jobs(text: str) -> int:
    """--jobs: a number of processes from 1 up."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"--jobs takes a whole number from 1, not {text!r}")
    return int(text)


def _port(text: str) -> int:
    """--port: 0 (any free port) to 65535."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"--port takes a number from 0 to 65535, not {text!r}")
    return int(text)


def _kind(text: str) -> str:
    """A kind of record for `new`, with hyphens or underscores."""
    kind = scaffold.kind_named(text)
    if kind is None:
        hint = did_you_mean(text, scaffold.KINDS) or f"choose from {', '.join(scaffold.KINDS)}"
        raise argparse.ArgumentTypeError(f"no kind of record is called {text!r} ({hint})")
    return kind


def _safe_id(text: str) -> str:
    """An id argument, which must be safe as a file name."""
    problem = id_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(f"{problem}; use lower-case letters, digits and hyphens")
    return text


def _sources(sub: argparse.ArgumentParser) -> None:
    """The options every command that reads sources takes."""
    sub.add_argument("--notes", type=Path, default=Path("notes"), help="sources (default: notes)")
    sub.add_argument("--templates", type=Path, default=Path("templates"),
                     help="templates and house style (default: templates)")
    sub.add_argument("--strict", action="store_true", help="fail on warnings too")
    sub.add_argument("--ignore", type=_warning_kinds, default=set(), metavar="CODE[,CODE]",
                     help=f"leave out warnings of these kinds: {', '.join(WARNINGS)}")


def _warning_kinds(text: str) -> set[str]:
    """Kinds of warning (their codes, as each warning ends with), comma-separated."""
    codes = {code.strip() for code in text.split(",") if code.strip()}
    unknown = sorted(codes - WARNINGS.keys())
    if unknown:
        hint = did_you_mean(unknown[0], WARNINGS)
        raise argparse.ArgumentTypeError(f"no kind of warning is called '{unknown[0]}'"
                                         f"{f' ({hint})' if hint else ''}; the kinds: {', '.join(WARNINGS)}")
    return codes


def parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    main = argparse.ArgumentParser(prog="policynote", description="Build policy publications from YAML sources.")
    main.add_argument("--version", action="version", version=f"policynote {__version__}")
    commands = main.add_subparsers(dest="command", required=True)
    sub = commands.add_parser("build", help="build every document into --out")
    _sources(sub)
    sub.add_argument("--out", type=Path, default=Path("build"), help="output (default: build)")
    sub.add_argument("--format", type=_formats, dest="formats",
                     help=f"comma-separated formats (default: {','.join(WRITERS)}, those this machine can write)")
    sub.add_argument("--jobs", type=_jobs, default=1, help="processes rendering and writing documents (default: 1)")
    sub = commands.add_parser("serve", help="preview the documents in a browser, built again at every save")
    sub.add_argument("--notes", type=Path, default=Path("notes"), help="sources (default: notes)")
    sub.add_argument("--templates", type=Path, default=Path("templates"),
                     help="templates and house style (default: templates)")
    sub.add_argument("--port", type=_port, default=8000, help="port (default: 8000; 0: any free one)")
    sub.add_argument("--host", default="127.0.0.1",
                     help="address to serve on (default: 127.0.0.1, this machine only)")
    sub.add_argument("--open", action="store_true", dest="open_page", help="open the index in the browser")
    sub = commands.add_parser("release", help="build, then bundle the build into a zip in --dist")
    _sources(sub)
    sub.add_argument("--out", type=Path, default=Path("build"), help="output (default: build)")
    sub.add_argument("--dist", type=Path, default=Path("dist"), help="where the zip goes (default: dist)")
    sub.add_argument("--edition", help="the edition the release carries, such as a git tag"
                     " (default: project.yaml's edition, else the date of the newest document)")
    sub.add_argument("--since", type=Path, help="the previous release (.zip): put what changed since it in the bundle")
    sub = commands.add_parser("check", help="check sources and templates, writing nothing")
    _sources(sub)
    sub.add_argument("--format", choices=("text", "json"), default="text", dest="output",
                     help="text for people (default), json for tools")
    sub = commands.add_parser("coverage", help="how far the evidence covers the Action Plan, and its gaps")
    sub.add_argument("--notes", type=Path, default=Path("notes"), help="sources (default: notes)")
    sub.add_argument("--strict", action="store_true", help="fail when there are gaps")
    sub.add_argument("--format", choices=("text", "json"), default="text", dest="output",
                     help="text for people (default), json for tools")
    sub = commands.add_parser("changes", help="what readers will see changed in each document, and why")
    _sources(sub)
    sub.add_argument("--since", type=Path, default=Path("build"),
                     help="the build folder or release bundle (.zip) to compare with (default: build)")
    sub.add_argument("--to", type=Path, help="a later build or release (default: the sources as they are now)")
    sub.add_argument("--html", type=Path, help="also write the report as a page, for people")
    sub = commands.add_parser("schema", help="write the JSON Schema of every source file")
    sub.add_argument("--out", type=Path, default=Path("schema"), help="folder (default: schema)")
    sub = commands.add_parser("translated", help="mark translations as translating their sources as they are now")
    sub.add_argument("files", type=Path, nargs="+", metavar="FILE", help="translations: policy-note-07.de.yaml ...")
    sub.add_argument("--notes", type=Path, default=Path("notes"), help="sources (default: notes)")
    sub = commands.add_parser("new", help="write a commented skeleton of a new record")
    sub.add_argument("kind", type=_kind, help=f"what to create: {', '.join(scaffold.KINDS)}")
    sub.add_argument("id", type=_safe_id, help="its id (lower-case letters, digits, hyphens)")
    sub.add_argument("--notes", type=Path, default=Path("notes"), help="sources (default: notes)")
    return main


def report(problems: Problems, strict: bool, output: str = "text") -> int:
    """Print every problem (text to stderr, or JSON to stdout); return the exit code."""
    items, failed = problems.sorted(), problems.failed(strict)
    errors = sum(problem.severity == "error" for problem in items)
    if output == "json":
        print(json.dumps({"problems": [p.as_dict() for p in items], "errors": errors,
                          "warnings": len(items) - errors, "failed": failed}, indent=2, ensure_ascii=False))
        return 1 if failed else 0
    for problem in items:
        print(problem.format(), file=sys.stderr)
    if items:
        print(f"{errors} error(s), {len(items) - errors} warning(s)"
              + (": nothing was written" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


def _build(args) -> int:
    from .build import build
    if clock.epoch_problem():
        print(f"policynote: error: {clock.epoch_problem()}", file=sys.stderr)
        return 2
    formats = _writable(getattr(args, "formats", None), required=args.command == "release" or args.strict)
    if formats is None:
        return 1
    result = build(args.notes, args.out, args.templates, formats, args.strict,
                   getattr(args, "jobs", 1), getattr(args, "edition", None))
    code = report(result.problems, args.strict)
    if code == 0 and result.up_to_date:
        print(f"{args.out.as_posix()}/ is up to date ({result.reused} document(s)): nothing changed")
    elif code == 0:
        print(f"built {len(result.documents)} document(s) into {args.out.as_posix()}/ ({result.written} made,"
              f" {result.reused} unchanged; {result.files} files)")
        for change in result.changes:  # an edit to one record never silently rewrites a document
            print(change.summary())
    return code


def _serve(args) -> int:
    from .serve import serve
    formats = _writable(None, required=False)
    return serve(args.notes, args.templates, formats, args.host, args.port, args.open_page)


def _writable(asked: list[str] | None, required: bool) -> list[str] | None:
    """The formats to build: those asked for, else every one this machine can write. A format
    asked for (or any, when all are `required`: a release, or --strict, where warnings fail) that
    this machine cannot write is an error: None."""
    lacking = unavailable(asked or WRITERS)
    for name, why in lacking.items():
        severity = "error" if asked or required else "warning"
        print(f"policynote: {severity}: no {WRITERS[name].label} files: {why}", file=sys.stderr)
    if lacking and (asked or required):
        return None
    return [name for name in asked or WRITERS if name not in lacking]


def _release(args) -> int:
    from . import changes, release
    from .publish import PublishError, locked
    uncommitted = release.uncommitted([args.notes, args.templates])
    if uncommitted:
        shown = ", ".join(uncommitted[:3]) + (f" and {len(uncommitted) - 3} more" if len(uncommitted) > 3 else "")
        print(f"policynote: {'error' if args.strict else 'warning'}: changes not yet committed ({shown}):"
              " this release could not be made again from a commit (commit them first)", file=sys.stderr)
        if args.strict:
            return 1
    try:
        with locked(args.out):  # from the build to the bundle: no other build or release changes --out
            return _release_locked(args, uncommitted)
    except PublishError as exc:
        return report(Problems.of(Mark(args.out.as_posix()), str(exc)), strict=False)
    except changes.ChangesError as exc:
        print(f"policynote: error: {exc}", file=sys.stderr)
        return 1


def _release_locked(args, uncommitted: list[str]) -> int:
    """Build, then bundle the build, with the lock of --out held."""
    from . import changes, release
    from .theme import Theme
    old = changes.read(args.since).documents if args.since is not None else None  # before the build
    code = _build(args)
    if code != 0:
        return code
    since = args.since.name if args.since is not None else None
    extras = release.notes(args.out, Theme(args.templates), uncommitted, since, old)
    path, digest, replaced = release.bundle(args.out, args.dist, extras)
    if replaced:
        print(f"policynote: warning: {path.as_posix()} replaces a release of the same edition made from other"
              " sources (name a new edition with --edition, or with edition: in project.yaml)", file=sys.stderr)
    print(f"{digest}  {path.as_posix()}")
    return 0


def _check(args) -> int:
    from .build import check
    result = check(args.notes, args.templates)
    code = report(result.problems, args.strict, args.output)
    if code == 0 and args.output == "text":
        warnings = len(result.problems.sorted())
        print(f"checked {args.notes.as_posix()}/: {_counts(result.corpus)}: "
              + (f"{warnings} warning(s), no errors" if warnings else "no problems"))
    return code


def _counts(corpus) -> str:
    """What a notes folder holds, in a few words: '3 documents, 11 action points, 9 outputs'."""
    counts = [(len(corpus.documents), "document"), (len(corpus.action_points), "action point"),
              (len(corpus.outputs), "output")]
    return ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts)


def _coverage(args) -> int:
    from .corpus import load_corpus
    from .coverage import coverage
    corpus, problems = load_corpus(args.notes)
    if corpus is None:
        return report(problems, strict=False)
    result = coverage(corpus)
    if args.output == "json":
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(result.text(corpus))
    if args.strict and result.gaps:
        gaps = Problems()
        gaps.items = [p for p in problems.items if "has no evidence" in p.message or "cited nowhere" in p.message]
        report(gaps, strict=True)
        return 1
    return 0


def _changes(args) -> int:
    from . import changes
    from .build import render
    from .theme import Theme, ThemeError
    from .writers import outline
    try:
        old = changes.read(args.since).documents
        if args.to is not None:
            new = changes.read(args.to)
        else:  # the sources as they are now, rendered but not written
            result = render(args.notes, args.templates)
            if result.problems.errors:
                return report(result.problems, strict=False)
            new = changes.Published({doc.id: outline.data(doc) for doc in result.documents},
                                    str(result.corpus.project["name"]))
        found, unchanged = changes.between(old, new.documents)
        print(changes.report(found, unchanged), end="")
        if args.html is not None:
            to = args.to.as_posix() if args.to is not None else f"{args.notes.as_posix()}/ as it is now"
            page = changes.page(found, unchanged, args.since.as_posix(), to, new.organisation, Theme(args.templates))
            args.html.write_text(page, encoding="utf-8")
    except changes.ChangesError as exc:
        print(f"policynote: error: {exc}", file=sys.stderr)
        return 1
    except ThemeError as exc:
        return report(Problems.of(exc.mark, exc.message, exc.hint), strict=False)
    return 0


def _schema(args) -> int:
    from . import schema_export
    for path in schema_export.write(args.out):
        print(f"wrote {path.as_posix()}")
    return 0


def _translated(args) -> int:
    from . import translated
    failed = False
    for path in args.files:
        said, problems = translated.mark(path, args.notes)
        for problem in problems.sorted():
            print(problem.format(), file=sys.stderr)
        failed |= bool(problems.errors)
        if said:
            print(said)
    return 1 if failed else 0


def _new(args) -> int:
    path, refusal = scaffold.new(args.kind, args.id, args.notes)
    if refusal:
        print(f"{path.as_posix()}: error: {refusal}", file=sys.stderr)
        return 1
    print(f"wrote {path.as_posix()}: fill it in, then run 'policynote check'")
    return 0


COMMANDS = {"build": _build, "serve": _serve, "release": _release, "check": _check, "coverage": _coverage,
            "changes": _changes, "schema": _schema, "new": _new, "translated": _translated}


def run(argv: list[str] | None = None) -> int:
    """Run a command and return its exit code (tests call this directly)."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    silence(getattr(args, "ignore", set()))
    try:
        return COMMANDS[args.command](args)
    except OSError as exc:  # a folder that cannot be read or written: the user's to fix
        print(f"policynote: error: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 1


def main() -> None:
    """Console entry point."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character gets its escape
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        sys.exit(run())
    except KeyboardInterrupt:
        sys.exit(130)
