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

# What a copy adds to the set-up (the student copy turns off nbgrader's instructor panels).
POST_SETUP ?=

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
	@# JupyterLab's course settings: no pop-up asking to fetch Jupyter's news.
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' \
		> $(VENV)/share/jupyter/lab/settings/overrides.json
	$(POST_SETUP)
	@touch $@
	@echo "Set-up complete: $(VENV) ($$($(BIN)/python -c 'import torch; print("torch", torch.__version__)'))"

# The course's CSS for JupyterLab (loaded with --LabApp.custom_css): nbgrader's Validate dialog wraps
# long lines, so that a failing test's message shows whole instead of running off to the right. The
# server looks for custom/custom.css in ~/.jupyter, then in its own static folder, inside the venv.
LAB_CSS := $(VENV)/.lab-css

$(LAB_CSS): common.mk $(STAMP)
	@css="$$($(BIN)/python -c 'import jupyter_server, os; print(os.path.dirname(jupyter_server.__file__))')/static/custom"; \
		mkdir -p "$$css" && \
		echo '#validation-message pre { white-space: pre-wrap; overflow-wrap: anywhere; }' > "$$css/custom.css"
	@touch $@

lab: setup $(LAB_CSS)
	@echo "Starting JupyterLab in $(CURDIR) (lectures/ opens first). Stop it with Ctrl-C."
	$(BIN)/jupyter lab --no-browser --port=$(PORT) $(ROOT_FLAG) --LabApp.custom_css=True \
		--ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/lectures $(LAB_ARGS)
