"""Plots shared by the lectures: RNN computational graphs, cell diagrams, trajectories, cost curves.

    >>> from rnnkit.plots import draw_unfolded
    >>> fig = draw_unfolded(T=3, pattern="every_step")      # folded | unfolded, side by side

    draw_unfolded        an RNN's computational graph, folded and unfolded (units 01-03)
    plot_trajectories, plot_against_length    states over time; a cost against the sequence length
    draw_gradient_flow   back-propagation through time on the unfolded graph (unit 02)
    draw_lstm_cell       the LSTM cell, with its peephole and coupled-gate variants (unit 04)
    draw_gru_cell        the GRU cell, in torch's form or in Cho et al.'s (unit 04)
    plot_gate_traces     an LSTM's gates over one sequence, as heatmaps (unit 04)

Every function draws with matplotlib and returns the Figure: a notebook shows it
inline as a PNG, a script saves it with ``fig.savefig("graph.png")``.

The graphs follow Goodfellow, Bengio & Courville (2016), section 10.2: from the
bottom up the input x, the hidden state h, the output o, the loss L and the
target y; U (input to hidden), W (recurrence) and V (hidden to output) label the
edges; in the folded graph a black square marks the one-step delay, i.e. the
recurrent edge reads the value of the previous time step.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle
from matplotlib.path import Path

# The three design patterns of Goodfellow et al. (2016), section 10.2 (figures 10.3, 10.4, 10.5).
PATTERNS = {
    "every_step": "Output at every step, hidden-to-hidden recurrence",
    "output_recurrence": "Output at every step, output-to-hidden recurrence",
    "single_output": "One output at the end, hidden-to-hidden recurrence",
}

ROWS = {"x": 0, "h": 1, "o": 2, "L": 3, "y": 4}  # bottom to top
COLOURS = {"x": "#dbe9f6", "h": "#fde3c8", "o": "#d9f0d3", "L": "#f6d5d5", "y": "#ececec"}
DX, DY, RADIUS = 1.75, 1.45, 0.37  # column spacing, row spacing, node radius (data units)


def _check(pattern, T):
    if pattern not in PATTERNS:
        raise ValueError(f"pattern must be one of {list(PATTERNS)}, got {pattern!r}")
    if T is not None and (isinstance(T, bool) or not isinstance(T, (int, np.integer)) or T < 1):
        raise ValueError(f"T must be a positive integer (the number of time steps), got {T!r}")


def rnn_graph(pattern="every_step", T=None):
    """The computational graph of an RNN design pattern, as plain data.

    Args:
        pattern: "every_step", "output_recurrence" or "single_output" (see PATTERNS).
        T: None for the folded graph (one node per variable, the recurrence is an
           edge through a one-step delay); a positive int for the graph unfolded over
           t = 1..T, which also holds the initial state h(0) (o(0) for "output_recurrence").

    Returns:
        (nodes, edges). nodes maps a name to its (column, row) on a grid; names are a
        variable letter x, h, o, L or y followed by the time step ("h2"), or the bare
        letter in the folded graph. edges is a list of (source, target, label) with
        label "U", "W", "V", or "" for the edges into the loss.

    Raises:
        ValueError: unknown pattern, or T not a positive integer.
    """
    _check(pattern, T)
    recurrent_source = "o" if pattern == "output_recurrence" else "h"
    head = [("h", "o", "V"), ("o", "L", ""), ("y", "L", "")]  # the output part of one step
    if T is None:
        nodes = {v: (0, row) for v, row in ROWS.items()}
        edges = [("x", "h", "U"), (recurrent_source, "h", "W")] + head
        return nodes, edges

    nodes = {f"{recurrent_source}0": (0, ROWS[recurrent_source])}
    edges = []
    for t in range(1, T + 1):
        nodes[f"x{t}"], nodes[f"h{t}"] = (t, ROWS["x"]), (t, ROWS["h"])
        edges += [(f"x{t}", f"h{t}", "U"), (f"{recurrent_source}{t - 1}", f"h{t}", "W")]
        if pattern != "single_output" or t == T:
            nodes.update({f"{v}{t}": (t, ROWS[v]) for v in "oLy"})
            edges += [(f"{a}{t}", f"{b}{t}", label) for a, b, label in head]
    return nodes, edges


def _label(name):
    """'h2' -> $h^{(2)}$; a bare letter (folded graph) gets the superscript (t)."""
    letter, t = name[0], name[1:] or "t"
    return rf"${letter}^{{({t})}}$"


def _draw_node(ax, name, xy, initial=False):
    circle = Circle(xy, RADIUS, facecolor="white" if initial else COLOURS[name[0]], edgecolor="black",
                    linestyle="--" if initial else "-", linewidth=1.2, zorder=2, gid=f"node:{name}")
    ax.add_patch(circle)
    ax.text(*xy, _label(name), ha="center", va="center", fontsize=12, zorder=3)


def _edge_label(ax, xy, text):
    ax.text(*xy, rf"${text}$", ha="center", va="center", fontsize=11, zorder=4,
            bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none"))


def _straight_edge(ax, a, b, label, gid, dashed=False):
    """Arrow from circle centre a to circle centre b, touching both rims."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    unit = (b - a) / np.linalg.norm(b - a)
    arrow = FancyArrowPatch(a + RADIUS * unit, b - RADIUS * unit, arrowstyle="-|>", mutation_scale=13,
                            linewidth=1.2, linestyle="--" if dashed else "-", color="black", zorder=1, gid=gid)
    ax.add_patch(arrow)
    if label:
        if abs(unit[0]) < 1e-9:        # vertical: label on the left
            where = (a + b) / 2 + (-0.2, 0)
        elif abs(unit[1]) < 1e-9:      # horizontal: label above
            where = (a + b) / 2 + (0, 0.2)
        else:                          # diagonal: label on the side the normal points to
            normal = np.array([-unit[1], unit[0]])
            where = (a + b) / 2 + 0.22 * (normal if normal[1] > 0 else -normal)
        _edge_label(ax, where, label)


def _delayed_edge(ax, a, b, gid):
    """The folded graph's recurrent edge from a back into b, bulging to the right,
    with a black square (one-step delay) half-way and the label W beside it."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    if np.allclose(a, b):  # self-loop
        p0 = a + RADIUS * np.array([np.cos(0.7), np.sin(0.7)])
        p3 = a + RADIUS * np.array([np.cos(-0.7), np.sin(-0.7)])
        c1, c2 = a + (1.45, 0.85), a + (1.45, -0.85)
    else:                  # a above b: leave a on its lower right, enter b on its upper right
        p0 = a + RADIUS * np.array([np.cos(-0.35), np.sin(-0.35)])
        p3 = b + RADIUS * np.array([np.cos(0.35), np.sin(0.35)])
        c1, c2 = p0 + (0.95, 0.0), p3 + (0.95, 0.0)
    path = Path([p0, c1, c2, p3], [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4])
    ax.add_patch(FancyArrowPatch(path=path, arrowstyle="-|>", mutation_scale=13, linewidth=1.2,
                                 color="black", zorder=1, gid=gid))
    middle = (p0 + 3 * c1 + 3 * c2 + p3) / 8  # the Bezier curve at parameter 1/2
    side = 0.16
    ax.add_patch(Rectangle(middle - side / 2, side, side, facecolor="black", zorder=3, gid=f"delay:{gid}"))
    _edge_label(ax, middle + (0.3, 0), "W")


def draw_unfolded(T=3, pattern="every_step", ax=None, folded=True):
    """Draw an RNN's computational graph, folded and unfolded over T steps, side by side.

    Args:
        T: number of time steps of the unfolded graph (a positive int).
        pattern: "every_step" (output at every step, hidden-to-hidden recurrence,
            Goodfellow et al. 2016 fig. 10.3), "output_recurrence" (the recurrence goes
            from the output o(t-1) to h(t), fig. 10.4) or "single_output" (one output
            after the last step, fig. 10.5).
        ax: a matplotlib Axes to draw into; None makes a new figure sized to T.
        folded: also draw the folded graph, on the left, with an "unfold" arrow.

    Returns:
        The matplotlib Figure. Every node is a Circle with gid "node:<name>" and every
        edge a FancyArrowPatch with gid "<source>-><target>" (names as in `rnn_graph`;
        the folded graph's gids are prefixed with "folded:").

    Raises:
        ValueError: unknown pattern, or T not a positive integer.
    """
    _check(pattern, T)
    left = 3.9 if folded else 0.0  # x of the unfolded graph's column 0
    width, bottom, top = left + T * DX + 1.2, -0.85, 4 * DY + 0.55
    if ax is None:
        fig, ax = plt.subplots(figsize=(0.68 * (width + 0.9), 0.68 * (top - bottom + 0.35) + 0.4))
    else:
        fig = ax.figure

    def place(column, row, x0):
        return (x0 + column * DX, row * DY)

    if folded:
        nodes, edges = rnn_graph(pattern)
        for name, (col, row) in nodes.items():
            _draw_node(ax, name, place(col, row, 0.0))
        for src, dst, label in edges:
            gid = f"folded:{src}->{dst}"
            if label == "W":
                _delayed_edge(ax, place(*nodes[src], 0.0), place(*nodes[dst], 0.0), gid)
            else:
                dashed = pattern == "single_output" and dst in "oL"
                _straight_edge(ax, place(*nodes[src], 0.0), place(*nodes[dst], 0.0), label, gid, dashed)
        ax.text(0, bottom, "folded", ha="center", va="center", fontsize=11, style="italic")
        if pattern == "single_output":
            ax.text(-0.55, 3 * DY, "only at\nthe last\nstep", ha="right", va="center", fontsize=9, style="italic")
        ax.add_patch(FancyArrowPatch((1.75, 2 * DY), (3.05, 2 * DY), arrowstyle="-|>", mutation_scale=20,
                                     linewidth=2, color="0.35", gid="unfold"))
        ax.text(2.4, 2 * DY + 0.3, "unfold", ha="center", va="center", fontsize=11, color="0.25")

    nodes, edges = rnn_graph(pattern, T)
    for name, (col, row) in nodes.items():
        _draw_node(ax, name, place(col, row, left), initial=(col == 0))
    for src, dst, label in edges:
        _straight_edge(ax, place(*nodes[src], left), place(*nodes[dst], left), label, f"{src}->{dst}")
    ax.text(left + (T * DX) / 2, bottom, f"unfolded over T = {T} steps", ha="center", va="center",
            fontsize=11, style="italic")

    ax.set_xlim(-0.9, width)
    ax.set_ylim(bottom - 0.35, top)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(PATTERNS[pattern])
    return fig


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
    if ax is None:
        fig, ax = plt.subplots(figsize=(4.5, 4.5))
    else:
        fig = ax.figure
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
    if ax is None:
        fig, ax = plt.subplots(figsize=(5.5, 4))
    else:
        fig = ax.figure
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


# ---- back-propagation through time (unit 02) ---------------------------------------------------


def draw_gradient_flow(T=4, ax=None):
    """Draw BPTT on the unfolded RNN: the forward edges in black, the gradient messages in red.

    Column t holds x(t), h(t), o(t) and L(t) from the bottom up, for t = 1..T, and the initial
    state h(0) is dashed; the last column is labelled T. Black arrows are the forward pass
    (x -> h through U, h(t-1) -> h(t) through W, h -> o through V, o -> L). Red arrows are the
    backward pass: L(t) -> o(t) -> h(t), and h(t+1) -> h(t) for t < T. Grey labels on the red
    arrows: the gradient that the arrow from L(t) starts, yhat(t) - 1_y(t), and the matrices that
    multiply the gradient on the other two, V^T and W^T diag(1 - h(t+1)^2) (Goodfellow et al. 2016,
    section 10.2.2).

    Args:
        T: number of time steps drawn (a positive int; 3 to 5 fit a page).
        ax: a matplotlib Axes to draw into; None makes a new figure sized to T.

    Returns:
        The matplotlib Figure. Nodes are Circles with gid "node:<name>" (x1, h0, h1, o1, L1, ...:
        names count the steps even where a label reads T), forward arrows FancyArrowPatches with
        gid "forward:<source>-><target>" and backward arrows "backward:<source>-><target>"; the
        grey labels are Texts with gid "gradient-label:<source>-><target>" of their red arrow.

    Raises:
        ValueError: T not a positive integer.
    """
    _check("every_step", T)
    dx, r = 2.6, 0.36                                   # column spacing and node radius (data units)
    rows = {"x": 0.0, "h": 1.9, "o": 3.8, "L": 5.5}
    if ax is None:
        fig, ax = plt.subplots(figsize=(2.2 + 2.2 * T, 6.4))
    else:
        fig = ax.figure

    def centre(name, t):
        return np.array([t * dx, rows[name]])

    def rim(name, t, degrees):
        return centre(name, t) + r * np.array([np.cos(np.radians(degrees)), np.sin(np.radians(degrees))])

    def node(name, t):
        initial = t == 0
        ax.add_patch(Circle(centre(name, t), r, facecolor="white" if initial else COLOURS[name],
                            edgecolor="black", linestyle="--" if initial else "-", zorder=3,
                            gid=f"node:{name}{t}"))
        step = "T" if t == T else str(t)
        ax.text(*centre(name, t), rf"${name}^{{({step})}}$", ha="center", va="center", fontsize=12, zorder=4)

    def arrow(start, end, gid, backward=False, rad=0.0):
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                                     color="tab:red" if backward else "black", lw=2 if backward else 1.3,
                                     connectionstyle=f"arc3,rad={rad}", shrinkA=0, shrinkB=0, zorder=2, gid=gid))

    def label(xy, text, colour="0.3", size=10, gid=None):
        ax.text(*xy, text, ha="center", va="center", fontsize=size, color=colour, zorder=5, gid=gid,
                bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.9))

    node("h", 0)
    for t in range(1, T + 1):
        for name in rows:
            node(name, t)
        # forward: x -> h (U), h(t-1) -> h(t) (W), h -> o (V), o -> L; the vertical ones left of centre
        arrow(rim("x", t, 90), rim("h", t, 270), f"forward:x{t}->h{t}")
        arrow(rim("h", t - 1, 0), rim("h", t, 180), f"forward:h{t - 1}->h{t}")
        arrow(rim("h", t, 110), rim("o", t, 250), f"forward:h{t}->o{t}")
        arrow(rim("o", t, 110), rim("L", t, 250), f"forward:o{t}->L{t}")
        label(centre("x", t) + (-0.25, 0.52), "$U$", "black")
        label(centre("h", t) + (-dx / 2, 0.2), "$W$", "black")
        label(centre("h", t) + (-0.42, 0.95), "$V$", "black")
        # backward: L -> o -> h, right of centre, and h(t+1) -> h(t) below
        arrow(rim("L", t, 290), rim("o", t, 70), f"backward:L{t}->o{t}", backward=True)
        arrow(rim("o", t, 290), rim("h", t, 70), f"backward:o{t}->h{t}", backward=True)
        label(centre("o", t) + (0.75, 0.85), r"$\hat{y}^{(t)}-1_{y^{(t)}}$", size=9, gid=f"gradient-label:L{t}->o{t}")
        label(centre("h", t) + (0.5, 0.95), r"$V^{\top}$", gid=f"gradient-label:o{t}->h{t}")
        if t < T:
            arrow(rim("h", t + 1, 240), rim("h", t, 300), f"backward:h{t + 1}->h{t}", backward=True, rad=-0.45)
            label(centre("h", t) + (dx / 2, -1.0), r"$W^{\top}\mathrm{diag}(1-(h^{(t+1)})^2)$", size=8.5,
                  gid=f"gradient-label:h{t + 1}->h{t}")
    ax.plot([], [], color="black", lw=1.3, label="forward pass: computes the values, t = 1, ..., T")
    ax.plot([], [], color="tab:red", lw=2, label=r"backward pass: carries $\nabla L$, t = T, ..., 1")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.06), ncol=2, frameon=False, fontsize=10)
    ax.text(T * dx + 0.6, rows["h"], "one child:\n" + r"$\nabla_{h^{(T)}}L=V^{\top}\nabla_{o^{(T)}}L$",
            ha="left", va="center", fontsize=10, color="0.2")
    ax.text(T * dx + 0.6, rows["o"], "gradient at the output:\n" + r"$\nabla_{o^{(t)}}L=\hat{y}^{(t)}-1_{y^{(t)}}$",
            ha="left", va="center", fontsize=10, color="0.2")
    if T > 1:
        ax.text(dx / 2, -0.85, r"every earlier $h^{(t)}$ has two children:  "
                r"$\nabla_{h^{(t)}}L$ = (from $o^{(t)}$) + (from $h^{(t+1)}$)",
                ha="left", va="center", fontsize=10, color="0.2")
    ax.set_xlim(-0.6, T * dx + 3.4)
    ax.set_ylim(-1.25, rows["L"] + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("Back-propagation through time: gradient flow on the unfolded graph")
    return fig


# ---- Gated cells (lecture 04): the LSTM and the GRU as cell diagrams, after Olah (2015) ---------------
#
# Yellow boxes are layers with weights (an affine map of x(t) and h(t-1), then sigma or tanh), pink circles
# elementwise operations; the state that runs from step to step is the thick line along the top.

LAYER_COLOUR, OP_COLOUR, PEEPHOLE_COLOUR = "#fff0a8", "#f8d0de", "tab:purple"
STATE_LINE_Y, BUS_LINE_Y, GATE_ROW_Y = 5.2, 0.8, 2.4  # heights: the state line, the input bus, the gate layers
LAYER_W, LAYER_H, OP_RADIUS = 1.0, 0.6, 0.28           # a layer's box, an operation's circle (data units)


def _gated_layer(ax, x, y, text, gid, fontsize=14):
    """A layer with weights: a yellow box centred at (x, y)."""
    ax.add_patch(Rectangle((x - LAYER_W / 2, y - LAYER_H / 2), LAYER_W, LAYER_H, facecolor=LAYER_COLOUR,
                           edgecolor="black", linewidth=1.2, zorder=3, gid=gid))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, zorder=4)


def _gated_op(ax, x, y, text, gid, radius=OP_RADIUS, fontsize=13):
    """An elementwise operation: a pink circle centred at (x, y)."""
    ax.add_patch(Circle((x, y), radius, facecolor=OP_COLOUR, edgecolor="black", linewidth=1.2, zorder=3, gid=gid))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, zorder=4)


def _gated_wire(ax, points, gid, arrow=True, colour="black", dashed=False, width=1.4, over=False):
    """A wire through `points`, with an arrow head at the last one. `over`: it crosses another wire,
    drawn with a white margin so that the crossing reads as one wire passing over the other."""
    path = Path(points, [Path.MOVETO] + [Path.LINETO] * (len(points) - 1))
    if over:
        ax.add_patch(FancyArrowPatch(path=path, arrowstyle="-", linewidth=width + 6, color="white", zorder=1.5))
    ax.add_patch(FancyArrowPatch(path=path, arrowstyle="-|>" if arrow else "-", mutation_scale=13,
                                 linewidth=width, color=colour, linestyle="--" if dashed else "-",
                                 zorder=2 if over else 1, gid=gid))


def _gated_name(ax, x, name):
    """A layer's name, small, beside the wire that feeds it."""
    ax.text(x + 0.08, BUS_LINE_Y + 0.4, name, ha="left", va="center", fontsize=8.5,
            style="italic", color="0.35")


def _gated_dot(ax, x, y, colour="black"):
    """Where a wire splits in two."""
    ax.add_patch(Circle((x, y), 0.075, color=colour, zorder=2.5))


def _gated_frame(ax, right, title, caption):
    """The cell's outline, its title, a caption under it and the limits of the axes."""
    ax.add_patch(Rectangle((0.2, 0.2), right - 0.2, STATE_LINE_Y + 0.55, facecolor="0.96", edgecolor="0.55",
                           linewidth=1.2, zorder=0, gid="cell"))
    ax.text(right / 2, -1.75, caption, ha="center", va="center", fontsize=9.5, color="0.25")
    ax.set_xlim(-1.9, right + 2.0)
    ax.set_ylim(-2.0, STATE_LINE_Y + 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)


def _gated_bus(ax, taps):
    """h(t-1) from the left and x(t) from below join on the bus, which feeds a layer at every x in `taps`."""
    last_x = taps[-1]
    _gated_wire(ax, [(-0.9, BUS_LINE_Y), (last_x, BUS_LINE_Y)], "wire:h(t-1)->bus", arrow=False)
    _gated_wire(ax, [(1.0, -0.9), (1.0, BUS_LINE_Y)], "wire:x(t)->bus", arrow=False)
    _gated_dot(ax, 1.0, BUS_LINE_Y)
    ax.text(1.0, -1.05, r"$x^{(t)}$", ha="center", va="top", fontsize=13)
    for x in taps:
        if x != last_x:
            _gated_dot(ax, x, BUS_LINE_Y)
        _gated_wire(ax, [(x, BUS_LINE_Y), (x, GATE_ROW_Y - LAYER_H / 2)], f"wire:bus->{x:g}")


def _gated_state_line(ax, state, gate, x_mul, x_add):
    """The thick state line along the top of a cell: state(t-1) -> x diag(gate) -> + -> state(t)."""
    mul = f"mul_{gate}"
    _gated_wire(ax, [(-0.9, STATE_LINE_Y), (x_mul - OP_RADIUS, STATE_LINE_Y)], f"wire:{state}(t-1)->{mul}", width=2.6)
    _gated_wire(ax, [(x_mul + OP_RADIUS, STATE_LINE_Y), (x_add - OP_RADIUS, STATE_LINE_Y)], f"wire:{mul}->add",
                width=2.6)
    _gated_wire(ax, [(x_add + OP_RADIUS, STATE_LINE_Y), (10.3, STATE_LINE_Y)], f"wire:add->{state}(t)", width=2.6)
    _gated_op(ax, x_mul, STATE_LINE_Y, r"$\times$", f"op:{mul}")
    _gated_op(ax, x_add, STATE_LINE_Y, r"$+$", "op:add")
    ax.text(-1.0, STATE_LINE_Y, rf"${state}^{{(t-1)}}$", ha="right", va="center", fontsize=13)
    ax.text(10.4, STATE_LINE_Y, rf"${state}^{{(t)}}$", ha="left", va="center", fontsize=13)
    ax.text(x_mul, STATE_LINE_Y + 0.42, rf"$\mathrm{{diag}}({gate})$", ha="center", va="bottom", fontsize=11)


def draw_lstm_cell(peephole=False, coupled=False, ax=None):
    """Draw one LSTM cell, in torch's letters and the style of Olah (2015).

    h(t-1) and x(t) enter at the bottom left and feed four layers: the forget, input and output gates
    (sigma) and the candidate g (tanh). The cell state runs along the top, from c(t-1) to c(t), and on this
    path it is only multiplied by the forget gate, diag(f), and added to i * g. h(t) = o * tanh(c(t))
    leaves at the bottom right.

    Args:
        peephole: add peephole connections (dashed, Gers & Schmidhuber 2000): the old cell state c(t-1)
            into the forget and input gates, the new one c(t) into the output gate.
        coupled: couple the input gate to the forget gate, i = 1 - f: no input-gate layer.
        ax: a matplotlib Axes to draw into; None makes a new figure.

    Returns:
        The matplotlib Figure. Layers are Rectangles with gid "layer:<letter>" (f, i, g, o), elementwise
        operations Circles with gid "op:<name>", wires FancyArrowPatches with gid "wire:<from>-><to>",
        peepholes "peephole:<gate>".
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.6, 5.4))
    else:
        fig = ax.figure
    x_f, x_i, x_g, x_o, x_out = 2.0, 3.4, 4.8, 6.6, 8.0   # the layers, then tanh(c) and the output product
    y_in, y_out = 3.8, 3.0                                 # heights of i * g and o * tanh(c)

    # the cell state: c(t-1) -> x diag(f) -> + i*g -> c(t)
    _gated_state_line(ax, "c", "f", x_f, x_g)
    ax.text((x_g + 10.3) / 2, STATE_LINE_Y + 0.12, "cell state", ha="center", va="bottom", fontsize=10,
            style="italic", color="0.3")

    # the gate layers, fed by the bus [h(t-1), x(t)]
    letters = "fgo" if coupled else "figo"
    xs = {"f": x_f, "i": x_i, "g": x_g, "o": x_o}
    _gated_bus(ax, [xs[k] for k in letters])
    ax.text(-1.0, BUS_LINE_Y, r"$h^{(t-1)}$", ha="right", va="center", fontsize=13)
    names = {"f": "forget", "i": "input", "g": "candidate", "o": "output"}
    for k in letters:
        _gated_layer(ax, xs[k], GATE_ROW_Y, r"$\tanh$" if k == "g" else r"$\sigma$", f"layer:{k}",
                     fontsize=11 if k == "g" else 14)
        _gated_name(ax, xs[k], names[k])
    top = GATE_ROW_Y + LAYER_H / 2

    # write: c(t) = f * c(t-1) + i * g
    _gated_wire(ax, [(x_f, top), (x_f, STATE_LINE_Y - OP_RADIUS)], "wire:f->mul_f")
    ax.text(x_f + 0.1, 4.45, r"$f$", ha="left", va="center", fontsize=13)
    if coupled:
        _gated_dot(ax, x_f, y_in)
        _gated_wire(ax, [(x_f, y_in), (x_i - OP_RADIUS, y_in)], "wire:f->one_minus")
        _gated_op(ax, x_i, y_in, r"$1\!-$", "op:one_minus", fontsize=9)
        _gated_wire(ax, [(x_i + OP_RADIUS, y_in), (x_g - OP_RADIUS, y_in)], "wire:one_minus->mul_in")
        ax.text((x_i + x_g) / 2, y_in + 0.12, r"$i$", ha="center", va="bottom", fontsize=13)
    else:
        _gated_wire(ax, [(x_i, top), (x_i, y_in), (x_g - OP_RADIUS, y_in)], "wire:i->mul_in")
        ax.text(x_i - 0.1, 3.45, r"$i$", ha="right", va="center", fontsize=13)
    _gated_wire(ax, [(x_g, top), (x_g, y_in - OP_RADIUS)], "wire:g->mul_in")
    ax.text(x_g + 0.1, 3.25, r"$g$", ha="left", va="center", fontsize=13)
    _gated_op(ax, x_g, y_in, r"$\times$", "op:mul_in")
    _gated_wire(ax, [(x_g, y_in + OP_RADIUS), (x_g, STATE_LINE_Y - OP_RADIUS)], "wire:mul_in->add")

    # read: h(t) = o * tanh(c(t))
    _gated_dot(ax, x_out, STATE_LINE_Y)
    _gated_wire(ax, [(x_out, STATE_LINE_Y), (x_out, 4.3 + 0.36)], "wire:c(t)->tanh")
    _gated_op(ax, x_out, 4.3, r"$\tanh$", "op:tanh", radius=0.36, fontsize=10)
    _gated_wire(ax, [(x_out, 4.3 - 0.36), (x_out, y_out + OP_RADIUS)], "wire:tanh->mul_out")
    _gated_wire(ax, [(x_o, top), (x_o, y_out), (x_out - OP_RADIUS, y_out)], "wire:o->mul_out")
    ax.text(x_o - 0.1, 2.95, r"$o$", ha="right", va="bottom", fontsize=13)
    _gated_op(ax, x_out, y_out, r"$\times$", "op:mul_out")
    _gated_wire(ax, [(x_out, y_out - OP_RADIUS), (x_out, BUS_LINE_Y), (10.3, BUS_LINE_Y)], "wire:mul_out->h(t)")
    ax.text(10.4, BUS_LINE_Y, r"$h^{(t)}$", ha="left", va="center", fontsize=13)

    if peephole:
        style = dict(colour=PEEPHOLE_COLOUR, dashed=True, width=1.3)
        x_tap = 1.3
        _gated_dot(ax, x_tap, STATE_LINE_Y, PEEPHOLE_COLOUR)
        _gated_wire(ax, [(x_tap, STATE_LINE_Y), (x_tap, GATE_ROW_Y), (x_f - LAYER_W / 2, GATE_ROW_Y)],
                    "peephole:f", **style)
        if not coupled:
            _gated_dot(ax, x_tap, 3.3, PEEPHOLE_COLOUR)
            _gated_wire(ax, [(x_tap, 3.3), (x_i - 0.25, 3.3), (x_i - 0.25, top)], "peephole:i", over=True, **style)
        _gated_dot(ax, x_o - 0.3, STATE_LINE_Y, PEEPHOLE_COLOUR)
        _gated_wire(ax, [(x_o - 0.3, STATE_LINE_Y), (x_o - 0.3, top)], "peephole:o", **style)
        ax.text(x_tap - 0.1, 4.0, r"$c^{(t-1)}$", ha="right", va="center", fontsize=11, color=PEEPHOLE_COLOUR)
        ax.text(x_o - 0.4, 4.0, r"$c^{(t)}$", ha="right", va="center", fontsize=11, color=PEEPHOLE_COLOUR)

    variant = {(False, False): "LSTM cell", (True, False): "LSTM cell with peephole connections (dashed)",
               (False, True): "LSTM cell with coupled input and forget gates, $i = 1 - f$",
               (True, True): "LSTM cell with peepholes and coupled gates"}[peephole, coupled]
    _gated_frame(ax, 9.2, variant, "yellow: a layer with weights, $\\sigma$ or tanh of "
                 r"$U^\bullet x^{(t)} + W^\bullet h^{(t-1)} + b^\bullet$;   pink: elementwise")
    return fig


def draw_gru_cell(reset="after", ax=None):
    """Draw one GRU cell, in torch's letters and the style of Olah (2015).

    There is one state, h, along the top. The update gate z interpolates between the old state and the
    candidate n: h(t) = z * h(t-1) + (1 - z) * n, the form of torch and Cho et al. (2014), where z near 1
    keeps the old state. The reset gate r scales what the candidate sees of h(t-1).

    Args:
        reset: "after", torch's form, n = tanh(U^n x + b + r * (W^n h(t-1) + b')): the reset gate scales
            the product W^n h(t-1); or "before", Cho et al.'s, n = tanh(U x + W (r * h(t-1))).
        ax: a matplotlib Axes to draw into; None makes a new figure.

    Returns:
        The matplotlib Figure, with gids as in `draw_lstm_cell`: layers "layer:<name>" (r, z, n and the
        linear map "W"), operations "op:<name>", wires "wire:<from>-><to>".

    Raises:
        ValueError: reset is neither "after" nor "before".
    """
    if reset not in ("after", "before"):
        raise ValueError(f'reset must be "after" (torch) or "before" (Cho et al. 2014), got {reset!r}')
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.6, 5.4))
    else:
        fig = ax.figure
    x_z, x_r, x_w, x_n, x_keep, x_add = 2.0, 3.4, 4.6, 5.9, 7.0, 8.6   # layers, then the interpolation
    y_low, y_high, y_z = 1.75, 3.3, 4.0        # the two stages of the reset, the height of z's wire

    # the state: h(t-1) -> x z -> + (1 - z) * n -> h(t); h(t-1) also feeds the bus
    _gated_state_line(ax, "h", "z", x_keep, x_add)
    _gated_dot(ax, 0.6, STATE_LINE_Y)
    _gated_wire(ax, [(0.6, STATE_LINE_Y), (0.6, BUS_LINE_Y), (1.0, BUS_LINE_Y)], "wire:h(t-1)->bus", arrow=False)
    _gated_wire(ax, [(1.0, -0.9), (1.0, BUS_LINE_Y)], "wire:x(t)->bus", arrow=False)
    _gated_dot(ax, 1.0, BUS_LINE_Y)
    ax.text(1.0, -1.05, r"$x^{(t)}$", ha="center", va="top", fontsize=13)
    _gated_wire(ax, [(1.0, BUS_LINE_Y), (x_n, BUS_LINE_Y)], "wire:bus", arrow=False)
    for x in (x_z, x_r, x_n):
        if x != x_n:
            _gated_dot(ax, x, BUS_LINE_Y)
        _gated_wire(ax, [(x, BUS_LINE_Y), (x, GATE_ROW_Y - LAYER_H / 2)], f"wire:bus->{x:g}")
    _gated_dot(ax, x_w, BUS_LINE_Y)
    _gated_layer(ax, x_z, GATE_ROW_Y, r"$\sigma$", "layer:z")
    _gated_layer(ax, x_r, GATE_ROW_Y, r"$\sigma$", "layer:r")
    _gated_layer(ax, x_n, GATE_ROW_Y, r"$\tanh$", "layer:n", fontsize=11)
    for x, name in [(x_z, "update"), (x_r, "reset"), (x_n, "candidate")]:
        _gated_name(ax, x, name)
    top = GATE_ROW_Y + LAYER_H / 2

    # the candidate: the reset gate scales the recurrent part, after or before the product with W
    if reset == "after":
        _gated_wire(ax, [(x_w, BUS_LINE_Y), (x_w, y_low - LAYER_H / 2)], "wire:bus->W")
        _gated_layer(ax, x_w, y_low, r"$W^n$", "layer:W", fontsize=12)
        _gated_wire(ax, [(x_w, y_low + LAYER_H / 2), (x_w, y_high - OP_RADIUS)], "wire:W->mul_r")
        _gated_wire(ax, [(x_r, top), (x_r, y_high), (x_w - OP_RADIUS, y_high)], "wire:r->mul_r")
        ax.text(x_r - 0.1, 3.0, r"$r$", ha="right", va="center", fontsize=13)
        _gated_op(ax, x_w, y_high, r"$\times$", "op:mul_r")
        _gated_wire(ax, [(x_w + OP_RADIUS, y_high), (x_n, y_high), (x_n, top)], "wire:mul_r->n")
    else:
        _gated_wire(ax, [(x_w, BUS_LINE_Y), (x_w, y_low - OP_RADIUS)], "wire:bus->mul_r")
        _gated_op(ax, x_w, y_low, r"$\times$", "op:mul_r")
        _gated_wire(ax, [(x_r + LAYER_W / 2, GATE_ROW_Y), (4.05, GATE_ROW_Y), (4.05, y_low),
                         (x_w - OP_RADIUS, y_low)], "wire:r->mul_r")
        ax.text(4.12, 2.1, r"$r$", ha="left", va="center", fontsize=13)
        _gated_wire(ax, [(x_w, y_low + OP_RADIUS), (x_w, y_high - LAYER_H / 2)], "wire:mul_r->W")
        _gated_layer(ax, x_w, y_high, r"$W$", "layer:W", fontsize=12)
        _gated_wire(ax, [(x_w + LAYER_W / 2, y_high), (x_n, y_high), (x_n, top)], "wire:W->n")

    # the interpolation: z keeps the old state, 1 - z lets the candidate in
    _gated_wire(ax, [(x_z, top), (x_z, y_z), (x_keep, y_z), (x_keep, STATE_LINE_Y - OP_RADIUS)], "wire:z->mul_z")
    ax.text(x_z + 0.1, 3.3, r"$z$", ha="left", va="center", fontsize=13)
    _gated_dot(ax, x_keep, y_z)
    _gated_wire(ax, [(x_keep, y_z), (7.8 - OP_RADIUS, y_z)], "wire:z->one_minus")
    _gated_op(ax, 7.8, y_z, r"$1\!-$", "op:one_minus", fontsize=9)
    _gated_wire(ax, [(7.8 + OP_RADIUS, y_z), (x_add - OP_RADIUS, y_z)], "wire:one_minus->mul_n")
    _gated_op(ax, x_add, y_z, r"$\times$", "op:mul_n")
    _gated_wire(ax, [(x_n + LAYER_W / 2, GATE_ROW_Y), (x_add, GATE_ROW_Y), (x_add, y_z - OP_RADIUS)],
                "wire:n->mul_n")
    ax.text(7.4, GATE_ROW_Y + 0.08, r"$n$", ha="center", va="bottom", fontsize=13)
    _gated_wire(ax, [(x_add, y_z + OP_RADIUS), (x_add, STATE_LINE_Y - OP_RADIUS)], "wire:mul_n->add")

    title = ("GRU cell, torch's form: the reset gate acts after the product with $W^n$" if reset == "after" else
             "GRU cell, Cho et al. (2014): the reset gate acts before the product with $W$")
    linear = "$W^n$: linear, of $h^{(t-1)}$" if reset == "after" else "$W$: linear"
    _gated_frame(ax, 9.2, title, f"yellow: a layer with weights ({linear});   pink: elementwise;   "
                 r"$h^{(t)} = z \odot h^{(t-1)} + (1 - z) \odot n$")
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
