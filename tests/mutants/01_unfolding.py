"""Planted mistakes for unit 01 (see tests/test_grading.py): each must lose exactly the points of `fails`.

Each entry names the answer cell (its grade_id), the replacements that plant the mistake in the
solution code of that cell, and the test cells that must then lose their points. rnn_forward calls
rnn_step_forward, so a mistake in the step also fails the tests of rnn_forward.
"""

STEP = {"test_rnn_step_forward_visible", "test_rnn_step_forward_hidden",
        "test_rnn_forward_visible", "test_rnn_forward_hidden"}

MUTANTS = [
    # --- unfold ---------------------------------------------------------------------------------
    dict(name="unfold_returns_s0_to_sT_minus_1", cell="unfold",
         replace=[("state = f(state, x_t)\n        trajectory.append(state)",
                   "trajectory.append(state)\n        state = f(state, x_t)")],
         fails={"test_unfold_visible", "test_unfold_hidden"}),
    dict(name="unfold_runs_backwards_in_time", cell="unfold",
         replace=[("for x_t in xs:", "for x_t in xs[::-1]:")],
         fails={"test_unfold_visible", "test_unfold_hidden"}),
    dict(name="unfold_restarts_from_s0_every_step", cell="unfold",
         replace=[("state = f(state, x_t)", "state = f(s0, x_t)")],
         fails={"test_unfold_visible", "test_unfold_hidden"}),

    # --- rnn_step_forward (rnn_forward calls it, so its tests fail too) --------------------------
    dict(name="step_drops_bias", cell="rnn_step_forward",
         replace=[("h_prev @ W.T + b", "h_prev @ W.T")],
         fails=STEP),
    dict(name="step_missing_transpose_of_W", cell="rnn_step_forward",
         replace=[("h_prev @ W.T", "h_prev @ W")],
         # the visible test of rnn_forward is scalar (H = 1), where W equals its transpose
         fails=STEP - {"test_rnn_forward_visible"}),
    dict(name="step_sigmoid_instead_of_tanh", cell="rnn_step_forward",
         replace=[("h = np.tanh(a)", "h = 1 / (1 + np.exp(-a))")],
         fails=STEP),
    dict(name="step_relu_instead_of_tanh", cell="rnn_step_forward",
         replace=[("h = np.tanh(a)", "h = np.maximum(a, 0)")],
         fails=STEP),

    # --- rnn_forward ----------------------------------------------------------------------------
    dict(name="forward_returns_h0_to_hT_minus_1", cell="rnn_forward",
         replace=[("h_prev, step_cache = rnn_step_forward(x[t], h_prev, U, W, b)\n        hs.append(h_prev)",
                   "hs.append(h_prev)\n        h_prev, step_cache = rnn_step_forward(x[t], h_prev, U, W, b)")],
         fails={"test_rnn_forward_visible", "test_rnn_forward_hidden"}),
    dict(name="forward_uses_previous_input", cell="rnn_forward",
         replace=[("rnn_step_forward(x[t], h_prev", "rnn_step_forward(x[t - 1], h_prev")],
         fails={"test_rnn_forward_visible", "test_rnn_forward_hidden"}),
    dict(name="forward_ignores_h0", cell="rnn_forward",
         replace=[("h_prev = h0", "h_prev = np.zeros_like(h0)")],
         fails={"test_rnn_forward_visible", "test_rnn_forward_hidden"}),
    dict(name="forward_every_step_from_h0", cell="rnn_forward",
         replace=[("rnn_step_forward(x[t], h_prev, U, W, b)", "rnn_step_forward(x[t], h0, U, W, b)")],
         fails={"test_rnn_forward_visible", "test_rnn_forward_hidden"}),
    dict(name="forward_runs_backwards_in_time", cell="rnn_forward",
         replace=[("for t in range(x.shape[0]):", "for t in reversed(range(x.shape[0])):")],
         fails={"test_rnn_forward_visible", "test_rnn_forward_hidden"}),
    dict(name="forward_keeps_state_between_calls", cell="rnn_forward",
         replace=[("def rnn_forward(x, h0, U, W, b):", "def rnn_forward(x, h0, U, W, b, _memory={}):"),
                  ("h_prev = h0", "h_prev = _memory.get(\"h\", h0)"),
                  ("h = np.stack(hs)", "_memory[\"h\"] = h_prev\n    h = np.stack(hs)")],
         fails={"test_rnn_forward_visible", "test_rnn_forward_hidden"}),
    dict(name="forward_overwrites_h0_in_place", cell="rnn_forward",
         replace=[("h_prev, step_cache = rnn_step_forward(x[t], h_prev, U, W, b)\n        hs.append(h_prev)",
                   "h_new, step_cache = rnn_step_forward(x[t], h_prev, U, W, b)\n"
                   "        h_prev[...] = h_new  # reuses the memory of h0 for the running state\n"
                   "        hs.append(h_new)")],
         fails={"test_rnn_forward_visible", "test_rnn_forward_hidden"}),

    # --- softmax --------------------------------------------------------------------------------
    dict(name="softmax_without_max_shift", cell="softmax",
         replace=[("z = o - o.max(axis=-1, keepdims=True)", "z = o")],
         fails={"test_softmax_stability"}),
    dict(name="softmax_one_max_for_the_whole_array", cell="softmax",
         replace=[("o.max(axis=-1, keepdims=True)", "o.max()")],
         fails={"test_softmax_stability"}),
    dict(name="softmax_normalises_over_first_axis", cell="softmax",
         replace=[("e.sum(axis=-1, keepdims=True)", "e.sum(axis=0, keepdims=True)")],
         fails={"test_softmax_visible", "test_softmax_hidden", "test_softmax_stability"}),
    dict(name="softmax_shifts_input_in_place", cell="softmax",
         replace=[("z = o - o.max(axis=-1, keepdims=True)", "o -= o.max(axis=-1, keepdims=True)\n    z = o")],
         fails={"test_softmax_hidden"}),

    # --- sequence_loss --------------------------------------------------------------------------
    dict(name="loss_mean_instead_of_sum", cell="sequence_loss",
         replace=[("loss = -log_p_target.sum()", "loss = -log_p_target.mean()")],
         fails={"test_sequence_loss_visible", "test_sequence_loss_hidden"}),
    dict(name="loss_mean_over_batch", cell="sequence_loss",
         replace=[("loss = -log_p_target.sum()", "loss = -log_p_target.sum(axis=0).mean()")],
         fails={"test_sequence_loss_visible", "test_sequence_loss_hidden"}),
    dict(name="loss_of_last_step_only", cell="sequence_loss",
         replace=[("loss = -log_p_target.sum()", "loss = -log_p_target[-1].sum()")],
         fails={"test_sequence_loss_visible", "test_sequence_loss_hidden"}),
    dict(name="loss_skips_first_step", cell="sequence_loss",
         replace=[("loss = -log_p_target.sum()", "loss = -log_p_target[1:].sum()")],
         # with T = 1 (the large-score cases) nothing is left to sum
         fails={"test_sequence_loss_visible", "test_sequence_loss_hidden", "test_sequence_loss_stability"}),
    dict(name="loss_log_sum_exp_without_shift", cell="sequence_loss",
         replace=[("log_norm = m + np.log(np.exp(o - m).sum(axis=-1, keepdims=True))",
                   "log_norm = np.log(np.exp(o).sum(axis=-1, keepdims=True))")],
         fails={"test_sequence_loss_stability"}),
    dict(name="loss_log_of_softmax", cell="sequence_loss",
         replace=[("log_y_hat = o - log_norm", "log_y_hat = np.log(softmax(o))")],
         fails={"test_sequence_loss_stability"}),
    dict(name="loss_log_of_softmax_plus_epsilon", cell="sequence_loss",
         replace=[("log_y_hat = o - log_norm", "log_y_hat = np.log(softmax(o) + 1e-12)")],
         fails={"test_sequence_loss_stability"}),
    dict(name="loss_shifts_input_in_place", cell="sequence_loss",
         replace=[("m = o.max(axis=-1, keepdims=True)\n", "o -= o.max(axis=-1, keepdims=True)\n    m = 0.0\n")],
         fails={"test_sequence_loss_hidden"}),
]
