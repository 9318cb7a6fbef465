"""Would each lecture's committed outputs reproduce on another CPU? nbval again, on other numerical code paths.

Round-off differs between CPUs: a lecture that printed a float64 error as `1e-14` here printed
`5e-15` on an AMD EPYC. A printed number must carry only the digits its claim needs. This machine
cannot become another CPU, but the libraries can take other code paths on it, chosen by
environment variables read when they load. Each is moved off the best this CPU offers:

- MKL_CBWR: torch's BLAS and LAPACK (Intel MKL) use the kernels of another instruction set: AVX2
  on a CPU with AVX-512, the most portable ones (COMPATIBLE) otherwise (on the AMD EPYC,
  COMPATIBLE alone turned `1e-14` into `2e-14`; AVX2 on this Xeon turns it into `8e-15`);
- ATEN_CPU_CAPABILITY=default: torch's own elementwise and reduction kernels without SIMD
  (there: `6e-15`);
- ONEDNN_MAX_CPU_ISA: oneDNN (torch's fused LSTM, convolutions) limited to AVX2, or to SSE4.1;
- NPY_DISABLE_CPU_FEATURES: numpy's kernels for newer CPUs (those dispatched at run time) off.

The lower instruction sets are chosen for speed where they suffice: COMPATIBLE and SSE4.1 cost
this machine a quarter more time on lecture 04, and find nothing AVX2 does not.
What it does not model: another architecture (ARM, Apple's Accelerate), another BLAS build
(conda's MKL numpy, OpenBLAS torch), other library versions, or a GPU. The lectures' timings are
`NBVAL_IGNORE_OUTPUT`, and no timing is asserted unless it holds with a wide margin.
"""
import os
import platform
import re
import subprocess
import sys

import pytest

from grading.course import ROOT, lecture_path, units

pytestmark = pytest.mark.slow
LECTURES = [u for u in units() if lecture_path(u).exists()]
PERTURBED = ("MKL_CBWR", "ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "NPY_DISABLE_CPU_FEATURES")


def perturbed_environment() -> dict[str, str]:
    """The environment of the second nbval run: other code paths through MKL, ATen, oneDNN and numpy."""
    from numpy._core._multiarray_umath import __cpu_dispatch__

    import torch

    env = dict(os.environ, ATEN_CPU_CAPABILITY="default", RNNKIT_DEVICE="cpu")
    if __cpu_dispatch__:  # numpy's kernels for CPU features beyond its baseline, chosen at run time
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(__cpu_dispatch__)
    if platform.machine().lower() in ("x86_64", "amd64"):  # MKL and oneDNN's x86 paths
        avx512 = torch.backends.cpu.get_cpu_capability() == "AVX512"
        env.update(MKL_CBWR="AVX2" if avx512 else "COMPATIBLE", ONEDNN_MAX_CPU_ISA="AVX2" if avx512 else "SSE41")
    return env


@pytest.mark.parametrize("slug", LECTURES)
def test_lecture_outputs_survive_other_numerics(slug):
    """Does nbval pass on the lecture when MKL, ATen, oneDNN and numpy take other code paths?"""
    proc = subprocess.run([sys.executable, "-m", "pytest", "--nbval", "-p", "no:cacheprovider", "-q", "--color=no",
                           str(lecture_path(slug).relative_to(ROOT))],
                          cwd=ROOT, env=perturbed_environment(), capture_output=True, text=True)
    if proc.returncode != 0:
        lines = proc.stdout.splitlines()
        failed = [line for line in lines if line.startswith("FAILED")]
        diffs = [line for line in lines if re.match(r"^\s+[-+?] ", line)]
        pytest.fail(f"lectures/{slug}.ipynb does not reproduce its committed outputs on other numerical code paths "
                    f"({', '.join(f'{k}={v}' for k, v in perturbed_environment().items() if k in PERTURBED)}):"
                    f"\n{chr(10).join(failed)}\n{chr(10).join(diffs[:20])}\n\nnbval's report ends:\n"
                    + "\n".join(lines[-40:]) + "\nPrint only the digits the claim needs, or assert a bound and "
                    "print the bound; a long training log is NBVAL_IGNORE_OUTPUT with a rounded summary after it.")
