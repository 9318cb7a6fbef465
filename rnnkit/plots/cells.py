"""Gated cells as diagrams, after Olah (2015): the LSTM (with its peephole and coupled variants) and the GRU."""
from __future__ import annotations

from matplotlib.patches import Circle, FancyArrowPatch, Rectangle
from matplotlib.path import Path

from ._axes import figure_and_axes

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
    fig, ax = figure_and_axes(ax, (8.6, 5.4))
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
    fig, ax = figure_and_axes(ax, (8.6, 5.4))
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
