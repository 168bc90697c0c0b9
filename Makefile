# policynote. `make` sets up .venv, installs the tool and builds notes/ into build/;
# `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: all build test golden reference clean distclean

all: build

# Re-install whenever pyproject.toml changes; the package is installed editable, so code
# and templates changes need no re-install.
$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

build: $(INSTALLED)
	$(BIN)/policynote build

test: $(INSTALLED)
	$(BIN)/python -m pytest

# Rewrite the golden files after an intended change to output; review the diff.
golden: $(INSTALLED)
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

# Regenerate the Word reference document (overwrites edits made to it in Word).
reference: $(INSTALLED)
	$(BIN)/python -m generator.reference_docx templates/reference.docx

clean:
	rm -rf build dist .build.staging .build.old

distclean: clean
	rm -rf $(VENV) *.egg-info
