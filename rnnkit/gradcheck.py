"""Gradient checking: is a hand-written gradient right?

Three independent answers to "what is dL/dθ?":

1. your hand-written backward pass,
2. a centred finite difference, (L(θ + h e_i) - L(θ - h e_i)) / 2h, one entry at a time,
3. torch autograd on the same float64 numbers.

They should agree to a relative error (CS231n's definition, `rel_error`) of about
1e-7 or better in float64. A larger error means a bug, or a kink (e.g. a ReLU at 0)
too close to the point of evaluation.

This is a tool for checking your own work; it is not what the autograder uses to
grade it.
"""
from __future__ import annotations

from typing import Callable, Mapping

import numpy as np
import torch


def rel_error(a, b) -> float:
    """max |a - b| / max(1e-8, |a| + |b|), elementwise then the maximum (CS231n)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error: shapes differ, {a.shape} vs {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Centred-difference gradient of the scalar ``f()`` with respect to the array `x`.

    `f` takes no arguments and reads `x` (and whatever else it needs) from its
    closure; `x` is perturbed in place, one entry at a time, and restored.

    Args:
        f: returns a scalar (float or 0-d array) computed from the current `x`.
        x: float64 array of any shape, modified in place during the call.
        h: step size; 1e-5 balances truncation and round-off error in float64.
    Returns:
        grad: array with the shape of `x`, grad[i] ≈ (f(x + h e_i) - f(x - h e_i)) / (2h).
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError("numerical_gradient needs a float64 numpy array (float32 is too coarse for 1e-5 steps)")
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        plus = float(f())
        x[i] = old - h
        minus = float(f())
        x[i] = old
        grad[i] = (plus - minus) / (2 * h)
    return grad


def autograd_gradients(f_torch: Callable[[Mapping[str, torch.Tensor]], torch.Tensor],
                       params: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Gradients of ``f_torch(tensors)`` by torch autograd, in float64.

    Args:
        f_torch: takes a dict of float64 tensors (same keys as `params`) and returns a scalar tensor.
        params: name -> numpy array; each becomes a leaf tensor that requires grad.
    Returns:
        name -> numpy array with the shape of ``params[name]``.
    """
    leaves = {k: torch.tensor(np.asarray(v, dtype=np.float64), requires_grad=True) for k, v in params.items()}
    out = f_torch(leaves)
    if out.numel() != 1:
        raise ValueError(f"f_torch must return a scalar, got shape {tuple(out.shape)}")
    grads = torch.autograd.grad(out, list(leaves.values()), allow_unused=True)
    return {k: (np.zeros_like(params[k], dtype=np.float64) if g is None else g.detach().numpy())
            for k, g in zip(leaves, grads)}


def check_gradients(f: Callable[[], float], params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray],
                    f_torch: Callable[[Mapping[str, torch.Tensor]], torch.Tensor] | None = None,
                    h: float = 1e-5, verbose: bool = True) -> list[dict]:
    """Compare hand-written gradients with numerical ones (and with autograd if `f_torch` is given).

    Args:
        f: the scalar loss as a function of no arguments, reading the arrays in
           `params` (which are perturbed in place and restored).
        params: name -> float64 array, the very arrays `f` reads.
        grads: name -> your gradient, same shapes as `params`.
        f_torch: optional torch version of the loss, taking name -> tensor.
        verbose: print one row per parameter.
    Returns:
        one dict per parameter: name, shape, rel_error vs numerical, and vs autograd (or None).
    """
    auto = autograd_gradients(f_torch, params) if f_torch is not None else {}
    rows = []
    for name, x in params.items():
        if name not in grads:
            raise KeyError(f"no gradient given for {name!r}")
        g = np.asarray(grads[name], dtype=np.float64)
        if g.shape != x.shape:
            raise ValueError(f"gradient of {name!r} has shape {g.shape}, the parameter has {x.shape}")
        num = numerical_gradient(f, x, h)
        rows.append(dict(name=name, shape=tuple(x.shape), numerical=rel_error(g, num),
                         autograd=rel_error(g, auto[name]) if name in auto else None))
    if verbose:
        print(format_gradient_table(rows))
    return rows


def format_gradient_table(rows: list[dict]) -> str:
    """The rows of `check_gradients` as a fixed-width text table (errors shown to one significant digit)."""
    lines = [f"{'parameter':<10} {'shape':<12} {'vs numerical':>13} {'vs autograd':>12}"]
    for r in rows:
        auto = "—" if r["autograd"] is None else f"{r['autograd']:.0e}"
        lines.append(f"{r['name']:<10} {str(r['shape']):<12} {r['numerical']:>13.0e} {auto:>12}")
    return "\n".join(lines)
