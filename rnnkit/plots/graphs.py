"""Computational graphs of RNNs: folded and unfolded (units 01-03), and the gradient flow of BPTT (unit 02).

The graphs follow Goodfellow, Bengio & Courville (2016), section 10.2: from the bottom up the input x, the
hidden state h, the output o, the loss L and the target y; U (input to hidden), W (recurrence) and V
(hidden to output) label the edges; in the folded graph a black square marks the one-step delay, i.e.
the recurrent edge reads the value of the previous time step.
"""
from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle
from matplotlib.path import Path

from ._axes import figure_and_axes

# The three design patterns of Goodfellow et al. (2016), section 10.2 (figures 10.3, 10.4, 10.5).
PATTERNS = {
    "every_step": "Output at every step, hidden-to-hidden recurrence",
    "output_recurrence": "Output at every step, output-to-hidden recurrence",
    "single_output": "One output at the end, hidden-to-hidden recurrence",
}

ROWS = {"x": 0, "h": 1, "o": 2, "L": 3, "y": 4}  # bottom to top
COLOURS = {"x": "#dbe9f6", "h": "#fde3c8", "o": "#d9f0d3", "L": "#f6d5d5", "y": "#ececec",
           "g": "#e3def2"}  # g: the backward-in-time state of a bidirectional RNN (unit 05)
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


def _draw_node(ax, name, xy, initial=False, text=None, radius=RADIUS, facecolor=None, fontsize=12):
    """A Circle with gid "node:<name>", filled with its letter's colour (white and dashed if initial),
    and `text` inside (by default `_label(name)`; "" for none)."""
    face = "white" if initial else facecolor or COLOURS[name[0]]
    circle = Circle(xy, radius, facecolor=face, edgecolor="black", linestyle="--" if initial else "-",
                    linewidth=1.2, zorder=2, gid=f"node:{name}")
    ax.add_patch(circle)
    text = _label(name) if text is None else text
    if text:
        ax.text(*xy, text, ha="center", va="center", fontsize=fontsize, zorder=3)


def _edge_label(ax, xy, text):
    ax.text(*xy, rf"${text}$", ha="center", va="center", fontsize=11, zorder=4,
            bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none"))


def _straight_edge(ax, a, b, label, gid, dashed=False, radii=(RADIUS, RADIUS), colour="black", linewidth=1.2):
    """Arrow from circle centre a to circle centre b, touching both rims (of radii[0] and radii[1])."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    unit = (b - a) / np.linalg.norm(b - a)
    arrow = FancyArrowPatch(a + radii[0] * unit, b - radii[1] * unit, arrowstyle="-|>", mutation_scale=13,
                            linewidth=linewidth, linestyle="--" if dashed else "-", color=colour, zorder=1, gid=gid)
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
    fig, ax = figure_and_axes(ax, (0.68 * (width + 0.9), 0.68 * (top - bottom + 0.35) + 0.4))

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
    fig, ax = figure_and_axes(ax, (2.2 + 2.2 * T, 6.4))

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


# ---- bidirectional and deep RNNs (unit 05) ------------------------------------------------------

FORWARD_COLOUR, BACKWARD_COLOUR = "#d95f02", "#7570b3"  # the h and the g recurrence of a bidirectional RNN


def _step_text(letter, t, T, layer=None):
    """('h', 4, 4) -> $h^{(T)}$, ('g', 5, 4) -> $g^{(T+1)}$, ('h', 2, 4, layer=1) -> $h_1^{(2)}$."""
    step = {T: "T", T + 1: "T+1"}.get(t, str(t))
    return rf"${letter}{'' if layer is None else f'_{layer}'}^{{({step})}}$"


def _frame(ax, xlim, ylim, title):
    """Equal aspect, no axes, the given limits and title (the end of every drawing below)."""
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)


def _new_axes(ax, xlim, ylim):
    """The Figure and Axes to draw into: `ax`'s, or a new figure at 0.68 inch per data unit,
    at least 4 inches wide (for the title) when T is small."""
    if ax is not None:
        return ax.figure, ax
    fig, ax = figure_and_axes(None, (max(4.0, 0.68 * (xlim[1] - xlim[0])), 0.68 * (ylim[1] - ylim[0]) + 0.45))
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - 0.45 / fig.get_figheight())
    return fig, ax


def draw_bidirectional(T=4, ax=None):
    """Draw a bidirectional RNN unfolded over T steps (Goodfellow et al. 2016, section 10.3, fig. 10.11).

    From the bottom up: the inputs x(t); the forward states h(t), whose recurrence h(t-1) -> h(t) runs
    left to right (orange: from the past to the present); the backward states g(t), whose recurrence
    g(t+1) -> g(t) runs right to left (purple: from the future to the present); the outputs o(t), each
    reading both h(t) and g(t), so that o(t) depends on the whole input sequence; the losses L(t) and the
    targets y(t). Each x(t) feeds both h(t) and g(t). The initial states h(0), on the left, and g(T+1),
    on the right, are dashed; the last step is labelled T. The h row sits a little left of its column and
    the g row a little right, so that x(t) -> g(t) and h(t) -> o(t) pass beside the other row's node.

    Args:
        T: number of time steps (a positive int; 3 to 5 fit a page).
        ax: a matplotlib Axes to draw into; None makes a new figure sized to T.

    Returns:
        The matplotlib Figure. Nodes are Circles with gid "node:<name>": x1..xT, h0..hT, g1..g(T+1),
        o1..oT, L1..LT, y1..yT (names count the steps even where a label reads T). Edges are
        FancyArrowPatches with gid "edge:<source>-><target>": x3->h3, x3->g3, h2->h3 (orange),
        g4->g3 (purple), h3->o3, g3->o3, o3->L3 and y3->L3; there are 8T of them.

    Raises:
        ValueError: T not a positive integer.
    """
    _check("every_step", T)
    shift = 0.45                                       # h left of its column, g right of it
    rows = {v: i * DY for i, v in enumerate("xhgoLy")}
    offset = {"h": -shift, "g": shift}
    xlim, ylim = (-shift - RADIUS - 0.45, (T + 1) * DX + shift + RADIUS + 0.45), (-1.45, rows["y"] + 0.55)
    fig, ax = _new_axes(ax, xlim, ylim)

    def centre(name):
        letter, t = name[0], int(name[1:])
        return (t * DX + offset.get(letter, 0.0), rows[letter])

    def node(letter, t, initial=False):
        name = f"{letter}{t}"
        text = _step_text(letter, t, T)
        _draw_node(ax, name, centre(name), initial=initial, text=text, fontsize=9 if "+" in text else 12)

    def edge(src, dst, colour="black", width=1.2):
        _straight_edge(ax, centre(src), centre(dst), "", f"edge:{src}->{dst}", colour=colour, linewidth=width)

    node("h", 0, initial=True)
    node("g", T + 1, initial=True)
    for t in range(1, T + 1):
        for letter in "xhgoLy":
            node(letter, t)
        edge(f"h{t - 1}", f"h{t}", FORWARD_COLOUR, 2.2)
        edge(f"g{t + 1}", f"g{t}", BACKWARD_COLOUR, 2.2)
        for src, dst in (("x", "h"), ("x", "g"), ("h", "o"), ("g", "o"), ("o", "L"), ("y", "L")):
            edge(f"{src}{t}", f"{dst}{t}")
    ax.plot([], [], color=FORWARD_COLOUR, lw=2.2, label=r"$h$: past to present ($t = 1, \ldots, T$)")
    ax.plot([], [], color=BACKWARD_COLOUR, lw=2.2, label=r"$g$: future to present ($t = T, \ldots, 1$)")
    ax.legend(loc="lower center", ncol=2 if T >= 3 else 1, frameon=False, fontsize=10,
              handlelength=1.6, columnspacing=1.2)
    _frame(ax, xlim, ylim, "Bidirectional RNN: " + r"$o^{(t)}$ reads $h^{(t)}$ and $g^{(t)}$")
    return fig


# The three ways of making an RNN deep of Goodfellow et al. (2016), section 10.5, fig. 10.13 (Pascanu et al. 2014).
DEEP_VARIANTS = {
    "stacked": "Deep RNN: two stacked recurrent layers",
    "mlp": "Deep RNN: an MLP in each of the three maps",
    "skip": "Deep RNN: MLPs, and skip connections",
}
MLP_RADIUS, MLP_COLOUR = 0.2, "#bdbdbd"  # the hidden layer of an MLP drawn on an edge


def _stacked_graph(T):
    """Nodes {name: (x, y)} and edges [(source, target, dashed)] of two stacked recurrent layers;
    "h1_3" is the first layer's state at step 3."""
    rows = {"x": 0.0, "h1": DY, "h2": 2 * DY, "o": 3 * DY}
    nodes = {"h1_0": (0.0, rows["h1"]), "h2_0": (0.0, rows["h2"])}
    edges = []
    for t in range(1, T + 1):
        nodes.update({f"x{t}": (t * DX, rows["x"]), f"h1_{t}": (t * DX, rows["h1"]),
                      f"h2_{t}": (t * DX, rows["h2"]), f"o{t}": (t * DX, rows["o"])})
        edges += [(f"x{t}", f"h1_{t}", False), (f"h1_{t - 1}", f"h1_{t}", False), (f"h1_{t}", f"h2_{t}", False),
                  (f"h2_{t - 1}", f"h2_{t}", False), (f"h2_{t}", f"o{t}", False)]
    return nodes, edges


def _mlp_graph(T, skip, dx):
    """Nodes and edges of an RNN whose three maps are MLPs with one hidden layer each: u3 on x3 -> h3,
    w3 on h2 -> h3 (raised above the h row) and v3 on h3 -> o3; with `skip`, also h2 -> h3 directly (dashed)."""
    rows = {"x": 0.0, "u": 1.15, "h": 2.3, "w": 2.3 + 0.6, "v": 3.45, "o": 4.6}
    nodes = {"h0": (0.0, rows["h"])}
    edges = []
    for t in range(1, T + 1):
        nodes.update({f"{v}{t}": (t * dx, rows[v]) for v in "xuhvo"})
        nodes[f"w{t}"] = ((t - 0.5) * dx, rows["w"])
        edges += [(f"x{t}", f"u{t}", False), (f"u{t}", f"h{t}", False), (f"h{t - 1}", f"w{t}", False),
                  (f"w{t}", f"h{t}", False), (f"h{t}", f"v{t}", False), (f"v{t}", f"o{t}", False)]
        if skip:
            edges.append((f"h{t - 1}", f"h{t}", True))
    return nodes, edges


def draw_deep_rnn(variant="stacked", T=3, ax=None):
    """Draw one of the three deep RNNs of Goodfellow et al. (2016), fig. 10.13 (Pascanu et al. 2014), unfolded.

    Column t holds step t = 1..T, from the input x(t) at the bottom to the output o(t) at the top (the loss
    and target above o are left out); dashed circles on the left are the initial states; the last step is
    labelled T.

    - "stacked": two hidden layers, x(t) -> h_1(t) -> h_2(t) -> o(t), each with its own recurrence
      h_1(t-1) -> h_1(t) and h_2(t-1) -> h_2(t).
    - "mlp": one hidden state h(t), but the input-to-hidden, hidden-to-hidden and hidden-to-output maps are
      each an MLP with one hidden layer, drawn as a small grey node on the edge: u(t) on x(t) -> h(t),
      w(t) on h(t-1) -> h(t) (raised above the h row), v(t) on h(t) -> o(t). The path from h(t-1) to h(t)
      now goes through two nonlinearities instead of one.
    - "skip": as "mlp", plus a dashed skip connection h(t-1) -> h(t) under each w(t), which brings the
      shortest path from h(t-1) to h(t) back to one step.

    Args:
        variant: "stacked", "mlp" or "skip" (see DEEP_VARIANTS).
        T: number of time steps (a positive int; 3 or 4 fit a page).
        ax: a matplotlib Axes to draw into; None makes a new figure sized to T.

    Returns:
        The matplotlib Figure. Nodes are Circles with gid "node:<name>": x3, o3 and, for "stacked", h1_3 and
        h2_3 (layer 1 and 2 at step 3; h1_0 and h2_0 are initial), otherwise h3 (h0 initial) and the MLP
        nodes u3, w3 and v3. Edges are FancyArrowPatches with gid "edge:<source>-><target>" (x3->h1_3,
        h1_2->h1_3, h2->w3, w3->h3, ...); the dashed skip connections have gid "skip:h2->h3".

    Raises:
        ValueError: unknown variant, or T not a positive integer.
    """
    if not isinstance(variant, str) or variant not in DEEP_VARIANTS:
        raise ValueError(f"variant must be one of {list(DEEP_VARIANTS)}, got {variant!r}")
    _check("every_step", T)
    dx = DX if variant == "stacked" else 2.3
    nodes, edges = _stacked_graph(T) if variant == "stacked" else _mlp_graph(T, variant == "skip", dx)
    legend = variant != "stacked"
    top = max(y for _, y in nodes.values()) + 0.55
    xlim, ylim = (-RADIUS - 0.5, T * dx + RADIUS + 0.5), (-0.95 - (0.75 if legend else 0.0), top)
    fig, ax = _new_axes(ax, xlim, ylim)

    def radius(name):
        return MLP_RADIUS if name[0] in "uwv" else RADIUS

    for name, xy in nodes.items():
        letter, _, rest = name.partition("_")
        layer, t = (int(letter[1]), int(rest)) if rest else (None, int(name[1:]))
        if name[0] in "uwv":
            _draw_node(ax, name, xy, text="", radius=MLP_RADIUS, facecolor=MLP_COLOUR)
        else:
            _draw_node(ax, name, xy, initial=(t == 0), text=_step_text(name[0], t, T, layer))
    for src, dst, dashed in edges:
        _straight_edge(ax, nodes[src], nodes[dst], "", f"{'skip' if dashed else 'edge'}:{src}->{dst}",
                       dashed=dashed, radii=(radius(src), radius(dst)))
    ax.text(T * dx / 2, -0.8, f"unfolded over T = {T} step{'s' if T > 1 else ''}", ha="center", va="center",
            fontsize=11, style="italic")
    if legend:
        ax.plot([], [], "o", color=MLP_COLOUR, markeredgecolor="black", markersize=8,
                label="hidden layer of an MLP")
        if variant == "skip":
            ax.plot([], [], "k--", lw=1.2, label="skip connection")
        ax.legend(loc="lower center", ncol=2 if T >= 3 else 1, frameon=False, fontsize=10, handlelength=1.6)
    _frame(ax, xlim, ylim, DEEP_VARIANTS[variant])
    return fig
