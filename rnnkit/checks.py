"""Checks used by the autograder's tests, with failure messages that teach.

Every graded test calls a student's function through these helpers and compares its
answer with an independent oracle, e.g.::

    from rnnkit.checks import AUTOGRAD, assert_close, call, unchanged
    with unchanged("rnn_backward", dh=dh, cache=cache):       # the inputs must not change
        dx, dh0, dU, dW, db = call("rnn_backward", rnn_backward, dh, cache, forbid=AUTOGRAD,
                                   returns=("dx", "dh0", "dU", "dW", "db"), case="T = 4, N = 2")
        assert_close("rnn_backward", dW, expected_dW, what="dW",
                     mistakes=[("with W where W.T belongs", wrong_dW)])   # names the mistake it matches

The helpers, one job each:

* `assert_close` compares, and names the listed mistake the answer matches; `is_close` only tells;
* `assert_shape` checks a shape alone;
* `call` calls the answer, forbids the routines it re-implements (`no_delegation`; the sets
  `AUTOGRAD`, `SOFTMAX`, `CROSS_ENTROPY`, `GRADIENT_CLIPPING`, `RECURRENT_CELLS`, `RECURRENT_LAYERS`
  and `RECURRENT`, both), reports an exception
  it raises in the course's words, and checks how many values it returns (`unpack`);
* `unchanged` checks that the answer left its inputs as they were;
* `on_each_device` runs a torch test on the CPU and on every GPU; `on_meta` runs an answer on torch's
  meta device, which catches a tensor made on the CPU on a machine without a GPU.

A failure says which function, then the first thing that is wrong, in this
order: the type, the shape, the dtype, the device, NaN or infinite values, and
finally the largest error and where it is.

Robustness (see the README's threat model): student code runs in the same
kernel as the tests, so this module

* keeps private references to the numpy functions it uses, taken at import,
  so rebinding ``np.allclose`` (or ``np.abs``, ``torch.allclose``...) in a
  notebook cell changes nothing here;
* accepts only real arrays/tensors/numbers as answers, so an object whose
  ``__eq__`` always says True gets nowhere;
* refuses to have its functions rebound (``rnnkit.checks.assert_close = ...``
  raises). Test cells import the names they use at their top, so rebinding a
  notebook-level name does not reach them either.
"""
from __future__ import annotations

import contextlib
import copy
import importlib
import importlib.util
import numbers
import sys
import types

import numpy as np
import torch

from .devices import devices

# Private references, taken once at import (see the module docstring).
_asarray, _abs, _isnan, _isfinite, _argmax = np.asarray, np.abs, np.isnan, np.isfinite, np.argmax
_unravel, _maximum, _count_nonzero, _ndarray = np.unravel_index, np.maximum, np.count_nonzero, np.ndarray
_Tensor, _float64, _where, _nan_to_num, _inf = torch.Tensor, np.float64, np.where, np.nan_to_num, np.inf
_errstate = np.errstate
_isinstance, _type = isinstance, type

# Default tolerances: |got - expected| <= atol + rtol * |expected|, elementwise.
TOLERANCES = {
    "float64": dict(rtol=1e-7, atol=1e-10),  # numpy exercises: exact up to round-off
    "float32": dict(rtol=1e-4, atol=1e-5),   # torch exercises: float32, on the CPU or a GPU
}


class GradingError(AssertionError):
    """A graded test found a wrong answer; the message says what and where."""


class DelegationError(GradingError):
    """The answer called the very torch routine it was asked to re-implement."""


def _describe(x) -> str:
    if _isinstance(x, _Tensor):
        return f"a torch tensor of shape {tuple(x.shape)}, dtype {x.dtype}, on {x.device}"
    if _isinstance(x, _ndarray):
        return f"a numpy array of shape {x.shape}, dtype {x.dtype}"
    if x is None:
        return "None (did the function forget to return?)"
    return f"a {_type(x).__name__}"


def _to_numpy(x):
    """A float64 copy of an array, tensor or number (for error arithmetic only)."""
    if _isinstance(x, _Tensor):
        x = x.detach().to("cpu", torch.float64).numpy()
    return _asarray(x, dtype=_float64)


def _kind(x) -> str:
    if _isinstance(x, _Tensor):
        return "tensor"
    if _isinstance(x, _ndarray) or _isinstance(x, np.generic):
        return "array"
    if _isinstance(x, numbers.Real) and not _isinstance(x, bool):
        return "number"
    return "other"


def assert_close(name: str, got, expected, *, rtol: float | None = None, atol: float | None = None,
                 what: str = "output", check_dtype: bool = True, mistakes=()) -> None:
    """Fail with a teaching message unless `got` matches `expected`.

    Args:
        name: the graded function, e.g. ``"rnn_forward"``.
        got: the student's answer: numpy array, torch tensor or real number.
        expected: the oracle's answer, of the kind the student must return.
            A numpy array requires a numpy array (or numpy scalar / float for 0-d);
            a tensor requires a tensor with the same dtype and device.
        rtol, atol: tolerances; by default from `TOLERANCES` for expected's dtype.
        what: which output this is, e.g. ``"h"`` or ``"cache['a']"``.
        check_dtype: also require the same dtype (default).
        mistakes: pairs (description, value): the results of common mistakes, or a function that
            returns them (called only on failure). When `got` is wrong and matches one of them, the
            message starts with it: "rnn_step_forward: looks like the result <description>: ...",
            e.g. "with h_prev @ W where h_prev @ W.T belongs" (so start it with "with" or "when").
    Raises:
        GradingError: with the first problem found.
    """
    __tracebackhide__ = True  # tracebacks end in the test cell, not in rnnkit
    try:
        _compare(name, got, expected, rtol=rtol, atol=atol, what=what, check_dtype=check_dtype)
    except GradingError as err:
        found = []
        for description, value in (mistakes() if callable(mistakes) else mistakes):
            if description not in found and is_close(got, value, rtol=rtol, atol=atol):
                found.append(description)
        if found:
            raise GradingError(f"{name}: looks like the result {' or '.join(found)}: "
                               f"{str(err).removeprefix(f'{name}: ')}") from None
        raise


def _compare(name, got, expected, *, rtol, atol, what, check_dtype) -> None:
    """assert_close without the mistakes. Every message starts with the function and what is wrong,
    then says where ("in <what>"), then the detail: the command-line validator cuts lines at 80 characters."""
    __tracebackhide__ = True  # tracebacks end in the test cell, not in rnnkit
    def fail(problem: str, detail: str = "") -> None:
        __tracebackhide__ = True  # tracebacks end in the test cell, not in rnnkit
        raise GradingError(f"{name}: {problem}, in {what}." + (f" {detail}" if detail else ""))

    kg, ke = _kind(got), _kind(expected)
    if kg == "other":
        fail(f"{_describe(got)} where {_describe(expected)} belongs")
    if ke == "tensor" and kg != "tensor":
        fail(f"{_describe(got)} where a torch tensor belongs")
    if ke in ("array", "number") and kg == "tensor":
        fail(f"{_describe(got)} where a numpy array or a number belongs")
    g_shape = tuple(getattr(got, "shape", ()))
    e_shape = tuple(getattr(expected, "shape", ()))
    if g_shape != e_shape:
        fail(f"shape {g_shape} where {e_shape} belongs")
    if check_dtype and kg != "number" and ke != "number" and got.dtype != expected.dtype:
        fail(f"dtype {got.dtype} where {expected.dtype} belongs")
    if kg == "tensor" and got.device != expected.device:
        fail(f"a tensor on {got.device} where {expected.device}, the inputs' device, belongs",
             "Create new tensors on the inputs' device (e.g. torch.zeros(..., device=x.device)).")
    g, e = _to_numpy(got), _to_numpy(expected)
    bad = ~_isfinite(g) & _isfinite(e)
    if _count_nonzero(bad):
        idx = tuple(int(i) for i in _unravel(_argmax(bad), g.shape)) if g.ndim else ()
        kind = "NaN" if _isnan(g[idx]) else "infinite"
        where = f" (the first at index {idx})" if g.ndim else ""
        fail(f"{_count_nonzero(bad)} non-finite value(s) where finite ones belong{where}: the first is {kind}")
    dtype_key = "float32" if str(getattr(expected, "dtype", "float64")).endswith(("float32", "float16")) else "float64"
    rtol = TOLERANCES[dtype_key]["rtol"] if rtol is None else rtol
    atol = TOLERANCES[dtype_key]["atol"] if atol is None else atol
    with _errstate(invalid="ignore", over="ignore"):  # inf - inf is NaN here, on purpose
        finite = _isfinite(e)
        same_special = (g == e) | (_isnan(g) & _isnan(e))  # matching NaN or infinity where the oracle has one
        err = _abs(g - e)
        allowed = atol + rtol * _abs(e)
        over = (finite & ~(err <= allowed)) | (~finite & ~same_special)
        excess = _where(over, _nan_to_num(err - allowed, nan=_inf, posinf=_inf), -_inf)
    if _count_nonzero(over):
        i = int(_argmax(excess))
        idx = tuple(int(j) for j in _unravel(i, g.shape)) if g.ndim else ()
        tolerance = f"error {err[idx]:.2e}, allowed {allowed[idx]:.2e} = atol {atol:g} + rtol {rtol:g} * |expected|"
        if g.size == 1:
            fail(f"got {g[idx]:.6g} where {e[idx]:.6g} belongs", f"({tolerance[0].upper()}{tolerance[1:]}.)")
        fail(f"{_count_nonzero(over)} of {g.size} entries wrong",
             f"The worst is at index {idx}: got {g[idx]:.6g}, expected {e[idx]:.6g} ({tolerance}).")


def is_close(got, expected, *, rtol: float | None = None, atol: float | None = None) -> bool:
    """Whether `got` passes ``assert_close(..., got, expected)``; never raises."""
    try:
        assert_close("", got, expected, rtol=rtol, atol=atol)
        return True
    except GradingError:
        return False


def assert_shape(name: str, got, shape: tuple, what: str = "output") -> None:
    """Fail unless `got` is an array or tensor of exactly `shape`."""
    __tracebackhide__ = True  # tracebacks end in the test cell, not in rnnkit
    if _kind(got) not in ("array", "tensor"):
        raise GradingError(f"{name}: {_describe(got)} where an array of shape {tuple(shape)} belongs, in {what}.")
    if tuple(got.shape) != tuple(shape):
        raise GradingError(f"{name}: shape {tuple(got.shape)} where {tuple(shape)} belongs, in {what}.")


def _is_cuda_error(err: BaseException) -> bool:
    text = str(err)
    return any(s in text for s in ("CUDA", "cuda", "NVIDIA"))


def on_each_device(test, name: str) -> None:
    """Run ``test(device)`` on every available device (CPU always, each GPU when present).

    A failure is re-raised with the device in its message; code that moves
    tensors to CUDA by hand fails on a CPU-only machine with an explanation.
    """
    __tracebackhide__ = True  # tracebacks end in the test cell, not in rnnkit
    for dev in devices():
        # Tolerances assume true float32 products: TF32 (on by choice on recent GPUs) is off while grading.
        tf32 = torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32
        torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False
        try:
            test(dev)
        except (GradingError, RuntimeError, AssertionError) as err:
            cause = err.__cause__ if _isinstance(err, GradingError) and err.__cause__ is not None else err
            if dev.type == "cpu" and _isinstance(cause, (RuntimeError, AssertionError)) and _is_cuda_error(cause):
                raise GradingError(
                    f"[on cpu] {name} tried to use a GPU ({cause}). The inputs were on the CPU: "
                    "do not hard-code .cuda() or device='cuda'; use the inputs' device, e.g. x.device.") from None
            if _isinstance(err, GradingError):
                raise GradingError(f"[on {dev}] {err}") from None
            raise
        finally:
            torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = tf32


def _installed(dotted: str) -> bool:
    """Whether the package a dotted name starts with is installed (scipy need not be)."""
    return importlib.util.find_spec(dotted.split(".")[0]) is not None


def _resolve(dotted: str):
    """'torch.nn.RNN.forward' -> (owner object, attribute name)."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for p in parts[cut:-1]:
            obj = getattr(obj, p)
        return obj, parts[-1]
    raise ValueError(f"cannot resolve {dotted!r}")


class _Forbid(torch.overrides.TorchFunctionMode):
    """Sees every torch function call in its block, however the caller got hold of the function."""

    def __init__(self, name: str, forbidden: dict):
        super().__init__()
        self.name, self.forbidden = name, forbidden  # original callable -> dotted name

    def __torch_function__(self, func, types, args=(), kwargs=None):
        __tracebackhide__ = True  # tracebacks end in the test cell, not in rnnkit
        for original, dotted in self.forbidden.items():
            if func is original or func == original:
                raise _delegation_error(self.name, dotted)
        return func(*args, **(kwargs or {}))


def _delegation_error(name: str, target: str) -> DelegationError:
    return DelegationError(
        f"{name} called {target}, the routine it is meant to re-implement. "
        "Build it from basic operations instead; an answer that delegates scores zero.")


@contextlib.contextmanager
def no_delegation(name: str, *forbidden: str):
    """Inside this block, calling any of the `forbidden` routines raises DelegationError.

    Example::

        with no_delegation("lstm_cell", "torch.nn.LSTMCell.forward", "torch.lstm_cell"):
            h, c = student_cell(x, (h0, c0))

    Two nets catch a call: the dotted names are rebound to a stub for the duration
    of the block (this catches Python functions and module ``forward`` methods),
    and a torch function mode checks every torch call, so a torch function the
    student imported under another name, or reached as a tensor method, is caught
    too (list the method as well, e.g. ``"torch.Tensor.softmax"``).

    Args:
        name: the graded function (for the message).
        forbidden: dotted names of functions or methods, e.g. ``"torch.nn.functional.softmax"``;
            those of a package that is not installed (say scipy) are skipped.
    """
    saved, originals = [], {}
    forbidden = [f for f in forbidden if _installed(f)]

    def stub_for(target):
        def stub(*args, **kwargs):
            __tracebackhide__ = True  # tracebacks end in the test cell, not in rnnkit
            raise _delegation_error(name, target)
        return stub

    try:
        for target in forbidden:
            owner, attr = _resolve(target)
            original = owner.__dict__[attr] if attr in getattr(owner, "__dict__", {}) else getattr(owner, attr)
            saved.append((owner, attr, original))
            originals[getattr(owner, attr)] = target
            setattr(owner, attr, stub_for(target))
        with _Forbid(name, originals):
            yield
    finally:
        for owner, attr, original in reversed(saved):
            setattr(owner, attr, original)


# The routines an answer must not call, by what the exercise re-implements (pass to `call` or `no_delegation`).
AUTOGRAD = ("torch.autograd.backward", "torch.Tensor.backward", "torch.autograd.grad")
SOFTMAX = ("torch.softmax", "torch.nn.functional.softmax", "torch.special.softmax", "torch.Tensor.softmax",
           "scipy.special.softmax")
CROSS_ENTROPY = SOFTMAX + (
    "torch.nn.functional.cross_entropy", "torch.nn.functional.nll_loss", "torch.nn.functional.log_softmax",
    "torch.log_softmax", "torch.logsumexp", "torch.special.log_softmax", "torch.special.logsumexp",
    "scipy.special.logsumexp", "scipy.special.log_softmax")
GRADIENT_CLIPPING = ("torch.nn.utils.clip_grad_norm_", "torch.nn.utils.clip_grad_norm",
                     "torch.nn.utils.clip_grads_with_norm_", "torch.nn.utils.get_total_norm",
                     "torch.nn.utils.clip_grad_value_", "torch.nn.utils.clip_grad.clip_grad_norm_",
                     "torch.nn.utils.clip_grad.clip_grad_value_", "torch.nn.utils.clip_grad._get_total_norm",
                     "torch.nn.utils.clip_grad._clip_grads_with_norm_")
RECURRENT_CELLS = ("torch.nn.RNNCell.forward", "torch.nn.LSTMCell.forward", "torch.nn.GRUCell.forward",
                   "torch.rnn_tanh_cell", "torch.rnn_relu_cell", "torch.lstm_cell", "torch._VF.lstm_cell",
                   "torch.gru_cell", "torch._VF.gru_cell", "torch.ops.aten.lstm_cell", "torch.ops.aten.gru_cell",
                   "torch.ao.nn.quantizable.LSTMCell.forward")
RECURRENT_LAYERS = ("torch.nn.RNN.forward", "torch.nn.LSTM.forward", "torch.nn.GRU.forward", "torch.rnn_tanh",
                    "torch.rnn_relu", "torch.lstm", "torch._VF.lstm", "torch.gru", "torch._VF.gru",
                    "torch.ao.nn.quantizable.LSTM.forward")
RECURRENT = RECURRENT_CELLS + RECURRENT_LAYERS  # a recurrent cell or layer re-implemented from tensor operations


def _count(names: tuple) -> str:
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    n = len(names)
    return f"{words[n] if n < len(words) else n} value{'s' if n != 1 else ''}"


def unpack(name: str, out, names: tuple[str, ...]) -> tuple:
    """`out` as a tuple of len(names) values, or a GradingError saying what the function returned instead.

    Example: ``h, cache = unpack("rnn_forward", out, ("h", "cache"))``.
    """
    __tracebackhide__ = True  # tracebacks end in the test cell, not in rnnkit
    if not (_isinstance(out, (tuple, list)) and len(out) == len(names)):
        if _isinstance(out, (tuple, list)):
            got = f"{len(out)} value(s): " + ", ".join(_describe(v) for v in out[:4]) + (", ..." if len(out) > 4 else "")
        else:
            got = _describe(out)
        raise GradingError(f"{name} should return {_count(names)}, {', '.join(names)}, but it returned {got}.")
    return tuple(out)


def call(name: str, fn, *args, forbid: tuple = (), returns: tuple[str, ...] | None = None, case: str = "",
         **kwargs):
    """``fn(*args, **kwargs)``, the student's `name`, as a test should call it.

    Args:
        forbid: dotted names of the routines it must not call (see `no_delegation`).
        returns: the names of the values it must return; checked with `unpack`.
        case: a short description of the inputs, for the messages (e.g. "T = 4, N = 2").
    Raises:
        GradingError: if it calls a forbidden routine, raises anything (said in the course's words:
            which function, which case, which error), or returns the wrong number of values.
    """
    __tracebackhide__ = True  # tracebacks end in the test cell, not in rnnkit
    try:
        with no_delegation(name, *forbid):
            out = fn(*args, **kwargs)
    except GradingError:
        raise
    except Exception as err:
        raise GradingError(f"{name} raised {_type(err).__name__}{f' ({case})' if case else ''}: {err}") from err
    return unpack(name, out, returns) if returns is not None else out


def _to_meta(x):
    """x with every tensor (and every module's parameters and buffers) on torch's meta device."""
    if _isinstance(x, _Tensor):
        return x.detach().to("meta").requires_grad_(x.requires_grad)
    if _isinstance(x, torch.nn.Module):
        return copy.deepcopy(x).to("meta")
    if _isinstance(x, (list, tuple)) and _type(x) in (list, tuple):
        return _type(x)(_to_meta(v) for v in x)
    if _isinstance(x, dict):
        return {k: _to_meta(v) for k, v in x.items()}
    return x


def _tensors(x):
    if _isinstance(x, _Tensor):
        yield x
    elif _isinstance(x, (list, tuple)):
        for v in x:
            yield from _tensors(v)
    elif _isinstance(x, dict):
        for v in x.values():
            yield from _tensors(v)


_MIXED_DEVICES = ("is not on the expected device", "Expected all tensors to be on the same device",
                  "found at least two devices",
                  "Cannot copy out of meta tensor")  # a meta value written into a CPU tensor, or moved there


def on_meta(name: str, fn, *args, forbid: tuple = (), **kwargs) -> None:
    """Run ``fn(*args, **kwargs)`` with every tensor (and a module's weights) on torch's meta device, which
    stands in for a GPU on a machine without one: fail if the answer makes a tensor on the CPU.

    A meta tensor has a shape, a dtype and a device, but no values: ``torch.ones(N, H) - x`` with x on
    the meta device raises, as it would with x on a GPU, while shapes flow through ``@``, ``sigmoid``
    and ``chunk``. Code that needs values (``.item()``, ``if (x > 0).any():``) cannot run on it, and
    is not judged here; the other tests run it on real devices. Returns nothing (so that a test cell
    may end with it: nbgrader reads a value a test cell ends with as a partial score).
    """
    __tracebackhide__ = True  # tracebacks end in the test cell, not in rnnkit
    meta_fn = _to_meta(fn) if _isinstance(fn, torch.nn.Module) else fn
    try:
        with no_delegation(name, *forbid):
            out = meta_fn(*_to_meta(list(args)), **_to_meta(kwargs))
    except GradingError:
        raise
    except Exception as err:
        if any(s in str(err) for s in _MIXED_DEVICES):
            raise GradingError(
                f"{name} made a tensor on the CPU although its inputs were on another device (here torch's meta "
                "device, which stands in for a GPU): create new tensors on the inputs' device and with their dtype, "
                f"e.g. torch.zeros(N, H, device=x.device, dtype=x.dtype) or torch.zeros_like(x). (torch: {err})"
            ) from None
        return
    for t in _tensors(out):
        if t.device.type != "meta":
            raise GradingError(
                f"{name} returned a tensor on {t.device} although its inputs were on another device (torch's meta "
                "device, which stands in for a GPU): create new tensors on the inputs' device (device=x.device).")


def _snapshot(x):
    """A copy of x deep enough to tell later whether x was changed in place."""
    if _isinstance(x, _Tensor):
        return x.detach().clone()
    if _isinstance(x, _ndarray):
        return x.copy()
    if _isinstance(x, (list, tuple)):
        return _type(x)(_snapshot(v) for v in x) if _type(x) in (list, tuple) else copy.deepcopy(x)
    if _isinstance(x, dict):
        return {k: _snapshot(v) for k, v in x.items()}
    return copy.deepcopy(x)


def _change(before, after) -> str:
    """How `after` differs from `before`, the same object before the call ('' if it does not)."""
    if _isinstance(before, (_Tensor, _ndarray)):
        if tuple(before.shape) != tuple(after.shape):
            return f"its shape changed from {tuple(before.shape)} to {tuple(after.shape)}"
        if _isinstance(before, _Tensor) and before.device.type == "meta":
            return ""
        b, a = _to_numpy(before), _to_numpy(after)
        with _errstate(invalid="ignore"):
            differ = ~((a == b) | (_isnan(a) & _isnan(b)))
        if _count_nonzero(differ):
            idx = tuple(int(i) for i in _unravel(_argmax(differ), a.shape)) if a.ndim else ()
            where = f"entry {idx}" if a.ndim else "its value"
            return f"{where} was {b[idx]:.6g} and is {a[idx]:.6g} after the call"
        return ""
    if _isinstance(before, (list, tuple)):
        if len(before) != len(after):
            return f"it had {len(before)} items and has {len(after)} after the call"
        for i, (b, a) in enumerate(zip(before, after)):
            change = _change(b, a)
            if change:
                return f"item [{i}]: {change}"
        return ""
    if _isinstance(before, dict):
        if set(before) != set(after):
            return f"its keys changed from {sorted(before)} to {sorted(after)}"
        for k in before:
            change = _change(before[k], after[k])
            if change:
                return f"item [{k!r}]: {change}"
        return ""
    return "" if before == after else f"it was {before!r:.60} and is {after!r:.60} after the call"


@contextlib.contextmanager
def unchanged(name: str, advice: str = "", **inputs):
    """Fail, after the block, if the block changed any of `inputs` in place.

    Put the call and the checks of its results inside the block, so that an answer that does
    nothing fails on its results before it could pass for leaving its inputs alone::

        with unchanged("softmax", o=o):
            assert_close("softmax", call("softmax", softmax, o), expected)

    Args:
        advice: what to do instead, for this function (default: work on a copy).
    """
    __tracebackhide__ = True  # tracebacks end in the test cell, not in rnnkit
    before = {k: _snapshot(v) for k, v in inputs.items()}
    yield
    for key, value in inputs.items():
        change = _change(before[key], value)
        if change:
            raise GradingError(f"{name} changed its input {key}: {change}. A function must not modify its inputs: "
                               + (advice or "x += ... and x[...] = ... write into the caller's array; work on a copy")
                               + ".")


class _ReadOnlyModule(types.ModuleType):
    """A module whose existing names cannot be rebound or deleted (see the module docstring)."""

    def __setattr__(self, attr, value):
        if attr in self.__dict__:
            raise AttributeError(f"{self.__name__}.{attr} is read-only: the autograder's tests rely on it.")
        super().__setattr__(attr, value)

    def __delattr__(self, attr):
        raise AttributeError(f"{self.__name__}.{attr} is read-only: the autograder's tests rely on it.")


def protect(module_name: str) -> None:
    """Make the names already defined in module `module_name` read-only."""
    sys.modules[module_name].__class__ = _ReadOnlyModule


protect(__name__)
