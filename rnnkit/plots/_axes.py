"""What every drawing function starts with: the Axes it was given, or a new figure of its own size."""
from __future__ import annotations

import matplotlib.pyplot as plt


def figure_and_axes(ax, figsize):
    """(Figure, Axes) to draw into: `ax` and its figure, or a new figure of `figsize` (inches) when ax is None."""
    if ax is not None:
        return ax.figure, ax
    return plt.subplots(figsize=figsize)
