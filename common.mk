# Shared by the instructor's Makefile and the student copy's: the virtual
# environment (`make setup`) and JupyterLab (`make lab`).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The torch pin lives in pyproject.toml only; it is installed first, on its own,
# because an unpinned torch would pull a CUDA build of several GB.
TORCH  := $(shell sed -n 's/^ *"\(torch==[^"]*\)".*/\1/p' pyproject.toml)
STAMP  := $(VENV)/.installed
PORT   ?= 8888
# JupyterLab refuses to run as root unless told to.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# nbgrader runs `alembic` (and kernels run `python`) from PATH: put the venv first.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: setup lab

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

