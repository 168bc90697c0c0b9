"""How long `policynote serve` takes from a save to the page showing it, in headless Chromium.

Serves a copy of the tests' FOCUS corpus (three full documents, every format this machine can
write), opens policy-note-07's page, and saves its record SAVES times with a new title each
time; tests/a11y/live.mjs times each save until the page, reloading itself, shows the title.
Needs node, Chromium and tests/a11y/node_modules (`make test` installs them).

    .venv/bin/python bench/live.py [--saves 20]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "focus"
TEMPLATES = ROOT / "tests" / "fixtures" / "templates"
LIVE = ROOT / "tests" / "a11y" / "live.mjs"
DOCUMENT = "policy-note-07"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=20, help="saves to time (default: 20)")
    args = parser.parse_args(argv)
    node, chromium = shutil.which("node"), shutil.which("chromium")
    if node is None or chromium is None:
        print("bench/live.py needs node and chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(CORPUS, work / "notes")
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", "0",
                                   "--templates", str(TEMPLATES)], cwd=work, stdout=subprocess.PIPE, text=True)
        try:
            url = next(found[1] for line in server.stdout if (found := re.search(r"at (http://\S+/)", line)))
            record = work / "notes" / "documents" / f"{DOCUMENT}.yaml"
            text = record.read_text(encoding="utf-8")
            title = re.search(r"^title: .*$", text, re.M)[0]
            steps = [{"save": text.replace(title, f'title: "Saved {n}"'), "until": "title", "expect": f"Saved {n}"}
                     for n in range(args.saves)]
            plan = work / "plan.json"
            plan.write_text(json.dumps({"url": f"{url}html/{DOCUMENT}.html", "file": str(record), "steps": steps}))
            done = subprocess.run([node, str(LIVE), str(plan)], capture_output=True, text=True, timeout=600,
                                  env={"PATH": "/usr/bin:/bin", "CHROMIUM": chromium})
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)
    times = [step["ms"] for step in json.loads(done.stdout)]
    print(f"save to page, {len(times)} saves of {DOCUMENT}: median {statistics.median(times):.0f} ms,"
          f" fastest {min(times)} ms, slowest {max(times)} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
