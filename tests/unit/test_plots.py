"""rnnkit.plots: the RNN graphs have the right nodes and edges, figures are drawn and closed cleanly."""
import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle  # noqa: E402

from rnnkit.plots import (  # noqa: E402
    PATTERNS, draw_unfolded, plot_against_length, plot_trajectories, rnn_graph,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def step(name):
    """'h12' -> 12."""
    return int(name[1:])


def edges_labelled(edges, label):
    return {(src, dst) for src, dst, lab in edges if lab == label}


# ---- the graph as data -------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", PATTERNS)
def test_folded_graph_has_one_node_per_variable_and_one_recurrent_edge(pattern):
    nodes, edges = rnn_graph(pattern)
    assert set(nodes) == set("xhoLy")
    expected_w = ("o", "h") if pattern == "output_recurrence" else ("h", "h")
    assert edges_labelled(edges, "W") == {expected_w}
    assert edges_labelled(edges, "U") == {("x", "h")}
    assert edges_labelled(edges, "V") == {("h", "o")}
    assert edges_labelled(edges, "") == {("o", "L"), ("y", "L")}


@pytest.mark.parametrize("T", [1, 2, 5, 11])
def test_every_step_pattern(T):
    nodes, edges = rnn_graph("every_step", T)
    assert len(nodes) == 5 * T + 1  # x, h, o, L, y per step, plus h(0)
    assert "h0" in nodes and "o0" not in nodes
    assert edges_labelled(edges, "W") == {(f"h{t - 1}", f"h{t}") for t in range(1, T + 1)}
    assert edges_labelled(edges, "U") == {(f"x{t}", f"h{t}") for t in range(1, T + 1)}
    assert edges_labelled(edges, "V") == {(f"h{t}", f"o{t}") for t in range(1, T + 1)}
    assert edges_labelled(edges, "") == {(f"{a}{t}", f"L{t}") for t in range(1, T + 1) for a in "oy"}


@pytest.mark.parametrize("T", [1, 3, 7])
def test_output_recurrence_pattern_feeds_the_previous_output_back(T):
    nodes, edges = rnn_graph("output_recurrence", T)
    assert len(nodes) == 5 * T + 1  # plus the initial output o(0)
    assert "o0" in nodes and "h0" not in nodes
    assert edges_labelled(edges, "W") == {(f"o{t - 1}", f"h{t}") for t in range(1, T + 1)}
    assert not any(src[0] == "h" and dst[0] == "h" for src, dst, _ in edges), "no hidden-to-hidden edge"
    assert edges_labelled(edges, "V") == {(f"h{t}", f"o{t}") for t in range(1, T + 1)}


@pytest.mark.parametrize("T", [1, 4, 9])
def test_single_output_pattern_has_outputs_only_at_the_end(T):
    nodes, edges = rnn_graph("single_output", T)
    assert len(nodes) == 2 * T + 1 + 3  # x and h per step, h(0), then o, L, y once
    assert {n for n in nodes if n[0] in "oLy"} == {f"o{T}", f"L{T}", f"y{T}"}
    assert edges_labelled(edges, "W") == {(f"h{t - 1}", f"h{t}") for t in range(1, T + 1)}
    assert edges_labelled(edges, "V") == {(f"h{T}", f"o{T}")}
    assert edges_labelled(edges, "") == {(f"o{T}", f"L{T}"), (f"y{T}", f"L{T}")}


@pytest.mark.parametrize("pattern, T", list(itertools.product(PATTERNS, [1, 3, 6])))
def test_unfolded_graph_is_a_dag_that_only_moves_forward_in_time(pattern, T):
    nodes, edges = rnn_graph(pattern, T)
    for src, dst, label in edges:
        assert src in nodes and dst in nodes
        assert step(dst) - step(src) == (1 if label == "W" else 0), (src, dst, label)
    # Kahn's algorithm: every node can be ordered, i.e. there is no cycle.
    incoming = {n: 0 for n in nodes}
    for _, dst, _ in edges:
        incoming[dst] += 1
    ready, ordered = [n for n, k in incoming.items() if k == 0], 0
    while ready:
        n = ready.pop()
        ordered += 1
        for src, dst, _ in edges:
            if src == n:
                incoming[dst] -= 1
                if incoming[dst] == 0:
                    ready.append(dst)
    assert ordered == len(nodes)
    # Parameter sharing: each step uses U once and W once.
    assert len(edges_labelled(edges, "U")) == T and len(edges_labelled(edges, "W")) == T


def test_nodes_sit_on_distinct_grid_positions_in_the_right_rows():
    nodes, _ = rnn_graph("every_step", 4)
    assert len(set(nodes.values())) == len(nodes)
    for name, (col, row) in nodes.items():
        assert col == step(name) and row == "xhoLy".index(name[0])


@pytest.mark.parametrize("bad", [0, -2, 2.5, "3", True])
def test_rnn_graph_rejects_a_bad_length(bad):
    with pytest.raises(ValueError, match="T must be a positive integer"):
        rnn_graph("every_step", bad)


def test_rnn_graph_accepts_numpy_integers():
    nodes, _ = rnn_graph("every_step", np.int64(2))
    assert "y2" in nodes


# ---- the drawing -------------------------------------------------------------------------------


def gids(ax, kind):
    return {p.get_gid() for p in ax.patches if isinstance(p, kind) and p.get_gid()}


@pytest.mark.parametrize("pattern, T", list(itertools.product(PATTERNS, [1, 3, 5])))
def test_draw_unfolded_draws_every_node_and_edge_of_the_graph(pattern, T):
    fig = draw_unfolded(T, pattern)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    nodes, edges = rnn_graph(pattern, T)
    fnodes, fedges = rnn_graph(pattern)
    assert gids(ax, Circle) == {f"node:{n}" for n in nodes} | {f"node:{n}" for n in fnodes}
    arrows = gids(ax, FancyArrowPatch) - {"unfold"}
    assert arrows == {f"{s}->{d}" for s, d, _ in edges} | {f"folded:{s}->{d}" for s, d, _ in fedges}
    assert len([p for p in ax.patches if isinstance(p, FancyArrowPatch)]) == len(edges) + len(fedges) + 1
    # One label per node, e.g. $h^{(3)}$ and, in the folded graph, $h^{(t)}$.
    texts = [t.get_text() for t in ax.texts]
    for name in nodes:
        assert texts.count(rf"${name[0]}^{{({name[1:]})}}$") == 1, name
    for name in fnodes:
        assert texts.count(rf"${name}^{{(t)}}$") == 1, name
    # Edge labels: one per U, V and W edge.
    for label in "UVW":
        n_edges = sum(lab == label for _, _, lab in edges + fedges)
        assert texts.count(f"${label}$") == n_edges, label
    assert ax.get_title() == PATTERNS[pattern]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_folded_recurrent_edge_carries_the_one_step_delay(pattern):
    fig = draw_unfolded(2, pattern)
    delays = gids(fig.axes[0], Rectangle)
    source = "o" if pattern == "output_recurrence" else "h"
    assert delays == {f"delay:folded:{source}->h"}


def test_without_the_folded_graph():
    fig = draw_unfolded(4, "every_step", folded=False)
    ax = fig.axes[0]
    assert not any(g.startswith("folded:") for g in gids(ax, FancyArrowPatch))
    assert "unfold" not in gids(ax, FancyArrowPatch)
    assert not gids(ax, Rectangle)
    assert gids(ax, Circle) == {f"node:{n}" for n in rnn_graph("every_step", 4)[0]}


def test_draws_into_a_given_axes():
    fig, axes = plt.subplots(1, 2)
    out = draw_unfolded(2, "single_output", ax=axes[1])
    assert out is fig
    assert not axes[0].patches and axes[1].patches
    assert len(plt.get_fignums()) == 1, "no extra figure when an axes is given"


@pytest.mark.parametrize("pattern, T", list(itertools.product(PATTERNS, [1, 8])))
def test_no_two_labels_overlap_and_all_stay_inside_the_figure(pattern, T):
    fig = draw_unfolded(T, pattern)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_text()]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    figure_box = fig.bbox
    for box in boxes:
        assert figure_box.x0 <= box.x0 and box.x1 <= figure_box.x1
        assert figure_box.y0 <= box.y0 and box.y1 <= figure_box.y1


@pytest.mark.parametrize("pattern", PATTERNS)
def test_edge_labels_keep_clear_of_the_nodes(pattern):
    fig = draw_unfolded(3, pattern)
    fig.canvas.draw()
    renderer, ax = fig.canvas.get_renderer(), fig.axes[0]
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    labels = [t for t in ax.texts if t.get_text() in ("$U$", "$V$", "$W$")]
    assert labels
    for label in labels:
        box = label.get_window_extent(renderer)
        for circle in circles:
            centre = ax.transData.transform(circle.center)
            radius = ax.transData.transform((circle.radius, 0))[0] - ax.transData.transform((0, 0))[0]
            nearest = np.clip(centre, [box.x0, box.y0], [box.x1, box.y1])  # the box's point nearest the centre
            assert np.hypot(*(nearest - centre)) > radius, (label.get_text(), circle.get_gid())


def test_node_circles_do_not_touch():
    fig = draw_unfolded(4, "every_step")
    circles = [p for p in fig.axes[0].patches if isinstance(p, Circle)]
    for a, b in itertools.combinations(circles, 2):
        assert np.hypot(*np.subtract(a.center, b.center)) > a.radius + b.radius


@pytest.mark.parametrize("kwargs", [dict(pattern="every step"), dict(pattern="bidirectional"),
                                    dict(T=0), dict(T=-1), dict(T=1.5), dict(T="3"), dict(T=False)])
def test_draw_unfolded_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        draw_unfolded(**kwargs)


def test_a_figure_can_be_saved_as_png_and_closed(tmp_path):
    fig = draw_unfolded(3, "output_recurrence")
    path = tmp_path / "graph.png"
    fig.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    number = fig.number
    plt.close(fig)
    assert not plt.fignum_exists(number)


# ---- the other helpers ------------------------------------------------------------------------


def test_plot_trajectories_draws_a_line_and_a_start_marker_per_trajectory():
    a = np.stack([np.linspace(0, 1, 6), np.zeros(6)], axis=1)
    b = np.stack([np.zeros(4), np.linspace(1, 0, 4)], axis=1)
    fig = plot_trajectories([a, b], labels=["a", "b"], title="demo")
    ax = fig.axes[0]
    assert len(ax.lines) == 4
    np.testing.assert_array_equal(ax.lines[0].get_xydata(), a)
    np.testing.assert_array_equal(ax.lines[1].get_xydata(), a[:1])  # the start
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    assert ax.get_title() == "demo" and ax.get_xlabel() and ax.get_ylabel()


def test_the_helpers_draw_into_a_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    assert plot_trajectories([np.zeros((3, 2))], ax=left) is fig
    assert plot_against_length([1, 2], {"a": [1.0, 2.0]}, ax=right) is fig
    assert len(left.lines) == 2 and len(right.lines) == 1
    assert plt.get_fignums() == [fig.number]


def test_plot_trajectories_without_labels_has_no_legend():
    fig = plot_trajectories([np.zeros((3, 2))])
    assert fig.axes[0].get_legend() is None


def test_plot_trajectories_rejects_wrong_shapes():
    with pytest.raises(ValueError, match=r"\(T\+1, 2\)"):
        plot_trajectories([np.zeros((5, 3))])
    with pytest.raises(ValueError, match="labels"):
        plot_trajectories([np.zeros((5, 2))], labels=["a", "b"])


def test_plot_against_length_is_log_log_with_one_line_per_curve_and_a_reference_slope():
    lengths = [10, 100, 1000]
    fig = plot_against_length(lengths, {"rnn": [1.0, 10.0, 100.0], "conv": [1.0, 2.0, 4.0]}, slope=1)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert len(ax.lines) == 3
    np.testing.assert_allclose(ax.lines[2].get_ydata(), [1.0, 10.0, 100.0])  # through the first curve's last point
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["rnn", "conv", r"$\propto T$"]
    assert ax.get_xlabel() == "sequence length T" and ax.get_ylabel() and ax.get_title()


def test_plot_against_length_rejects_a_curve_of_the_wrong_length():
    with pytest.raises(ValueError, match="'rnn'"):
        plot_against_length([1, 2, 3], {"rnn": [1.0, 2.0]})


# ---- draw_gradient_flow (unit 02) ---------------------------------------------------------------

from rnnkit.plots import draw_gradient_flow  # noqa: E402


def patch_gids(ax, kind, prefix):
    """{gid without prefix: patch} for the patches of `kind` whose gid starts with `prefix`."""
    return {p.get_gid()[len(prefix):]: p for p in ax.patches
            if isinstance(p, kind) and (p.get_gid() or "").startswith(prefix)}


def arrow_gids(ax, prefix):
    """The gids (without prefix) of the arrows whose gid starts with `prefix`."""
    return set(patch_gids(ax, FancyArrowPatch, prefix))


@pytest.mark.parametrize("T", [1, 2, 4])
def test_gradient_flow_draws_every_node_and_both_passes(T):
    ax = draw_gradient_flow(T).axes[0]
    nodes = {p.get_gid() for p in ax.patches if isinstance(p, Circle)}
    assert nodes == {"node:h0"} | {f"node:{v}{t}" for t in range(1, T + 1) for v in "xhoL"}
    steps = range(1, T + 1)
    assert arrow_gids(ax, "forward:") == (
        {f"x{t}->h{t}" for t in steps} | {f"h{t - 1}->h{t}" for t in steps}
        | {f"h{t}->o{t}" for t in steps} | {f"o{t}->L{t}" for t in steps})
    backward = {f"L{t}->o{t}" for t in steps} | {f"o{t}->h{t}" for t in steps} | {f"h{t + 1}->h{t}" for t in range(1, T)}
    assert arrow_gids(ax, "backward:") == backward            # 3T - 1 messages: h(T) has one child
    colours = {p.get_gid().split(":")[0]: p.get_edgecolor() for p in ax.patches if isinstance(p, FancyArrowPatch)}
    assert colours["forward"] != colours["backward"]


def test_gradient_flow_labels_each_red_arrow_with_what_it_carries_or_multiplies():
    ax = draw_gradient_flow(3).axes[0]
    labels = {t.get_gid()[len("gradient-label:"):]: t.get_text() for t in ax.texts
              if (t.get_gid() or "").startswith("gradient-label:")}
    assert set(labels) == arrow_gids(ax, "backward:")         # one label per red arrow, no more
    assert all(r"\hat{y}" in labels[f"L{t}->o{t}"] for t in (1, 2, 3))      # the gradient it starts
    assert all(labels[f"o{t}->h{t}"] == r"$V^{\top}$" for t in (1, 2, 3))   # the matrices that multiply it
    assert all("W^{\\top}" in labels[f"h{t + 1}->h{t}"] and "diag" in labels[f"h{t + 1}->h{t}"] for t in (1, 2))
    node_texts = [t.get_text() for t in ax.texts]
    assert "$h^{(T)}$" in node_texts and "$h^{(0)}$" in node_texts and "$h^{(3)}$" not in node_texts


def test_gradient_flow_draws_into_a_given_axes_and_rejects_a_bad_length():
    fig, ax = plt.subplots()
    assert draw_gradient_flow(2, ax=ax) is fig
    assert plt.get_fignums() == [fig.number]
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="positive integer"):
            draw_gradient_flow(bad)


# ---- the gated cells of lecture 04, and the gate traces of a trained LSTM ---------------------------------

from rnnkit.plots import draw_gru_cell, draw_lstm_cell, plot_gate_traces  # noqa: E402


def cell_parts(fig, prefix):
    """The patches of a cell drawing whose gid starts with `prefix` ("layer:", "op:", "wire:", "peephole:")."""
    return {p.get_gid(): p for p in fig.axes[0].patches if (p.get_gid() or "").startswith(prefix)}


def cell_texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_lstm_cell_has_three_sigmoid_gates_a_tanh_candidate_and_the_cell_state_path_on_top():
    fig = draw_lstm_cell()
    assert set(cell_parts(fig, "layer:")) == {"layer:f", "layer:i", "layer:g", "layer:o"}
    texts = cell_texts(fig)
    assert texts.count(r"$\sigma$") == 3 and texts.count(r"$\tanh$") == 2   # the candidate's layer, and tanh(c)
    wires = cell_parts(fig, "wire:")
    assert {"wire:c(t-1)->mul_f", "wire:mul_f->add", "wire:add->c(t)"} <= set(wires)   # the cell-state path ...
    assert {"wire:f->mul_f", "wire:mul_in->add"} <= set(wires)          # ... meets only x f and + i*g
    ops = cell_parts(fig, "op:")
    highest_layer = max(p.get_y() + p.get_height() for p in cell_parts(fig, "layer:").values())
    assert ops["op:mul_f"].center[1] == ops["op:add"].center[1] > highest_layer   # the path runs along the top
    assert r"$\mathrm{diag}(f)$" in texts
    for name in (r"$x^{(t)}$", r"$h^{(t-1)}$", r"$c^{(t-1)}$", r"$h^{(t)}$", r"$c^{(t)}$"):
        assert name in texts
    assert not cell_parts(fig, "peephole:") and "op:one_minus" not in ops


def test_lstm_peepholes_show_the_old_cell_state_to_f_and_i_and_the_new_one_to_o():
    fig = draw_lstm_cell(peephole=True)
    peepholes = cell_parts(fig, "peephole:")
    assert set(peepholes) == {"peephole:f", "peephole:i", "peephole:o"}
    ops = cell_parts(fig, "op:")
    start = {gid: wire.get_path().vertices[0] for gid, wire in peepholes.items()}
    assert start["peephole:f"][0] < ops["op:mul_f"].center[0]          # tapped before x f: c(t-1)
    assert start["peephole:i"][0] == start["peephole:f"][0]            # a branch of the same wire
    assert start["peephole:o"][0] > ops["op:add"].center[0]            # tapped after the sum: c(t)
    assert set(cell_parts(fig, "layer:")) == {"layer:f", "layer:i", "layer:g", "layer:o"}   # otherwise unchanged


def test_coupled_lstm_replaces_the_input_gate_by_one_minus_f():
    fig = draw_lstm_cell(coupled=True)
    assert set(cell_parts(fig, "layer:")) == {"layer:f", "layer:g", "layer:o"}
    assert {"wire:f->one_minus", "wire:one_minus->mul_in"} <= set(cell_parts(fig, "wire:"))
    assert cell_texts(fig).count(r"$\sigma$") == 2
    both = draw_lstm_cell(peephole=True, coupled=True)
    assert set(cell_parts(both, "peephole:")) == {"peephole:f", "peephole:o"}   # no input gate to look


@pytest.mark.parametrize("reset", ["after", "before"])
def test_gru_cell_has_reset_and_update_gates_a_candidate_and_the_interpolation(reset):
    fig = draw_gru_cell(reset=reset)
    assert set(cell_parts(fig, "layer:")) == {"layer:r", "layer:z", "layer:n", "layer:W"}
    assert set(cell_parts(fig, "op:")) == {"op:mul_z", "op:one_minus", "op:mul_n", "op:add", "op:mul_r"}
    texts = cell_texts(fig)
    assert texts.count(r"$\sigma$") == 2 and texts.count(r"$\tanh$") == 1
    assert {"wire:z->mul_z", "wire:z->one_minus", "wire:n->mul_n"} <= set(cell_parts(fig, "wire:"))
    assert r"$\mathrm{diag}(z)$" in texts and not any("c^" in t for t in texts)   # one state: no cell state


def test_gru_reset_acts_after_the_product_in_torchs_form_and_before_it_in_chos():
    assert {"wire:W->mul_r", "wire:mul_r->n"} <= set(cell_parts(draw_gru_cell("after"), "wire:"))
    assert {"wire:mul_r->W", "wire:W->n"} <= set(cell_parts(draw_gru_cell("before"), "wire:"))
    with pytest.raises(ValueError, match="after"):
        draw_gru_cell(reset="sideways")


def test_cells_draw_into_a_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    assert draw_lstm_cell(ax=left) is fig and draw_gru_cell(ax=right) is fig
    assert plt.get_fignums() == [fig.number]


def test_plot_gate_traces_draws_the_input_three_heatmaps_and_the_scaled_cell_states():
    T, H = 12, 5
    rng = np.random.default_rng(0)
    gates = {k: rng.uniform(size=(T, H)) for k in "ifo"}
    cells = {"row 0": rng.normal(size=T), "row 1": 3 * rng.normal(size=T)}
    fig = plot_gate_traces(rng.uniform(size=T), [2, 8], gates, cells, title="demo")
    bars, *heatmaps, curves = fig.axes[:5]
    assert len(bars.patches) == T + 2 and bars.get_title() == "demo"   # a bar per step, the marked ones in red
    for heatmap, k in zip(heatmaps, "ifo"):
        np.testing.assert_allclose(heatmap.images[0].get_array(), gates[k].T)   # one row per unit
    for line, curve in zip(curves.lines, cells.values()):
        np.testing.assert_allclose(line.get_ydata(), curve / np.abs(curve).max())
    assert all("largest |c|" in t.get_text() for t in curves.get_legend().get_texts())
    for ax in (bars, *heatmaps, curves):                              # marks at indices 2 and 8 are steps 3 and 9
        assert sorted(line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == ":") == [3, 9]


# ---- bidirectional and deep RNNs (unit 05) ------------------------------------------------------

from rnnkit.plots import draw_bidirectional, draw_deep_rnn  # noqa: E402


def texts_fit_in_the_figure(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()] + [ax.title.get_window_extent(renderer)]
    if ax.get_legend():
        boxes.append(ax.get_legend().get_window_extent(renderer))
    return all(fig.bbox.x0 <= b.x0 and b.x1 <= fig.bbox.x1 and fig.bbox.y0 <= b.y0 and b.y1 <= fig.bbox.y1
               for b in boxes)


@pytest.mark.parametrize("T", [1, 3, 4])
def test_bidirectional_draws_both_recurrences_and_outputs_that_read_both_states(T):
    fig = draw_bidirectional(T)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    steps = range(1, T + 1)
    nodes = set(patch_gids(ax, Circle, "node:"))
    assert nodes == ({"h0", f"g{T + 1}"} | {f"{v}{t}" for t in steps for v in "xhgoLy"})   # 6T + 2
    edges = patch_gids(ax, FancyArrowPatch, "edge:")
    forward = {f"h{t - 1}->h{t}" for t in steps}
    backward = {f"g{t + 1}->g{t}" for t in steps}
    per_step = {f"{a}{t}->{b}{t}" for t in steps
                for a, b in (("x", "h"), ("x", "g"), ("h", "o"), ("g", "o"), ("o", "L"), ("y", "L"))}
    assert set(edges) == forward | backward | per_step and len(edges) == 8 * T
    assert not any(s.startswith("g") and d.startswith("h") or s.startswith("h") and d.startswith("g")
                   for s, d in (e.split("->") for e in edges)), "the two directions never meet before o"
    # h runs from the left to the right, g from the right to the left: compare the ends' centres.
    circles = patch_gids(ax, Circle, "node:")
    for gid in forward | backward:
        src, dst = (circles[name].center[0] for name in gid.split("->"))
        assert (dst > src) == gid.startswith("h"), gid
    colour = {gid: tuple(p.get_edgecolor()) for gid, p in edges.items()}
    assert len({colour[g] for g in forward}) == len({colour[g] for g in backward}) == 1
    black = colour[f"x{T}->h{T}"]
    assert len({colour["h0->h1"], colour[f"g{T + 1}->g{T}"], black}) == 3, "h, g and the rest: three colours"
    legend = " ".join(t.get_text() for t in ax.get_legend().get_texts())
    assert "past to present" in legend and "future to present" in legend
    texts = [t.get_text() for t in ax.texts]
    assert "$h^{(T)}$" in texts and "$g^{(T)}$" in texts and "$g^{(T+1)}$" in texts and "$h^{(0)}$" in texts
    assert f"$h^{{({T})}}$" not in texts
    assert texts_fit_in_the_figure(fig)


def test_bidirectional_nodes_do_not_touch_and_g_has_its_own_colour():
    ax = draw_bidirectional(4).axes[0]
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    for a, b in itertools.combinations(circles, 2):
        assert np.hypot(*np.subtract(a.center, b.center)) > a.radius + b.radius
    nodes = patch_gids(ax, Circle, "node:")
    assert nodes["g2"].get_facecolor() != nodes["h2"].get_facecolor()
    # x(t) -> g(t) passes h(t) without cutting it: its distance to h(t)'s centre exceeds the radius.
    assert "x2->g2" in patch_gids(ax, FancyArrowPatch, "edge:")
    p0, p1, centre = (np.array(nodes[name].center) for name in ("x2", "g2", "h2"))
    d = p1 - p0
    nearest = p0 + np.clip(np.dot(centre - p0, d) / np.dot(d, d), 0, 1) * d
    assert np.hypot(*(nearest - centre)) > nodes["h2"].radius


@pytest.mark.parametrize("T", [1, 3])
def test_stacked_deep_rnn_has_two_layers_each_with_its_own_recurrence(T):
    ax = draw_deep_rnn("stacked", T).axes[0]
    steps = range(1, T + 1)
    assert set(patch_gids(ax, Circle, "node:")) == (
        {"h1_0", "h2_0"} | {f"{v}{t}" for t in steps for v in ("x", "h1_", "h2_", "o")})
    assert set(patch_gids(ax, FancyArrowPatch, "edge:")) == (
        {f"x{t}->h1_{t}" for t in steps} | {f"h1_{t}->h2_{t}" for t in steps} | {f"h2_{t}->o{t}" for t in steps}
        | {f"h1_{t - 1}->h1_{t}" for t in steps} | {f"h2_{t - 1}->h2_{t}" for t in steps})
    assert not patch_gids(ax, FancyArrowPatch, "skip:")
    texts = [t.get_text() for t in ax.texts]
    assert "$h_1^{(T)}$" in texts and "$h_2^{(T)}$" in texts and "$h_2^{(0)}$" in texts


@pytest.mark.parametrize("variant, T", list(itertools.product(["mlp", "skip"], [1, 3])))
def test_mlp_deep_rnn_puts_a_hidden_layer_on_each_of_the_three_maps(variant, T):
    ax = draw_deep_rnn(variant, T).axes[0]
    steps = range(1, T + 1)
    nodes = patch_gids(ax, Circle, "node:")
    assert set(nodes) == {"h0"} | {f"{v}{t}" for t in steps for v in "xuhwvo"}
    mlp = [nodes[f"{v}{t}"] for t in steps for v in "uwv"]
    assert all(n.radius < nodes["h1"].radius for n in mlp)                  # drawn smaller, without a label
    assert set(patch_gids(ax, FancyArrowPatch, "edge:")) == {
        f"{a}{t}->{b}{t}" for t in steps for a, b in (("x", "u"), ("u", "h"), ("w", "h"), ("h", "v"), ("v", "o"))
    } | {f"h{t - 1}->w{t}" for t in steps}
    skips = patch_gids(ax, FancyArrowPatch, "skip:")
    if variant == "mlp":
        assert not skips
    else:
        assert set(skips) == {f"h{t - 1}->h{t}" for t in steps}
        assert all(p.get_linestyle() == "--" for p in skips.values())
    assert all(p.get_linestyle() == "-" for p in patch_gids(ax, FancyArrowPatch, "edge:").values())
    assert {t.get_text() for t in ax.get_legend().get_texts()} >= {"hidden layer of an MLP"}


@pytest.mark.parametrize("variant, T", list(itertools.product(["stacked", "mlp", "skip"], [1, 4])))
def test_deep_rnn_nodes_do_not_touch_and_its_texts_fit(variant, T):
    fig = draw_deep_rnn(variant, T)
    circles = [p for p in fig.axes[0].patches if isinstance(p, Circle)]
    for a, b in itertools.combinations(circles, 2):
        assert np.hypot(*np.subtract(a.center, b.center)) > a.radius + b.radius
    assert texts_fit_in_the_figure(fig)
    assert fig.axes[0].get_title().startswith("Deep RNN")


def test_unit_05_drawings_draw_into_a_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    assert draw_bidirectional(2, ax=left) is fig and draw_deep_rnn("skip", 2, ax=right) is fig
    assert plt.get_fignums() == [fig.number]
    assert left.patches and right.patches


@pytest.mark.parametrize("bad", [0, -1, 2.5, "3", True])
def test_unit_05_drawings_reject_a_bad_length(bad):
    with pytest.raises(ValueError, match="positive integer"):
        draw_bidirectional(bad)
    with pytest.raises(ValueError, match="positive integer"):
        draw_deep_rnn("stacked", bad)


@pytest.mark.parametrize("variant", ["deep", "Stacked", "", None, ["mlp"]])
def test_draw_deep_rnn_rejects_an_unknown_variant_naming_the_three(variant):
    with pytest.raises(ValueError, match=r"'stacked', 'mlp', 'skip'"):
        draw_deep_rnn(variant)
