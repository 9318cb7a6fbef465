"""Offline, seeded data generators. Nothing here downloads anything.

Every generator takes a seed (or a ``torch.Generator``) and returns time-major
tensors, ``x`` of shape (T, N, D), like torch's recurrent modules.
"""
from __future__ import annotations

import torch


def _generator(seed: int | torch.Generator | None) -> torch.Generator:
    if isinstance(seed, torch.Generator):
        return seed
    g = torch.Generator()
    g.manual_seed(0 if seed is None else int(seed))
    return g


def adding_problem(n: int, T: int, seed: int | torch.Generator | None = 0,
                   device: torch.device | str | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """The adding problem (Hochreiter & Schmidhuber 1997): add the two marked numbers.

    Each sequence has T steps with two input channels: a value drawn from U(0, 1)
    and a marker that is 1 at exactly two steps, one in the first half and one in
    the second half, and 0 elsewhere. The target is the sum of the two marked
    values. Predicting the mean, 1, gives a mean squared error of Var(u1 + u2) = 1/6:
    that is the baseline a model must beat (`ADDING_BASELINE_MSE`).

    Args:
        n: number of sequences N.
        T: sequence length (at least 2).
        seed: an int or a torch.Generator (drawn on the CPU, then moved to `device`).
    Returns:
        x: (T, N, 2) float32, channel 0 the values, channel 1 the markers.
        y: (N,) float32 targets.
    """
    if T < 2:
        raise ValueError(f"adding_problem needs T >= 2, got {T}")
    g = _generator(seed)
    values = torch.rand(T, n, generator=g)
    first = torch.randint(0, (T + 1) // 2, (n,), generator=g)
    second = torch.randint((T + 1) // 2, T, (n,), generator=g) if T > 2 else torch.ones(n, dtype=torch.long)
    markers = torch.zeros(T, n)
    cols = torch.arange(n)
    markers[first, cols] = 1.0
    markers[second, cols] = 1.0
    x = torch.stack([values, markers], dim=-1)
    y = values[first, cols] + values[second, cols]
    return x.to(device), y.to(device)


ADDING_BASELINE_MSE = 1 / 6  # the MSE of always predicting 1, the mean of the target


def delayed_recall(n: int, T: int, delay: int, n_symbols: int = 4, seed: int | torch.Generator | None = 0,
                   device: torch.device | str | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Recall the symbol seen `delay` steps ago, at every step (a memory-over-distance task).

    Inputs are one-hot symbols drawn uniformly from `n_symbols`; the target at step t
    is the symbol at step t - delay. Targets of the first `delay` steps are -100,
    torch's ``ignore_index`` for cross-entropy, because nothing can be recalled yet.
    Chance accuracy is 1 / n_symbols: a model beats it only if it remembers
    across `delay` steps.

    Returns:
        x: (T, N, n_symbols) float32 one-hot inputs.
        y: (T, N) int64 targets, -100 where undefined.
    """
    if not 0 <= delay < T:
        raise ValueError(f"delayed_recall needs 0 <= delay < T, got delay={delay}, T={T}")
    g = _generator(seed)
    symbols = torch.randint(0, n_symbols, (T, n), generator=g)
    x = torch.nn.functional.one_hot(symbols, n_symbols).float()
    y = torch.full((T, n), -100, dtype=torch.long)
    y[delay:] = symbols[: T - delay]
    return x.to(device), y.to(device)
