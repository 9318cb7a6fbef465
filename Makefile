# The course's commands. A newcomer needs two: `make lab` and `make test`.
#
#   make setup    create .venv and install the pinned dependencies and rnnkit (first use only)
#   make lab      set up if needed, then start JupyterLab on the lectures
#   make test     set up if needed, then prove the whole course runs and grades
#   make test U=01_unfolding   one unit only, after editing it (no lifecycle, no browser): a few minutes
#   make release  regenerate exercises/ (student versions) from solutions/ with nbgrader (no gradebook)
#   make lectures re-execute every lecture in a fresh kernel, in place (U=01_unfolding: one lecture)
#   make publish  UNITS=01-03: the units released so far into the gradebook, the exchange and the student copy
#   make grade    A=01_unfolding: autograde a class in parallel, feedback, grades.csv
#   make student  UNITS=01-03: only build or update the student copy in $(STUDENT_DIR) (default build/student)
#   make clean    remove what can be rebuilt (the venv, caches, build/); never grading data
#   make delete-grading-data   the term's gradebook, submissions, exchange, feedback and grades: asks first
#
# Every target is idempotent, and none deletes or overwrites a student's work without asking.

include common.mk

SLUGS       := $(notdir $(patsubst %/,%,$(wildcard solutions/*/)))
STUDENT_DIR ?= build/student

.PHONY: test release lectures publish student grade clean delete-grading-data

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
	RNNKIT_DEVICE=cpu RNNKIT_PROGRESS=0 COURSE_UNITS=$(U) $(BIN)/pytest --nbval -p no:cacheprovider -n $(TEST_WORKERS) \
		--dist loadscope $(TEST_PATHS) $(PYTEST_ARGS)

# Playwright, the driver of tests/test_browser.py (the browser is Debian's chromium, which
# .ci/run installs). Instructor-only: the student copy's Makefile does not install it.
$(VENV)/.browser-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[browser]'
	@touch $@

# The gradebook is left alone (--no-db): a unit enters it when it is published (make publish).
release: setup
	@for a in $(SLUGS); do \
		$(BIN)/nbgrader generate_assignment "$$a" --no-db --force --log-level=WARN || exit 1; \
	done
	@echo "exercises/ regenerated from solutions/ for: $(SLUGS)"

LECTURE_FILES := $(if $(U),$(U).ipynb,*.ipynb)
lectures: setup
	cd lectures && for nb in $(LECTURE_FILES); do \
		RNNKIT_DEVICE=cpu RNNKIT_PROGRESS=0 ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
			--ExecutePreprocessor.timeout=300 "$$nb" || exit 1; \
	done

# Publish the units released so far (grading/publish.py): each new one enters the gradebook and nbgrader's
# exchange, and the student copy in STUDENT_DIR gets it; what was published before is left as it is.
#   make publish UNITS=01 STUDENT_DIR=../rnn-course-student       # start of term
#   make publish UNITS=01-02 STUDENT_DIR=../rnn-course-student    # after unit 01's deadline
publish: setup
	@test -n "$(UNITS)" || { echo "usage: make publish UNITS=01-03 [STUDENT_DIR=$(STUDENT_DIR)]: the units released so far"; exit 2; }
	@$(BIN)/python -m grading.publish --units "$(UNITS)" --student-dir "$(STUDENT_DIR)"

# Grade a whole class: make grade A=01_unfolding [GRADE_ARGS="--collect --release-feedback"]
grade: setup
	@test -n "$(A)" || { echo "usage: make grade A=<assignment, e.g. 01_unfolding>"; exit 2; }
	$(BIN)/python -m grading.grade "$(A)" --feedback --export grades.csv $(GRADE_ARGS)

# The student copy alone (make publish builds it with the rest), for a point in the term: the lectures and
# exercises of the units released so far, rnnkit and its tests, the student's README, Makefile and nbgrader
# configuration; no solutions, no hidden tests, no instructor tooling. Run again with more units, it adds
# what is new, refreshes what the student has not changed, and leaves their work alone.
#   make student UNITS=01-04 STUDENT_DIR=build/student    # to look at it; a term uses make publish
student: setup
	@test -n "$(UNITS)" || { echo "usage: make student UNITS=01-03 [STUDENT_DIR=$(STUDENT_DIR)]: the units released so far"; exit 2; }
	$(BIN)/python -m grading.student_copy --units "$(UNITS)" "$(STUDENT_DIR)"

# What can be rebuilt: the venv, caches, build output. Never the term's grading data (below).
clean:
	rm -rf $(VENV) build .pytest_cache *.egg-info
	find . -name __pycache__ -prune -not -path './.git/*' -exec rm -rf {} +

# The term's grading data, which nothing can rebuild: it lists what it would delete, then asks (in a
# terminal) or needs CONFIRM=yes. An exchange set with NBGRADER_EXCHANGE is shared, and never deleted here.
GRADING_DATA := gradebook.db submitted autograded feedback .exchange grades.csv grading-logs
delete-grading-data:
	@found="$$(ls -d $(GRADING_DATA) 2>/dev/null)"; \
	if [ -z "$$found" ]; then echo "No grading data here: nothing to delete."; exit 0; fi; \
	echo "The term's grading data here, which nothing can rebuild:"; \
	for f in $$found; do \
		if [ -d "$$f" ]; then echo "  $$f/  (files: $$(find "$$f" -type f | wc -l))"; else echo "  $$f"; fi; \
	done; \
	if [ "$(CONFIRM)" != yes ]; then \
		if [ -t 0 ]; then printf 'Type "delete" to delete all of it: '; read answer; \
		else answer=; echo "Nothing deleted. To delete it: make delete-grading-data CONFIRM=yes"; fi; \
		[ "$$answer" = delete ] || { [ -t 0 ] && echo "Nothing deleted."; exit 1; }; \
	fi; \
	rm -rf $$found && echo "Deleted."
