"""Curves: state trajectories, a cost against the sequence length, and an LSTM's gates over a sequence."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._axes import figure_and_axes


def plot_trajectories(trajectories, labels=None, ax=None, title="Trajectories",
                      xlabel=r"$s_1$", ylabel=r"$s_2$"):
    """Phase portrait of a 2-D state: one line per trajectory, start marked by a circle.

    Args:
        trajectories: a sequence of arrays, each of shape (T+1, 2): the states s(0..T).
        labels: one legend entry per trajectory (optional).
        ax: a matplotlib Axes to draw into; None makes a new figure.

    Returns:
        The matplotlib Figure.
    """
    fig, ax = figure_and_axes(ax, (4.5, 4.5))
    labels = [None] * len(trajectories) if labels is None else list(labels)
    if len(labels) != len(trajectories):
        raise ValueError(f"got {len(trajectories)} trajectories but {len(labels)} labels")
    for s, label in zip(trajectories, labels):
        s = np.asarray(s)
        if s.ndim != 2 or s.shape[1] != 2:
            raise ValueError(f"each trajectory must have shape (T+1, 2), got {s.shape}")
        (line,) = ax.plot(s[:, 0], s[:, 1], "-", marker=".", markersize=4, linewidth=1, label=label)
        ax.plot(s[0, 0], s[0, 1], "o", color=line.get_color(), markersize=6)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if any(label is not None for label in labels):
        ax.legend(fontsize=9)
    return fig


def plot_against_length(lengths, curves, ax=None, title="Cost against sequence length",
                        ylabel="wall time (s)", slope=None):
    """Log-log plot of one or more costs against the sequence length T.

    Args:
        lengths: the sequence lengths, shape (n,).
        curves: dict mapping a legend label to values of shape (n,), one per length.
        ax: a matplotlib Axes to draw into; None makes a new figure.
        slope: if given, a dotted reference line proportional to T**slope, through
            the first curve's last point.

    Returns:
        The matplotlib Figure.
    """
    fig, ax = figure_and_axes(ax, (5.5, 4))
    lengths = np.asarray(lengths, dtype=float)
    for label, values in curves.items():
        values = np.asarray(values, dtype=float)
        if values.shape != lengths.shape:
            raise ValueError(f"curve {label!r} has shape {values.shape}, lengths have {lengths.shape}")
        ax.plot(lengths, values, "o-", label=label)
    if slope is not None:
        anchor = np.asarray(next(iter(curves.values())), dtype=float)[-1]
        ref = anchor * (lengths / lengths[-1]) ** slope
        ax.plot(lengths, ref, ":", color="0.5", label=rf"$\propto T^{{{slope:g}}}$" if slope != 1 else r"$\propto T$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("sequence length T")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return fig


def plot_gate_traces(values, marks, gates, cells, title=""):
    """One sequence through a trained LSTM: its input, the gates of every unit as heatmaps, a few cell states.

    Args:
        values: (T,) the input values to draw as bars, one per step.
        marks: the indices (from 0, as in Python) of the marked steps: their bars are red, and a dotted red
            line crosses every panel. The step axis counts from 1, as the maths does: index t - 1 is step t.
        gates: {"i": ..., "f": ..., "o": ...}, each a (T, H) array of gate values in [0, 1], one column per
            unit, in the order to draw them (column 0 becomes the top row).
        cells: {legend label: (T,) array}, a few cell states; each is drawn divided by its largest |value|,
            which its legend entry gives.
        title: the figure's title.

    Returns:
        The matplotlib Figure: five panels sharing the step axis (input, i, f, o, cell states) and a colour bar.
    """
    values, T = np.asarray(values, dtype=float), len(values)
    fig = plt.figure(figsize=(10, 11))
    grid = fig.add_gridspec(5, 2, width_ratios=[40, 1], height_ratios=[0.8, 1.6, 1.6, 1.6, 1.6], wspace=0.03)
    axes = [fig.add_subplot(grid[0, 0])]
    axes += [fig.add_subplot(grid[row, 0], sharex=axes[0]) for row in range(1, 5)]
    steps, marks = np.arange(1, T + 1), np.asarray(marks, dtype=int)
    axes[0].bar(steps, values, color="0.6", label="input value")
    axes[0].bar(marks + 1, values[marks], color="tab:red", label="marked values")
    axes[0].set_ylabel("input")
    axes[0].set_ylim(0, 1.45)
    axes[0].legend(loc="upper right", fontsize=8, ncol=2)
    axes[0].set_title(title)
    names = {"i": "input gate $i$", "f": "forget gate $f$", "o": "output gate $o$"}
    for ax, key in zip(axes[1:4], "ifo"):
        units = np.asarray(gates[key], dtype=float).T                  # (H, T): one row per unit
        image = ax.imshow(units, aspect="auto", cmap="viridis", vmin=0, vmax=1, interpolation="nearest",
                          extent=(0.5, T + 0.5, len(units) - 0.5, -0.5))
        ax.set_ylabel(f"{names[key]}\nunit (row)")
    fig.colorbar(image, cax=fig.add_subplot(grid[1:4, 1]), label="gate value")
    for label, curve in cells.items():
        curve = np.asarray(curve, dtype=float)
        scale = np.abs(curve).max()
        axes[4].plot(steps, curve / scale, marker=".", markersize=4, label=f"{label}, largest |c| = {scale:.2f}")
    axes[4].axhline(0, color="0.7", linewidth=0.8)
    axes[4].set_ylim(-1.1, 1.1)
    axes[4].set_ylabel("cell state $c$,\neach divided by\nits largest |c|")
    axes[4].legend(loc="lower right", fontsize=8)
    axes[4].set_xlabel("step t")
    for ax in axes:
        for m in marks + 1:
            ax.axvline(m, color="tab:red", linestyle=":", linewidth=1.2)
        if ax is not axes[4]:
            ax.tick_params(labelbottom=False)
    return fig
