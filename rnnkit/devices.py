"""Which device to compute on, and one call that seeds every random generator.

The course runs unchanged on a laptop CPU and on a GPU machine:

    >>> from rnnkit import device, seed_everything
    >>> seed_everything(0)
    >>> x = torch.randn(5, 3, 4, device=device())

`RNNKIT_DEVICE` (for example ``cpu`` or ``cuda:0``) forces the default device;
`make test` sets it to ``cpu`` so that committed notebook outputs reproduce on
every machine.
"""
from __future__ import annotations

import os
import random

import numpy as np
import torch

ENV_VAR = "RNNKIT_DEVICE"


def device() -> torch.device:
    """The default device: ``$RNNKIT_DEVICE`` if set, else CUDA when present, else the CPU.

    Raises RuntimeError with a plain explanation when ``$RNNKIT_DEVICE`` names a
    device this machine does not have.
    """
    forced = os.environ.get(ENV_VAR, "").strip()
    if forced:
        try:
            dev = torch.device(forced)
        except RuntimeError as err:
            raise RuntimeError(f"{ENV_VAR}={forced!r} is not a device name torch knows ({err}).") from None
        if dev.type == "cuda" and not torch.cuda.is_available():
            raise RuntimeError(
                f"{ENV_VAR}={forced!r} asks for a GPU, but torch sees no CUDA device on this machine. "
                f"Unset {ENV_VAR} or set it to 'cpu'."
            )
        if dev.type == "cuda" and dev.index is not None and dev.index >= torch.cuda.device_count():
            raise RuntimeError(f"{ENV_VAR}={forced!r}: this machine has only {torch.cuda.device_count()} CUDA device(s).")
        return dev
    return torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")


def devices() -> list[torch.device]:
    """Every device the graders test on: the CPU always, then each CUDA device present.

    ``$RNNKIT_DEVICE`` does not shrink this list: graded code must work on all of them.
    """
    found = [torch.device("cpu")]
    if torch.cuda.is_available():
        found += [torch.device("cuda", i) for i in range(torch.cuda.device_count())]
    return found


def seed_everything(seed: int) -> np.random.Generator:
    """Seed Python's `random`, numpy's global generator and torch (CPU and CUDA).

    Returns a fresh ``np.random.Generator`` seeded with `seed`, the preferred way
    to draw numpy random numbers in this course.
    """
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device
    return np.random.default_rng(seed)
