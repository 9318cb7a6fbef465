# The course's commands. A newcomer needs two: `make lab` and `make test`.
#
#   make setup    create .venv and install the pinned dependencies and rnnkit (first use only)
#   make lab      set up if needed, then start JupyterLab on the lectures
#   make test     set up if needed, then prove the whole course runs and grades
#   make release  regenerate exercises/ (student versions) from solutions/ with nbgrader
#   make lectures re-execute every lecture in a fresh kernel, in place (after editing one)
#
# Every target is idempotent.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The torch pin lives in pyproject.toml only; it is installed first, on its own,
# because an unpinned torch would pull a CUDA build of several GB.
TORCH  := $(shell sed -n 's/^ *"\(torch==[^"]*\)".*/\1/p' pyproject.toml)
STAMP  := $(VENV)/.installed
SLUGS  := $(notdir $(patsubst %/,%,$(wildcard solutions/*/)))
PORT   ?= 8888
# JupyterLab refuses to run as root unless told to.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# nbgrader runs `alembic` (and kernels run `python`) from PATH: put the venv first.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: setup lab test release lectures clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e .
	@# Matplotlib builds its font cache (and says so on stderr) on first import: do it now,
	@# not inside a notebook whose stderr nbval compares.
	$(BIN)/python -c "import matplotlib.pyplot"
	@touch $@
	@echo "Set-up complete: $(VENV) ($$($(BIN)/python -c 'import torch; print("torch", torch.__version__)'))"

lab: setup
	@echo "Starting JupyterLab in $(CURDIR) (lectures/ opens first). Stop it with Ctrl-C."
	$(BIN)/jupyter lab --no-browser --port=$(PORT) $(ROOT_FLAG) \
		--ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/lectures $(LAB_ARGS)

test: setup
	RNNKIT_DEVICE=cpu $(BIN)/pytest --nbval -p no:cacheprovider tests lectures solutions $(PYTEST_ARGS)

release: setup
	@for a in $(SLUGS); do \
		$(BIN)/nbgrader generate_assignment "$$a" --force --log-level=WARN || exit 1; \
	done
	@echo "exercises/ regenerated from solutions/ for: $(SLUGS)"

lectures: setup
	cd lectures && for nb in *.ipynb; do \
		RNNKIT_DEVICE=cpu ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
			--ExecutePreprocessor.timeout=300 "$$nb" || exit 1; \
	done

clean:
	rm -rf $(VENV) gradebook.db submitted autograded feedback .exchange .pytest_cache
