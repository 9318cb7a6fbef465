"""Plots shared by the lectures: RNN computational graphs, cell diagrams, trajectories, cost curves.

    >>> from rnnkit.plots import draw_unfolded
    >>> fig = draw_unfolded(T=3, pattern="every_step")      # folded | unfolded, side by side

    draw_unfolded        an RNN's computational graph, folded and unfolded (units 01-03)
    plot_trajectories, plot_against_length    states over time; a cost against the sequence length
    draw_gradient_flow   back-propagation through time on the unfolded graph (unit 02)
    draw_lstm_cell       the LSTM cell, with its peephole and coupled-gate variants (unit 04)
    draw_gru_cell        the GRU cell, in torch's form or in Cho et al.'s (unit 04)
    plot_gate_traces     an LSTM's gates over one sequence, as heatmaps (unit 04)
    draw_bidirectional   a bidirectional RNN, unfolded: h from the past, g from the future (unit 05)
    draw_deep_rnn        the three deep RNNs: stacked layers, MLP maps, MLPs with skips (unit 05)

Every function draws with matplotlib and returns the Figure: a notebook shows it
inline as a PNG, a script saves it with ``fig.savefig("graph.png")``.

Three short modules: graphs (computational graphs), cells (gated cells), curves (everything with axes).
"""
from .cells import draw_gru_cell, draw_lstm_cell
from .curves import plot_against_length, plot_gate_traces, plot_trajectories
from .graphs import PATTERNS, draw_bidirectional, draw_deep_rnn, draw_gradient_flow, draw_unfolded, rnn_graph

__all__ = ["PATTERNS", "draw_bidirectional", "draw_deep_rnn", "draw_gradient_flow", "draw_gru_cell", "draw_lstm_cell",
           "draw_unfolded", "plot_against_length", "plot_gate_traces", "plot_trajectories", "rnn_graph"]
