"""How fast is an LSTM written in Python, and how close does hoisting the input projection get to torch?

    .venv/bin/python benchmarks/lstm_speed.py                  # T=100, N=64, D=H=128, torch's default threads
    .venv/bin/python benchmarks/lstm_speed.py --threads 1      # one thread (less noise on a loaded machine)
    .venv/bin/python benchmarks/lstm_speed.py --T 200 --repeats 30

Measures, on the CPU in float32, the wall time of one forward pass plus one backward
pass (gradients of every weight and of the input) of a one-layer LSTM over a batch of
N sequences of T steps, for four implementations that compute the same function:

    step-by-step    a Python loop over time; every step does both matrix products,
                    U x(t) and W h(t-1), then the gates (what a student writes first)
    hoisted         the input projection of all T steps is one (T*N, D) x (D, 4H) matrix
                    product before the loop; the loop keeps only W h(t-1) and the gates
    hoisted, ax[t]  the same, but indexing the projected inputs with ax[t] inside the loop:
                    a pitfall whose backward pass costs O(T^2) (see lstm_hoisted_indexed)
    nn.LSTM         torch's own module

Before timing, it asserts that the Python versions give nn.LSTM's outputs and gradients.
Each implementation is warmed up, then timed `--repeats` times, round-robin (so a burst of
load from another process hits all four alike); the table gives the median and the
ratio to nn.LSTM. The goal reported at the end (hoisted within 1.2x of nn.LSTM) is a
target to compare against, not a test: nothing here fails when it is missed.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import torch


def lstm_step_by_step(x, h, c, w_ih, w_hh, b):
    """Forward an LSTM over x: (T, N, D), one step at a time. Returns out: (T, N, H).

    w_ih: (4H, D), w_hh: (4H, H), b: (4H,) = bias_ih + bias_hh; gate blocks in torch's
    order i, f, g, o. h, c: (N, H) initial state.
    """
    outputs = []
    for x_t in x:
        a = x_t @ w_ih.T + h @ w_hh.T + b
        i, f, g, o = a.chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        outputs.append(h)
    return torch.stack(outputs)


def lstm_hoisted(x, h, c, w_ih, w_hh, b):
    """The same function, with U x(t) + b for all T steps computed by one matrix product first."""
    T, N, D = x.shape
    ax = torch.addmm(b, x.reshape(T * N, D), w_ih.T).view(T, N, -1)   # (T, N, 4H), parallel over time
    outputs = []
    for ax_t in ax:                      # only this loop is sequential; iterating unbinds ax once
        a = torch.addmm(ax_t, h, w_hh.T)
        i, f, g, o = a.chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        outputs.append(h)
    return torch.stack(outputs)


def lstm_hoisted_indexed(x, h, c, w_ih, w_hh, b):
    """A pitfall: the hoisted version with ax[t] in the loop. Each ax[t] is a separate view whose
    backward allocates a zero gradient the size of all of ax, (T, N, 4H), and adds it up:
    O(T^2 N H) memory traffic in the backward pass, which can undo the gain of hoisting."""
    T, N, D = x.shape
    ax = torch.addmm(b, x.reshape(T * N, D), w_ih.T).view(T, N, -1)
    outputs = []
    for t in range(T):
        a = torch.addmm(ax[t], h, w_hh.T)
        i, f, g, o = a.chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        outputs.append(h)
    return torch.stack(outputs)


def make_runners(lstm: torch.nn.LSTM, x: torch.Tensor):
    """name -> function computing the output sequence from the module's own parameters."""
    N, H = x.shape[1], lstm.hidden_size
    h0 = x.new_zeros(N, H)

    def python_version(fn):
        return lambda: fn(x, h0, h0, lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0 + lstm.bias_hh_l0)

    return {
        "step-by-step": python_version(lstm_step_by_step),
        "hoisted": python_version(lstm_hoisted),
        "hoisted, ax[t]": python_version(lstm_hoisted_indexed),
        "nn.LSTM": lambda: lstm(x)[0],
    }


def forward_backward(run, params, grad_out):
    """One forward and one backward pass; returns the gradients (of the parameters, then of x)."""
    for p in params:
        p.grad = None
    run().backward(grad_out)
    return [p.grad.clone() for p in params]


def check_same_function(runners, params, grad_out) -> None:
    expected_out = runners["nn.LSTM"]().detach()
    expected_grads = forward_backward(runners["nn.LSTM"], params, grad_out)
    for name in ("step-by-step", "hoisted", "hoisted, ax[t]"):
        out = runners[name]().detach()
        err = (out - expected_out).abs().max().item()
        # float32 over 100 steps, summed in another order than torch's kernels: ~1e-5 is round-off
        assert err < 1e-4, f"{name}: output differs from nn.LSTM's by {err:.2e}"
        for p_name, g, e in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh", "x"),
                                forward_backward(runners[name], params, grad_out), expected_grads):
            err = ((g - e).abs().max() / e.abs().max().clamp_min(1e-12)).item()
            assert err < 1e-4, f"{name}: gradient of {p_name} differs from nn.LSTM's (relative error {err:.2e})"


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--T", type=int, default=100, help="sequence length (default 100)")
    ap.add_argument("--N", type=int, default=64, help="batch size (default 64)")
    ap.add_argument("--D", type=int, default=128, help="input size (default 128)")
    ap.add_argument("--H", type=int, default=128, help="hidden size (default 128)")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's choice)")
    ap.add_argument("--repeats", type=int, default=15, help="timed runs of each implementation (default 15)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed runs first (default 3)")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)

    torch.manual_seed(0)
    lstm = torch.nn.LSTM(args.D, args.H)
    x = torch.randn(args.T, args.N, args.D, requires_grad=True)
    grad_out = torch.randn(args.T, args.N, args.H)   # a fixed upstream gradient dL/d out
    params = [*lstm.parameters(), x]
    runners = make_runners(lstm, x)

    check_same_function(runners, params, grad_out)

    for _ in range(args.warmup):
        for run in runners.values():
            forward_backward(run, params, grad_out)
    times = {name: [] for name in runners}
    for _ in range(args.repeats):
        for name, run in runners.items():
            start = time.perf_counter()
            forward_backward(run, params, grad_out)
            times[name].append(1e3 * (time.perf_counter() - start))

    median = {name: statistics.median(ts) for name, ts in times.items()}
    load = " / ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"LSTM forward + backward, float32 on the CPU: T={args.T}, N={args.N}, D={args.D}, H={args.H}")
    print(f"{cpu_name()}; {os.cpu_count()} logical CPUs; torch {torch.__version__}, "
          f"{torch.get_num_threads()} thread(s); load average (1/5/15 min) {load}")
    print(f"median of {args.repeats} runs after {args.warmup} warm-up runs; "
          "outputs and gradients checked equal to nn.LSTM's")
    if hasattr(os, "getloadavg") and os.getloadavg()[0] >= (os.cpu_count() or 1):
        print("note: the machine is busy (load average >= number of CPUs): expect noisy timings; "
              "--threads 1 suffers least from the competition")
    print()
    print(f"{'implementation':<16} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'x nn.LSTM':>10}")
    for name, ts in times.items():
        print(f"{name:<16} {median[name]:>10.1f} {min(ts):>8.1f} {max(ts):>8.1f} {median[name] / median['nn.LSTM']:>10.2f}")
    ratio = median["hoisted"] / median["nn.LSTM"]
    print(f"\ngoal: hoisted within 1.2x of nn.LSTM -> {ratio:.2f}x, {'met' if ratio <= 1.2 else 'not met'}")


if __name__ == "__main__":
    main()
