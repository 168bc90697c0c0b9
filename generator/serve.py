"""Live preview: `policynote serve` builds into a folder of its own, serves it, and builds again
on every save, as `mkdocs serve` does.

The preview is a build like any other (build.py: only the documents a change touches are made
again), into a temporary folder, never the release's build/. Each page it serves carries a small
script that listens to the server's events (server-sent events): when a build changes the
preview, the page reloads itself (the browser keeps it where it was scrolled to); when a build
fails, the page keeps the last good version and shows every problem in a banner, as
`file:line:col: message`.
"""

from __future__ import annotations

import json
import secrets
import shutil
import signal
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from .build import build
from .problems import Mark, Problems

LOCAL = "127.0.0.1"
HERE = "/__policynote"  # the server's own addresses, beside the preview's files
EVENTS, SCRIPT, STATE = f"{HERE}/events", f"{HERE}/live.js", f"{HERE}/state"  # STATE: the state now, as JSON
KEEP_ALIVE = 15  # seconds between comments on a quiet event stream, so proxies keep it open
GONE_WAIT = 0.5  # seconds between looks for a watched folder renamed away, until it is back


@dataclass
class State:
    """What the open pages are told: the version of the preview (a new one each time a build
    changes it; its prefix is this server's own, so a page left open across a restart reloads),
    and the problems of the last build, as compilers print them."""

    server: str = field(default_factory=lambda: secrets.token_hex(4))
    builds: int = 0  # the builds that changed the preview
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    serial: int = 0  # one more at every change of the above: what an event stream waits for

    @property
    def version(self) -> str:
        return f"{self.server}-{self.builds}"

    def as_json(self) -> str:
        return json.dumps({"version": self.version, "errors": self.errors, "warnings": self.warnings})


class Preview:
    """The preview folder, built from the sources; builds one at a time, and tells every
    waiting event stream when its state changes."""

    def __init__(self, notes: Path, templates: Path, formats: list[str], say) -> None:
        self.notes, self.templates, self.formats = notes, templates, formats
        self.say = say  # (state, whether the preview changed): what the terminal is told after a build
        self.folder = Path(tempfile.mkdtemp(prefix="policynote-preview-")).resolve()
        self.out = self.folder / "build"
        self.state = State()
        self.changed = threading.Condition()
        self.building = threading.Lock()  # one build at a time
        self.stopping = threading.Event()
        self.watching = threading.Event()  # set once the watcher sees every change from then on

    def rebuild(self) -> State:
        """Build the preview again; a failed build leaves the last good one and says why."""
        with self.building:
            return self._rebuild()

    def _rebuild(self) -> State:
        try:
            result = build(self.notes, self.out, self.templates, self.formats, strict=False)
            problems, made = result.problems, not result.up_to_date and not result.problems.failed(strict=False)
        except Exception as exc:  # noqa: BLE001 (a bug must not stop the server: it shows, as a problem)
            problems, made = Problems.of(Mark(self.notes.as_posix()), f"the build stopped: {exc!r}"), False
        items = problems.sorted()
        with self.changed:
            state = self.state
            self.state = State(state.server, state.builds + made,
                               [p.format() for p in items if p.severity == "error"],
                               [p.format() for p in items if p.severity != "error"], state.serial + 1)
            self.changed.notify_all()
        self.say(self.state, made)
        return self.state

    def wait(self, serial: int | None, timeout: float) -> State | None:
        """The state once it is newer than `serial` (at once when `serial` is None); None when
        `timeout` seconds pass first, or the server stops."""
        with self.changed:
            if not self.changed.wait_for(lambda: self.stopping.is_set() or serial is None
                                         or self.state.serial != serial, timeout):
                return None
            return None if self.stopping.is_set() else self.state

    def stop(self) -> None:
        """Release every event stream, and the watcher."""
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()

    def file(self, address: str) -> Path | None:
        """The preview's file at a URL path; None for anything outside the preview folder (any
        '..', however encoded), a folder, or nothing."""
        relative = unquote(address).lstrip("/")
        if "\\" in relative or "\0" in relative or ".." in PurePosixPath(relative).parts:
            return None
        try:
            root = self.out.resolve()
            path = (root / relative).resolve()
            return path if path.is_relative_to(root) and path.is_file() else None
        except OSError:  # a name too long for the system, say
            return None

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def watch(preview: Preview) -> None:
    """Build again after each batch of changes to the sources or the house style, until the
    preview stops. A folder renamed or removed is a problem in the banner, not the end: once it
    is back, the preview builds again and watches it anew."""
    from watchfiles import DefaultFilter  # the serve command's alone: the others never load it
    from watchfiles import watch as changes

    usual = DefaultFilter()  # editors' swap files, version control, caches: never a change to build
    folders = (preview.notes, preview.templates)
    again = False  # watching anew: what was saved while nothing watched is built first
    while not preview.stopping.is_set():
        if not all(folder.is_dir() for folder in folders):
            preview.watching.set()  # nothing to see until it is back
            preview.stopping.wait(GONE_WAIT)
            again = True
            continue
        try:
            ready = False
            # yield_on_timeout: an empty batch every 100 ms, the first once the watch is set up
            for batch in changes(*folders, watch_filter=usual, stop_event=preview.stopping, step=50, debounce=800,
                                 yield_on_timeout=True, rust_timeout=100, ignore_permission_denied=True,
                                 raise_interrupt=False):
                catching_up = again and not ready  # what was saved while nothing watched
                if not ready:  # from here every save is seen
                    ready = True
                    preview.watching.set()
                if batch or catching_up:
                    preview.rebuild()
                if not all(folder.is_dir() for folder in folders):
                    break  # a folder went: look for it until it comes back
        except (OSError, RuntimeError):  # a watched folder gone at that instant
            preview.stopping.wait(GONE_WAIT)
        again = True


class _Handler(SimpleHTTPRequestHandler):
    """Serves the preview's files, the live script and the event stream; every web page gets
    the script, which knows the version it was served at."""

    preview: Preview  # set on the class made for each server
    hosts: set[str] | None  # the Host headers it answers (None: any, for a --host of the user's)

    def __init__(self, *args, **kwargs) -> None:  # its folder: never the current one, which may go
        super().__init__(*args, directory=str(self.preview.folder), **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        if self.hosts is not None and self.headers.get("Host", "") not in self.hosts:
            # a page of another site, its name pointed at this machine (DNS rebinding), reads nothing
            self.send_error(HTTPStatus.FORBIDDEN, "this preview answers to 127.0.0.1 and localhost only")
            return
        address = urlsplit(self.path).path
        if address == "/":
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", "/html/index.html")
            self.end_headers()
            return
        if address == EVENTS and body:
            self._events()
            return
        if address == SCRIPT:
            self._send(LIVE_SCRIPT.encode("utf-8"), "text/javascript; charset=utf-8", body)
            return
        if address == STATE:
            self._send(self.preview.state.as_json().encode("utf-8"), "application/json", body)
            return
        version = self.preview.state.version  # before the file: a build between them reloads the page once more
        path = self.preview.file(address)
        try:
            data = path.read_bytes() if path is not None else None
        except OSError:  # gone as a build replaced the folder
            data = None
        if data is None and address.endswith(".html"):  # a page not built yet: it comes when it builds
            self._send(_with_script(MISSING, version), "text/html; charset=utf-8", body, HTTPStatus.NOT_FOUND)
        elif data is None:
            self.send_error(HTTPStatus.NOT_FOUND, "not in the preview")
        elif path.suffix == ".html":
            self._send(_with_script(data, version), "text/html; charset=utf-8", body)
        else:
            self._send(data, self.guess_type(str(path)), body)

    def _send(self, data: bytes, kind: str, body: bool, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # a preview is never stale
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        """The state now, then at each change, as server-sent events, until the page goes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        serial = None
        try:
            while not self.preview.stopping.is_set():
                state = self.preview.wait(serial, KEEP_ALIVE)
                if state is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    serial = state.serial
                    self.wfile.write(f"data: {state.as_json()}\n\n".encode("utf-8"))
                self.wfile.flush()
        except OSError:
            return  # the page was closed or reloaded

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's name)
        """Quiet: the terminal shows builds and problems, not every request."""


# What a page the preview does not hold yet shows (its document, or every one, has not built):
# the banner says why, and the page reloads when a build makes it.
MISSING = (b'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Not in the preview yet</title>'
           b'</head>\n<body>\n<h1>Not in the preview yet</h1>\n<p>This page has not been built: if a problem is'
           b' listed above, fix it and save, and the page comes here by itself.</p>\n</body>\n</html>\n')


def _with_script(page: bytes, version: str) -> bytes:
    """A web page with the live script, told the version of the preview it shows."""
    tag = f'<script src="{SCRIPT}" data-version="{version}" defer></script>'.encode("utf-8")
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds the process at exit


def serve(notes: Path, templates: Path, formats: list[str], host: str, port: int, open_page: bool) -> int:
    """Build the preview, serve it until interrupted, then remove it; the exit code."""
    if host != LOCAL:
        print(f"policynote: warning: serving on {host}, not only on this machine: anyone who can reach it"
              " on the network can read the preview", file=sys.stderr)
    signal.signal(signal.SIGTERM, _interrupted)  # stopped by a process manager: clean up as after Ctrl-C
    preview = server = watcher = None
    try:
        preview = Preview(notes, templates, formats, _report)
        handler = type("Handler", (_Handler,), {"preview": preview, "hosts": None})
        try:
            server = _Server((host, port), handler)
        except OSError as exc:
            print(f"policynote: error: cannot serve on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        bound = server.server_address[1]
        handler.hosts = {f"{LOCAL}:{bound}", f"localhost:{bound}"} if host == LOCAL else None
        watcher = threading.Thread(target=watch, args=(preview,), name="policynote-watch", daemon=True)
        watcher.start()
        preview.watching.wait(10)  # from here every save is seen: one made during the first build too
        preview.rebuild()
        url = f"http://{host}:{bound}/"
        print(f"serving the preview of {notes.as_posix()}/ at {url} (Ctrl-C stops)", flush=True)
        if open_page:
            import webbrowser
            webbrowser.open(url)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        for kind in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C does not cut the cleaning short
            signal.signal(kind, signal.SIG_IGN)
        _close(preview, server, watcher)
    return 0


def _close(preview: Preview | None, server: _Server | None, watcher: threading.Thread | None) -> None:
    """Stop the event streams, the server and the watcher, and remove the preview folder."""
    if preview is None:
        return
    preview.stop()
    if server is not None:
        server.server_close()
    if watcher is not None and watcher.is_alive():
        watcher.join(timeout=60)  # a build under way finishes before its folder goes
    preview.remove()


def _interrupted(signum, frame) -> None:
    raise KeyboardInterrupt


def _report(state: State, changed: bool) -> None:
    """A build's outcome in the terminal, as well as in the pages."""
    for line in state.errors + state.warnings:
        print(line, file=sys.stderr, flush=True)
    if state.errors:
        print(f"{len(state.errors)} error(s): the preview shows the last good build", file=sys.stderr, flush=True)
    elif changed:
        print(f"built: the preview has changed ({state.builds} build(s) so far)", flush=True)


# The script every served page carries: reload when the preview changes; show the problems of a
# failed build above the last good page. Problems are set as text, never as markup.
LIVE_SCRIPT = """\
(() => {
  "use strict";
  const script = document.currentScript;
  const shown = script.dataset.version;
  function list(lines, size, colour) {
    const box = document.createElement("div");
    box.style.cssText = "margin:0;padding:.5rem 1rem;font:" + size + " monospace;white-space:pre-wrap;"
      + "background:" + colour + ";color:#000;border-bottom:1px solid #000";
    box.textContent = lines.join("\\n");
    return box;
  }
  function banner(state) {
    let holder = document.getElementById("policynote-problems");
    if (!state.errors.length && !state.warnings.length) {
      if (holder) holder.remove();
      return;
    }
    if (!holder) {
      holder = document.createElement("div");
      holder.id = "policynote-problems";
      holder.setAttribute("role", "alert");
      holder.style.cssText = "position:sticky;top:0;z-index:2147483647";
      document.body.prepend(holder);
    }
    const parts = [];
    if (state.errors.length) {
      parts.push(list(["The preview shows the last good build. Fix these, and it builds again:",
                       ...state.errors], "1rem/1.4", "#ffd7d5"));
    }
    if (state.warnings.length) parts.push(list(state.warnings, ".8rem/1.3", "#fff3c4"));
    holder.replaceChildren(...parts);
  }
  const events = new EventSource("/__policynote/events");
  events.onmessage = (event) => {
    const state = JSON.parse(event.data);
    if (state.version !== shown) {  // a reload keeps the page where it was scrolled to (browsers restore it)
      events.close();
      location.reload();
      return;
    }
    banner(state);
  };
})();
"""
