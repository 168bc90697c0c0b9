"""A minimal Language Server Protocol client: JSON-RPC over a server's stdin and stdout.

Enough of the protocol to do what an editor does with the YAML language server: start it,
hand it the editor's settings, open files, read its diagnostics and ask for completions.
Every wait has a deadline, so a server that hangs or dies fails a test instead of stalling it.
"""

from __future__ import annotations

import json
import queue
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

TIMEOUT = 30.0  # seconds for any one answer; a loaded CI machine starts node in about 1 s


class ServerError(AssertionError):
    """The server died, answered with an error, or did not answer in time."""


def nested(flat: dict[str, Any]) -> dict[str, Any]:
    """VS Code's dotted settings ("yaml.format.enable") as the nested sections a server asks for."""
    tree: dict[str, Any] = {}
    for key, value in flat.items():
        if key.startswith("["):  # a language-specific block such as "[yaml]" is a section itself
            tree[key] = value
            continue
        *parents, leaf = key.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return tree


class LanguageServer:
    """A language server process spoken to over stdio, as an editor speaks to it."""

    def __init__(self, command: list[str], root: Path, settings: dict[str, Any]) -> None:
        self.root = root
        self.settings = nested(settings)
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.stderr, cwd=root)
        self.inbox: queue.Queue[dict | None] = queue.Queue()
        self.next_id = 0
        self.configured = 0  # settings requests answered
        self.diagnostics: dict[str, list[dict]] = {}  # uri -> the latest published
        self.opened: set[str] = set()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        """Read framed messages from the server's stdout into the inbox; None marks its end."""
        stream = self.process.stdout
        try:
            while True:
                length = None
                while (line := stream.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("ascii").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                if length is None:
                    break
                self.inbox.put(json.loads(stream.read(length)))
        finally:
            self.inbox.put(None)

    def _send(self, message: dict) -> None:
        """Write one message with its Content-Length header."""
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def _receive(self, deadline: float) -> dict:
        """The next message; server requests are answered and notifications recorded on the way."""
        try:
            message = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise ServerError(f"no answer from the language server in time{self._log()}") from None
        if message is None:
            self.inbox.put(None)  # keep saying so
            raise ServerError(f"the language server stopped{self._log()}")
        if "method" in message and "id" in message:
            self._send({"id": message["id"], "result": self._answer(message["method"], message.get("params", {}))})
        elif message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
        return message

    def _answer(self, method: str, params: dict) -> Any:
        """What an editor answers to the server's requests: its settings, and 'done' to the rest."""
        if method != "workspace/configuration":
            return None  # client/registerCapability, window/workDoneProgress/create ...
        self.configured += 1
        return [self.settings.get(item.get("section", ""), {}) for item in params["items"]]

    def _log(self) -> str:
        """The end of the server's error output, for a failure message."""
        self.stderr.seek(0)
        text = self.stderr.read().decode("utf-8", "replace").strip()
        return f"; it wrote:\n{text[-2000:]}" if text else ""

    def request(self, method: str, params: dict, timeout: float = TIMEOUT) -> Any:
        """Send a request and return its result."""
        self.next_id += 1
        number = self.next_id
        self._send({"id": number, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == number and "method" not in message:
                if "error" in message:
                    raise ServerError(f"{method} failed: {message['error']}")
                return message.get("result")

    def notify(self, method: str, params: dict) -> None:
        """Send a notification."""
        self._send({"method": method, "params": params})

    def wait_for(self, condition, what: str, timeout: float = TIMEOUT) -> None:
        """Read messages until `condition()` holds."""
        deadline = time.monotonic() + timeout
        while not condition():
            try:
                self._receive(deadline)
            except ServerError as error:
                raise ServerError(f"waiting for {what}: {error}") from None

    def start(self) -> None:
        """Initialise as VS Code does: capabilities, then the settings, pulled by the server."""
        uri = self.root.as_uri()
        self.request("initialize", {
            "processId": None, "rootUri": uri, "workspaceFolders": [{"uri": uri, "name": self.root.name}],
            "capabilities": {"workspace": {"configuration": True, "workspaceFolders": True},
                             "textDocument": {"completion": {"completionItem": {"snippetSupport": True}},
                                              "publishDiagnostics": {}}},
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        # The server handles messages in order: a file opened after this answer is read with the settings.
        self.wait_for(lambda: self.configured >= 1, "the server to ask for the settings")

    def open(self, path: Path) -> str:
        """Open a file as an editor does; return its URI. Each file is opened once, so that
        diagnostics published for it can only be about this text."""
        uri = path.as_uri()
        if uri in self.opened:
            raise ValueError(f"{path.name} is already open: write each sample to a new file")
        self.opened.add(uri)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}})
        return uri

    def diagnose(self, path: Path) -> list[dict]:
        """Open a file and return the diagnostics the server publishes for it."""
        uri = self.open(path)
        self.wait_for(lambda: uri in self.diagnostics, f"diagnostics of {path.name}")
        return self.diagnostics[uri]

    def complete(self, path: Path, line: int, character: int) -> list[dict]:
        """Open a file and return the completion items at a place (counted from 0)."""
        uri = self.open(path)
        result = self.request("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        return result.get("items", []) if isinstance(result, dict) else result or []

    def stop(self) -> None:
        """Shut the server down politely, or kill it."""
        try:
            if self.process.poll() is None:
                self.request("shutdown", {}, timeout=5)
                self.notify("exit", {})
                self.process.wait(timeout=5)
        except (ServerError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            self.stderr.close()
