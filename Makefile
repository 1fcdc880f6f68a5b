# The two commands a new user needs: `make play` and `make test`. Both install exactly `uv.lock`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# uv itself is bootstrapped with pip from a hash-pinned requirement, into a folder of its own so
# that `uv sync` keeps .venv exactly what the lock says.
TOOLS  := .tools
UV     := $(TOOLS)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
STAMP  := $(VENV)/.synced-$(shell cat pyproject.toml uv.lock | cksum | cut -d' ' -f1)
JOBS   ?= 2

.PHONY: play test bench install lock mutation clean

$(UV): requirements/bootstrap.txt
	$(PYTHON) -m venv --clear $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements/bootstrap.txt
	touch $(UV)

$(STAMP): $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --extra test --python $(PYTHON) --quiet
	rm -f $(VENV)/.synced-*
	touch $(STAMP)

install: $(STAMP)

play: $(STAMP)
	$(BIN)/wargame play

test: $(STAMP)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Refresh the lock (and uv's own pin) after changing a dependency in pyproject.toml.
lock: $(UV)
	$(UV) lock --upgrade --python $(PYTHON)
	echo "uv" | $(UV) pip compile --quiet --generate-hashes --no-header - -o requirements/bootstrap.txt

mutation: $(UV)
	$(UV) sync --locked --extra test --extra mutation --python $(PYTHON) --quiet
	$(BIN)/python -m benchmarks.mutation --jobs $(JOBS)

clean:
	rm -rf $(VENV) $(TOOLS) build *.egg-info
