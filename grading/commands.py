"""Run one of nbgrader's commands, with the course's virtual environment first on PATH."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent  # the course's .venv/bin when run from it


def nbgrader(course: Path, *args: str, check: bool = True, threads: int | None = None) -> subprocess.CompletedProcess:
    """Run `nbgrader *args` in the folder `course` and return the finished process.

    The venv comes first on PATH because nbgrader runs `alembic` (and its kernels run `python`)
    from there. `threads` caps the BLAS/OpenMP threads of the kernels it starts: parallel graders
    must not oversubscribe the cores (busy-waiting threads can slow torch a hundredfold).
    Raises RuntimeError with nbgrader's output if it fails and `check` is set.
    """
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if threads:
        env.update(OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    env.setdefault("RNNKIT_DEVICE", "cpu")
    proc = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc
