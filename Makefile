# The course's commands. A newcomer needs two: `make lab` and `make test`.
#
#   make setup    create .venv and install the pinned dependencies and rnnkit (first use only)
#   make lab      set up if needed, then start JupyterLab on the lectures
#   make test     set up if needed, then prove the whole course runs and grades
#   make test U=01_unfolding   one unit only, after editing it (no lifecycle, no browser): a few minutes
#   make release  regenerate exercises/ (student versions) from solutions/ with nbgrader
#   make lectures re-execute every lecture in a fresh kernel, in place (U=01_unfolding: one lecture)
#   make grade    A=01_unfolding: autograde a class in parallel, feedback, grades.csv
#   make student  UNITS=01-03: build or update the student copy in $(STUDENT_DIR) (default build/student)
#
# Every target is idempotent.

include common.mk

SLUGS       := $(notdir $(patsubst %/,%,$(wildcard solutions/*/)))
STUDENT_DIR ?= build/student

.PHONY: test release lectures student grade clean

# Tests run in parallel pytest-xdist workers, in groups (tests/conftest.py's scope_of): each notebook's cells
# together, and each unit's graded term with every test that reads it. Much of the suite waits on
# nbgrader's and the kernels' start-up, so a second worker fills the cores. TEST_WORKERS=0 runs
# everything in one process.
#
# U=<unit> checks one unit after editing it: nbval on its lecture (twice: as committed, and on other
# numerical code paths) and on its solution, the release-in-sync check, its planted mistakes and its
# rows of the hostile table; not the exchange lifecycle, the student copy, the lab or the browser.
TEST_WORKERS ?= auto
ifeq ($(strip $(U)),)
TEST_PATHS := tests lectures solutions
else
TEST_PATHS := tests/test_grading.py tests/test_release.py tests/test_notebooks.py tests/test_perturbed.py \
	$(wildcard lectures/$(U).ipynb) solutions/$(U)
endif
test: setup $(VENV)/.browser-installed
	@test -z "$(U)" -o -d "solutions/$(U)" || { echo "U=$(U): no such unit; the units are: $(SLUGS)"; exit 2; }
	RNNKIT_DEVICE=cpu COURSE_UNITS=$(U) $(BIN)/pytest --nbval -p no:cacheprovider -n $(TEST_WORKERS) \
		--dist loadscope $(TEST_PATHS) $(PYTEST_ARGS)

# Playwright, the driver of tests/test_browser.py (the browser is Debian's chromium, which
# .ci/run installs). Instructor-only: the student copy's Makefile does not install it.
$(VENV)/.browser-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[browser]'
	@touch $@

release: setup
	@for a in $(SLUGS); do \
		$(BIN)/nbgrader generate_assignment "$$a" --force --log-level=WARN || exit 1; \
	done
	@echo "exercises/ regenerated from solutions/ for: $(SLUGS)"

LECTURE_FILES := $(if $(U),$(U).ipynb,*.ipynb)
lectures: setup
	cd lectures && for nb in $(LECTURE_FILES); do \
		RNNKIT_DEVICE=cpu ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
			--ExecutePreprocessor.timeout=300 "$$nb" || exit 1; \
	done

# Grade a whole class: make grade A=01_unfolding [GRADE_ARGS="--collect --release-feedback"]
grade: setup
	@test -n "$(A)" || { echo "usage: make grade A=<assignment, e.g. 01_unfolding>"; exit 2; }
	$(BIN)/python -m grading.grade "$(A)" --feedback --export grades.csv $(GRADE_ARGS)

# The student copy, built for a point in the term: the lectures and exercises of the units released so
# far, rnnkit and its tests, the student's README, Makefile and nbgrader configuration; no solutions, no
# hidden tests, no instructor tooling. The same command publishes the next unit into an existing copy:
# it adds what is new, refreshes what the student has not changed, and leaves their work alone.
#   make student UNITS=01 STUDENT_DIR=../rnn-course-student       # start of term
#   make student UNITS=01-02 STUDENT_DIR=../rnn-course-student    # after unit 01's deadline
student: setup
	@test -n "$(UNITS)" || { echo "usage: make student UNITS=01-03 [STUDENT_DIR=$(STUDENT_DIR)]: the units released so far"; exit 2; }
	$(BIN)/python -m grading.student_copy --units "$(UNITS)" "$(STUDENT_DIR)"

clean:
	rm -rf $(VENV) gradebook.db submitted autograded feedback .exchange .pytest_cache
