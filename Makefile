# policynote. `make` sets up .venv, installs the tool and builds notes/ into build/;
# `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
A11Y := tests/a11y
EDITOR := tests/editor

.PHONY: all build serve test a11y editor bench release golden reference docs clean distclean

all: build

# Re-install whenever pyproject.toml changes; the package is installed editable, so code
# and templates changes need no re-install.
$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

build: $(INSTALLED)
	$(BIN)/policynote build

# A live preview in the browser, built again at each save (Ctrl-C stops it).
serve: $(INSTALLED)
	$(BIN)/policynote serve --open

test: $(INSTALLED) a11y editor
	$(BIN)/python -m pytest

# axe-core, puppeteer-core and the Nu HTML checker for the pages' tests, from the committed lock
# file, and again whenever it changes. Without node the tests skip (CI requires them), so this never fails.
a11y: $(A11Y)/node_modules/.package-lock.json

$(A11Y)/node_modules/.package-lock.json: $(A11Y)/package-lock.json
	if command -v node >/dev/null && command -v npm >/dev/null; then npm ci --prefix $(A11Y) --no-audit --no-fund; \
	else echo "no node or npm: the accessibility test will skip"; fi

# The YAML language server editors run, for the test that editor and `check` agree; the same way.
editor: $(EDITOR)/node_modules/.package-lock.json

$(EDITOR)/node_modules/.package-lock.json: $(EDITOR)/package-lock.json
	if command -v node >/dev/null && command -v npm >/dev/null; then npm ci --prefix $(EDITOR) --no-audit --no-fund; \
	else echo "no node or npm: the editor test will skip"; fi

# Time builds of 10, 100 and 1,000 synthesised documents against pandoc converting the same
# Markdown, and append the numbers to docs/benchmarks.md. Needs pandoc; takes a few minutes.
bench: $(INSTALLED)
	$(BIN)/python bench/run.py

# A reproducible release bundle in dist/: its dates come from the last commit unless
# SOURCE_DATE_EPOCH says otherwise, so the same commit always gives the same bytes. It is named
# by EDITION, else the git tag on the last commit, else project.yaml's edition or the newest
# document's date; SINCE=path/to/previous.zip puts what changed since that release in it.
release: $(INSTALLED)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || echo 0)} \
		$(BIN)/policynote release $(if $(SINCE),--since "$(SINCE)") \
		$$(edition="$(EDITION)"; edition=$${edition:-$$(git describe --tags --exact-match 2>/dev/null)}; \
		   [ -n "$$edition" ] && echo --edition "$$edition")

# Rewrite the golden files after an intended change to output; review the diff.
golden: $(INSTALLED)
	$(BIN)/python -m pytest tests/test_golden.py tests/test_features.py --update-golden

# Rewrite docs/sources.md from the record declarations in generator/schema.py.
docs: $(INSTALLED)
	$(BIN)/python -m generator.sourcedocs

# Regenerate the Word reference document (overwrites edits made to it in Word).
reference: $(INSTALLED)
	$(BIN)/python -m generator.reference_docx templates/reference.docx

clean:
	rm -rf build dist .build.staging .build.old

distclean: clean
	rm -rf $(VENV) *.egg-info $(A11Y)/node_modules $(EDITOR)/node_modules
