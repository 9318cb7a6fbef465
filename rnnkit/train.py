"""A small, explicit training loop shared by the lectures.

    losses = fit(model, batches, loss_fn, steps=1500, lr=1e-3, clip_norm=1.0)

No callbacks, no magic: read it top to bottom. When a person runs a notebook, a progress bar shows
the steps done, the time left and the running loss (tqdm: a widget in Jupyter, text in a terminal).
When the course runs the notebooks (nbval in `make test`, `make lectures`, `make check`, nbgrader's
grading) it stays off, so that committed outputs do not depend on timing: those commands set
RNNKIT_PROGRESS=0, and nbgrader sets NBGRADER_EXECUTION.
"""
from __future__ import annotations

import os
import time
from typing import Callable

import torch

PROGRESS_VARIABLE = "RNNKIT_PROGRESS"  # "0": no progress bars (the course's own runs)


def progress_wanted(progress: bool | None = None) -> bool:
    """Whether fit() shows a progress bar: `progress` if given, else on unless the course runs the notebook."""
    if progress is not None:
        return progress
    return os.environ.get(PROGRESS_VARIABLE, "1") != "0" and not os.environ.get("NBGRADER_EXECUTION")


def fit(model: torch.nn.Module,
        batches: Callable[[int], tuple[torch.Tensor, torch.Tensor]],
        loss_fn: Callable[[torch.nn.Module, torch.Tensor, torch.Tensor], torch.Tensor],
        steps: int, lr: float = 1e-3, clip_norm: float | None = None,
        optimizer: str = "adam", log_every: int = 0, name: str = "",
        progress: bool | None = None) -> list[float]:
    """Train `model` for `steps` updates and return the training loss of every step.

    Args:
        model: any torch module; its parameters are updated in place.
        batches: ``batches(step) -> (x, y)``, e.g. a fresh seeded batch per step.
        loss_fn: ``loss_fn(model, x, y) -> scalar tensor``.
        steps: number of optimiser updates.
        lr: learning rate.
        clip_norm: if given, clip the global gradient norm to this value before each update.
        optimizer: ``"adam"`` or ``"sgd"``.
        log_every: print the mean loss of the last `log_every` steps every `log_every` steps
            (0: silent). Such logs vary in the last digits across machines: a notebook
            cell that prints them is marked ``# NBVAL_IGNORE_OUTPUT``.
        name: prefix of the log lines, and the progress bar's label.
        progress: show a progress bar with the running loss (mean of the last 50 steps); None: on
            when a person runs the notebook, off when the course does (module docstring).
    Returns:
        losses: list of `steps` floats.
    """
    opt_cls = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD}[optimizer]
    opt = opt_cls(model.parameters(), lr=lr)
    losses: list[float] = []
    start = time.perf_counter()
    bar = None
    if progress_wanted(progress):
        from tqdm.auto import tqdm  # a widget in Jupyter, text elsewhere

        bar = tqdm(total=steps, desc=name.strip() or "training", unit="step", leave=True)
    model.train()
    for step in range(steps):
        x, y = batches(step)
        loss = loss_fn(model, x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if clip_norm is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
        opt.step()
        losses.append(loss.item())
        if bar is not None:
            bar.update(1)
            if step % 10 == 0 or step == steps - 1:
                recent = losses[-50:]
                bar.set_postfix(loss=f"{sum(recent) / len(recent):.4g}", refresh=False)
        if log_every and (step + 1) % log_every == 0:
            recent = sum(losses[-log_every:]) / log_every
            print(f"{name}step {step + 1:>6}  loss {recent:.4f}  ({time.perf_counter() - start:.1f} s)")
    if bar is not None:
        bar.close()
    return losses


def smooth(values: list[float], window: int = 50) -> list[float]:
    """Running mean over the last `window` values (shorter at the start), for learning curves."""
    out, total = [], 0.0
    for i, v in enumerate(values):
        total += v
        if i >= window:
            total -= values[i - window]
        out.append(total / min(i + 1, window))
    return out
