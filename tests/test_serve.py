"""`policynote serve`: a live preview on this machine only, built again at each save, with the
problems of a bad save in the page and a server that outlives them."""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from conftest import CORPORA, ROOT, TEMPLATES, unavailable

A11Y = ROOT / "tests" / "a11y"
NODE = shutil.which("node")
CHROMIUM = shutil.which("chromium")
NOTE = Path("notes") / "documents" / "mini-note.yaml"


class Server:
    """A `policynote serve` process on a free port, in a folder of its own (its temporary files
    there too, so the test sees that it leaves none); what it prints goes to files."""

    def __init__(self, folder: Path, templates: Path = TEMPLATES, *options: str) -> None:
        self.folder, self.temp = folder, folder / "tmp"
        self.temp.mkdir()
        self.out, self.err = folder / "serve.out", folder / "serve.err"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "generator", "serve", "--port", "0", "--templates", str(templates), *options],
                cwd=folder, stdout=out, stderr=err,
                env={**os.environ, "TMPDIR": str(self.temp), "SOURCE_DATE_EPOCH": "1717200000"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            found = re.search(r"at http://([\d.]+):(\d+)/", self.out.read_text())  # once the first build is done
            if found:
                self.host, self.port = found[1], int(found[2])
                return
            time.sleep(0.05)
        pytest.fail(f"serve printed no address: {self.err.read_text()}")

    def get(self, path: str, host: str | None = None) -> tuple[int, bytes]:
        """The status and body of a GET of `path`, sent as it is (no normalising)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.putrequest("GET", path, skip_host=host is not None, skip_accept_encoding=True)
            if host is not None:
                connection.putheader("Host", host)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def state(self) -> dict:
        """What the open pages are told now (the event stream's first event says the same)."""
        status, body = self.get("/__policynote/state")
        assert status == 200
        return json.loads(body)

    def first_event(self) -> dict:
        """The first event of the event stream: the state as it is."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request("GET", "/__policynote/events")
            response = connection.getresponse()
            while True:
                line = response.fp.readline().decode("utf-8")
                if line.startswith("data: "):
                    return json.loads(line[len("data: "):])
        finally:
            connection.close()

    def until(self, test, what: str, seconds: float = 15) -> dict:
        """The state once `test(state)` holds; fails after `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            state = self.state()
            if test(state):
                return state
            time.sleep(0.1)
        pytest.fail(f"never {what}: {self.state()}")

    def stop(self) -> int:
        """Ctrl-C, as an editor stops it; its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=60)


@pytest.fixture
def server(tmp_path):
    """A server previewing a copy of the mini corpus."""
    shutil.copytree(CORPORA["mini"], tmp_path / "notes")
    running = Server(tmp_path)
    yield running
    running.stop()


def test_serves_on_this_machine_only_and_nothing_outside_the_preview(server):
    assert server.host == "127.0.0.1"
    listening = _listening(server.port)
    if listening is not None:  # Linux says where a socket listens: on the loopback address alone
        assert listening == {"127.0.0.1"}
    status, page = server.get("/html/mini-note.html")
    state = server.state()
    assert status == 200 and f'<script src="/__policynote/live.js" data-version="{state["version"]}"'.encode() in page
    assert server.first_event() == state and state["errors"] == state["warnings"] == []
    assert server.get("/docx/mini-note.docx")[0] == 200
    assert server.get("/html/mini-note.html", host=f"localhost:{server.port}")[0] == 200
    assert server.get("/html/mini-note.html", host=f"drafts.example:{server.port}")[0] == 403  # DNS rebinding
    status, page = server.get("/html/not-built-yet.html")  # a page that comes once it builds
    assert status == 404 and b'<script src="/__policynote/live.js"' in page
    for path in ("/../notes/project.yaml", "/%2e%2e/notes/project.yaml", "/html/..%2f..%2fnotes/project.yaml",
                 "/html/%2E%2E/%2E%2E/notes/project.yaml", "/..%5c..%5cnotes/project.yaml", "/html/",
                 "/%2e%2e%2f%2e%2e%2f" + str(server.folder / "notes" / "project.yaml").lstrip("/")):
        assert server.get(path)[0] == 404, path


def _listening(port: int) -> set[str] | None:
    """The IPv4 addresses a TCP port listens on, from /proc/net/tcp; None where there is none."""
    table = Path("/proc/net/tcp")
    if not table.exists():
        return None
    found = set()
    for line in table.read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, at = local.split(":")
        if state == "0A" and int(at, 16) == port:  # 0A: listening
            found.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


def test_a_host_other_than_this_machine_is_said_loudly(tmp_path):
    shutil.copytree(CORPORA["mini"], tmp_path / "notes")
    server = Server(tmp_path, TEMPLATES, "--host", "0.0.0.0")
    try:
        assert "warning: serving on 0.0.0.0, not only on this machine" in server.err.read_text()
        assert server.get("/html/mini-note.html", host=f"drafts.example:{server.port}")[0] == 200  # asked for
    finally:
        assert server.stop() == 0
    assert not any(server.temp.iterdir())


def test_bad_saves_show_as_problems_and_never_stop_the_server(server):
    """A YAML error, a deleted file, a renamed folder, a template error and a burst of saves each
    leave a running server that says what is wrong, and builds again once it is put right."""
    notes = server.folder / "notes"
    note = server.folder / NOTE
    good = note.read_text(encoding="utf-8")
    first = server.state()["version"]

    note.write_text(good.replace("type: policy_note", "type: [policy_note"), encoding="utf-8")
    broken = server.until(lambda s: s["errors"], "a problem for the YAML error")
    assert any(re.match(r"notes/documents/mini-note\.yaml:\d+:\d+: error: ", e) for e in broken["errors"])
    assert broken["version"] == first  # the page keeps the last good version
    note.write_text(good, encoding="utf-8")
    server.until(lambda s: not s["errors"], "clear after the fix")

    note.unlink()
    server.until(lambda s: any("mini-note" in e for e in s["errors"]), "a problem for the deleted file")
    note.write_text(good, encoding="utf-8")
    server.until(lambda s: not s["errors"], "clear once the file is back")

    (notes / "action-points").rename(notes / "points")
    server.until(lambda s: s["errors"], "a problem for the renamed folder")
    (notes / "points").rename(notes / "action-points")
    server.until(lambda s: not s["errors"], "clear once the folder has its name again")

    notes.rename(server.folder / "sources")  # the notes folder itself
    server.until(lambda s: any("notes folder does not exist" in e for e in s["errors"]), "the missing notes folder")
    (server.folder / "sources").rename(notes)
    server.until(lambda s: not s["errors"], "clear once the notes folder is back")

    for number in range(20):  # an editor saving files in a burst
        (notes / "action-points" / "alpha.yaml").write_text(
            (notes / "action-points" / "alpha.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        note.write_text(good.replace("Everything a writer must handle", f"Saved {number}"), encoding="utf-8")
    server.until(lambda s: not s["errors"] and s["version"] != first, "a build after the burst")
    deadline = time.monotonic() + 15  # the burst may come in more than one batch
    while b"Saved 19" not in server.get("/html/mini-note.html")[1] and time.monotonic() < deadline:
        time.sleep(0.1)
    status, page = server.get("/html/mini-note.html")
    assert b"Saved 19" in page and status == 200
    assert b'href="../docx/mini-note.docx"' in page  # the page offers the Word file, made again too
    status, word = server.get("/docx/mini-note.docx")
    assert status == 200 and any(p.text == "Saved 19" for p in docx.Document(io.BytesIO(word)).paragraphs)
    assert server.process.poll() is None


def test_a_template_error_is_a_problem_in_the_page(tmp_path):
    shutil.copytree(CORPORA["mini"], tmp_path / "notes")
    templates = shutil.copytree(TEMPLATES, tmp_path / "templates")
    server = Server(tmp_path, templates)
    try:
        page = templates / "policy_note.md.j2"
        good = page.read_text(encoding="utf-8")
        page.write_text(good + "{% if %}\n", encoding="utf-8")
        state = server.until(lambda s: s["errors"], "a problem for the template")
        assert any("policy_note.md.j2" in error for error in state["errors"])
        page.write_text(good, encoding="utf-8")
        server.until(lambda s: not s["errors"], "clear after the template's fix")
    finally:
        assert server.stop() == 0


def test_ctrl_c_stops_cleanly_and_leaves_no_files(tmp_path):
    shutil.copytree(CORPORA["mini"], tmp_path / "notes")
    server = Server(tmp_path)
    assert any(server.temp.iterdir())  # the preview folder, while it runs
    assert server.stop() == 0
    assert not any(server.temp.iterdir())


def test_the_page_follows_each_save_and_shows_problems_in_place(server, tmp_path):
    """In a browser: a new title shows within 2 seconds with no reload from the test, where the
    reader had scrolled to; a bad save shows the banner with the place of the problem, a save
    with a warning builds and shows it, and the fix takes the banner away."""
    if CHROMIUM is None:
        unavailable("Chromium is not installed (apt-get install chromium)", "POLICYNOTE_REQUIRE_BROWSER")
    if NODE is None or not (A11Y / "node_modules" / "puppeteer-core").is_dir():
        unavailable("Node.js or tests/a11y/node_modules is missing (run `make test`, which installs it)",
                    "POLICYNOTE_REQUIRE_BROWSER")
    note = server.folder / NOTE
    good = note.read_text(encoding="utf-8")
    title = re.search(r"^title: .*$", good, re.M)[0]
    renamed = good.replace(title, 'title: "A title saved a moment ago"')
    plan = {"url": f"http://{server.host}:{server.port}/html/mini-note.html", "file": str(note), "scroll": 300,
            "steps": [
        {"save": renamed, "until": "title", "expect": "A title saved a moment ago"},
        {"save": renamed.replace("type: policy_note", "type: [policy_note"), "until": "banner",
         "expect": "notes/documents/mini-note.yaml:"},
        {"save": renamed.replace("that wraps.", "that wraps: [click here](https://mini.test/more)."),
         "until": "banner", "expect": "warning: Word: the link text 'click here'"},
        {"save": renamed, "until": "clear"}]}
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    done = subprocess.run([NODE, str(A11Y / "live.mjs"), str(tmp_path / "plan.json")], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "CHROMIUM": CHROMIUM})
    assert done.returncode == 0, done.stderr
    title_step, banner_step, warning_step, clear_step = json.loads(done.stdout)
    print(f"save to page: title {title_step['ms']} ms, banner {banner_step['ms']} ms, cleared {clear_step['ms']} ms")
    assert title_step["ms"] < 2000 and title_step["loads"] >= 2  # it reloaded itself
    assert title_step["scrollY"] == 300
    assert re.search(r"notes/documents/mini-note\.yaml:\d+:\d+: error: ", banner_step["seen"])
    assert banner_step["loads"] == title_step["loads"]  # a failed build keeps the page as it was
    assert warning_step["loads"] > banner_step["loads"]  # a build with warnings is built: the page shows it
    assert "A title saved a moment ago" in clear_step["seen"]
