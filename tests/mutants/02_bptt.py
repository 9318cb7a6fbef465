"""Planted mistakes for unit 02 (see tests/test_grading.py): each must lose exactly the points of `fails`.

Each entry names the answer cell (its grade_id), the replacements that plant the mistake in the
solution code of that cell, and the test cells that must then lose their points. The functions call
one another (rnn_backward calls rnn_step_backward; rnn_loss_and_grads calls output_loss_and_grads and
rnn_backward; truncated_bptt_grads calls all three), so a mistake in a callee also fails the tests of
its callers.
"""

# The hidden tests of every function downstream of a mistake compare with autograd, so they lose their points.
# test_rnn_backward_inputs checks the gradients against autograd before it checks that the inputs are
# unchanged (an answer that does nothing must not earn its point), so every wrong rnn_backward loses it.
DOWNSTREAM = {"test_rnn_loss_and_grads_hidden", "test_truncated_bptt_grads_hidden"}
# The visible tests of rnn_loss_and_grads and truncated_bptt_grads work out by hand a network whose inputs cancel
# every pre-activation, so that every state h(1), h(2), ... is 0 (and the loss of truncated_bptt_grads is compared
# with the given forward pass, not with the student's rnn_loss_and_grads): a mistake in a callee fails them too,
# except where it cannot show at h = 0. There tanh'(0) = 1 whichever form of the derivative is used, dV = 0, and only
# step 1 contributes to dW.
HAND = {"test_rnn_loss_and_grads_visible", "test_truncated_bptt_grads_visible"}
STEP = {"test_rnn_step_backward_visible", "test_rnn_step_backward_hidden",
        "test_rnn_backward_visible", "test_rnn_backward_hidden", "test_rnn_backward_inputs"} | DOWNSTREAM
# The visible tests of the step and of rnn_backward have N = 2 sequences, H = 2 units and a non-symmetric W.
STEP_TRANSPOSE = STEP | HAND
BPTT = {"test_rnn_backward_visible", "test_rnn_backward_hidden", "test_rnn_backward_inputs"} | DOWNSTREAM
# The large-score cases (one in the visible test, more in test_output_loss_and_grads_stability) catch only an
# unstable loss.
OUTPUT = {"test_output_loss_and_grads_visible", "test_output_loss_and_grads_hidden"}
TRUNCATED = {"test_truncated_bptt_grads_visible", "test_truncated_bptt_grads_loss", "test_truncated_bptt_grads_hidden"}
# A wrong gradient with the right loss: test_truncated_bptt_grads_loss checks only the loss.
TRUNCATED_GRADIENT = {"test_truncated_bptt_grads_visible", "test_truncated_bptt_grads_hidden"}

MUTANTS = [
    # --- rnn_step_backward (every later function calls it) -------------------------------------
    dict(name="step_no_tanh_derivative", cell="rnn_step_backward",
         replace=[("da = (1 - h ** 2) * dh", "da = dh")],
         fails=STEP),
    dict(name="step_tanh_derivative_at_h", cell="rnn_step_backward",
         replace=[("(1 - h ** 2)", "(1 - np.tanh(h) ** 2)")],
         fails=STEP),
    dict(name="step_missing_transpose_of_W", cell="rnn_step_backward",
         replace=[("dh_prev = da @ W", "dh_prev = da @ W.T")],
         fails=STEP_TRANSPOSE),
    dict(name="step_dW_transposed", cell="rnn_step_backward",
         replace=[("dW = da.T @ h_prev", "dW = h_prev.T @ da")],
         fails=STEP_TRANSPOSE),

    # --- rnn_backward ---------------------------------------------------------------------------
    dict(name="bptt_forward_in_time", cell="rnn_backward",
         replace=[("for t in reversed(range(T)):", "for t in range(T):")],
         fails=BPTT | HAND),
    dict(name="bptt_no_gradient_from_next_step", cell="rnn_backward",
         replace=[("dh_t = dh[t] + dh_prev", "dh_t = dh[t]")],
         fails=BPTT | HAND),
    dict(name="bptt_skips_first_step", cell="rnn_backward",
         replace=[("for t in reversed(range(T)):", "for t in range(T - 1, 0, -1):")],
         fails=BPTT | HAND),
    dict(name="bptt_dW_not_summed_over_time", cell="rnn_backward",
         replace=[("dW += dW_t", "dW = dW_t")],
         # the loop ends with step 1, the only step that contributes to dW in the hand-worked networks (HAND)
         fails=BPTT),
    dict(name="bptt_dh0_from_dh", cell="rnn_backward",
         replace=[("dh0 = dh_prev", "dh0 = dh[0]")],
         fails=BPTT | HAND),
    dict(name="bptt_db_mean_over_batch", cell="rnn_backward",
         replace=[("db += db_t", "db += db_t / dh.shape[1]")],
         fails=BPTT | HAND),
    dict(name="bptt_modifies_dh_in_place", cell="rnn_backward",
         replace=[("dh_t = dh[t] + dh_prev", "dh[t] += dh_prev\n        dh_t = dh[t]")],
         fails={"test_rnn_backward_visible", "test_rnn_backward_inputs"}),

    # --- output_loss_and_grads ------------------------------------------------------------------
    dict(name="output_no_onehot", cell="output_loss_and_grads",
         replace=[("do = y_hat - np.eye(K)[y]", "do = y_hat")],
         fails=OUTPUT | HAND | DOWNSTREAM),
    dict(name="output_mean_over_sequences", cell="output_loss_and_grads",
         replace=[("loss, (y_hat, _) = sequence_loss(o, y)",
                   "loss, (y_hat, _) = sequence_loss(o, y)\n    loss = loss / y.shape[1]"),
                  ("do = y_hat - np.eye(K)[y]", "do = (y_hat - np.eye(K)[y]) / y.shape[1]")],
         fails=OUTPUT | HAND | {"test_truncated_bptt_grads_loss"} | DOWNSTREAM),
    dict(name="output_gradient_divided_by_N", cell="output_loss_and_grads",
         replace=[("do = y_hat - np.eye(K)[y]", "do = (y_hat - np.eye(K)[y]) / y.shape[1]")],
         fails=OUTPUT | HAND | DOWNSTREAM),
    dict(name="output_dV_from_last_step_only", cell="output_loss_and_grads",
         replace=[('np.einsum("tnk,tnh->kh", do, h)', "do[-1].T @ h[-1]")],
         # dV is 0 in the hand-worked networks (HAND), whose states are 0
         fails=OUTPUT | DOWNSTREAM),
    dict(name="output_drops_last_step", cell="output_loss_and_grads",
         replace=[("loss, (y_hat, _) = sequence_loss(o, y)",
                   "loss, (y_hat, _) = sequence_loss(o, y)\n    loss = loss - sequence_loss(o[-1:], y[-1:])[0]"),
                  ("do = y_hat - np.eye(K)[y]", "do = y_hat - np.eye(K)[y]\n    do[-1] = 0.0")],
         # truncated BPTT then drops the last step of every chunk, rnn_loss_and_grads only the last step
         fails=OUTPUT | {"test_rnn_loss_and_grads_visible"} | TRUNCATED | DOWNSTREAM),

    dict(name="output_log_of_softmax", cell="output_loss_and_grads",
         replace=[("loss, (y_hat, _) = sequence_loss(o, y)",
                   "y_hat = softmax(o)\n    loss = -np.log(np.take_along_axis(y_hat, y[..., None], axis=-1)).sum()")],
         fails={"test_output_loss_and_grads_visible", "test_output_loss_and_grads_stability"}),

    # --- rnn_loss_and_grads ---------------------------------------------------------------------
    dict(name="full_forgets_dh0", cell="rnn_loss_and_grads",
         replace=[('"h0": dh0', '"h0": np.zeros_like(h0)')],
         fails={"test_rnn_loss_and_grads_visible", "test_rnn_loss_and_grads_hidden"}),
    dict(name="full_dh0_is_gradient_at_h1", cell="rnn_loss_and_grads",
         replace=[('"h0": dh0', '"h0": dh[0]')],
         fails={"test_rnn_loss_and_grads_visible", "test_rnn_loss_and_grads_hidden"}),
    dict(name="full_backprop_from_last_output_only", cell="rnn_loss_and_grads",
         replace=[("rnn_backward(dh, cache)", "rnn_backward(np.concatenate([0 * dh[:-1], dh[-1:]]), cache)")],
         fails={"test_rnn_loss_and_grads_visible", "test_rnn_loss_and_grads_hidden"}),

    # --- truncated_bptt_grads -------------------------------------------------------------------
    dict(name="truncated_state_not_carried", cell="truncated_bptt_grads",
         replace=[("h_in = h[-1]", "h_in = h0")],
         fails=TRUNCATED),
    dict(name="truncated_gradient_not_stopped", cell="truncated_bptt_grads",
         replace=[("range(0, T, k)", "range(0, T, T)"), ("slice(start, start + k)", "slice(start, start + T)")],
         fails=TRUNCATED_GRADIENT),
    dict(name="truncated_ignores_k", cell="truncated_bptt_grads",
         replace=[("T = x.shape[0]", "return rnn_loss_and_grads(params, x, y, h0)")],
         fails=TRUNCATED_GRADIENT),
    dict(name="truncated_overlapping_chunks", cell="truncated_bptt_grads",
         replace=[("slice(start, start + k)", "slice(start, start + k + 1)")],
         fails=TRUNCATED),
    dict(name="truncated_drops_last_chunk", cell="truncated_bptt_grads",
         replace=[("range(0, T, k)", "range(0, T - k, k)")],
         fails=TRUNCATED),
    dict(name="truncated_mean_over_chunks", cell="truncated_bptt_grads",
         replace=[("loss += chunk_loss", "loss += chunk_loss / len(range(0, T, k))"),
                  ("grads[name] += g", "grads[name] += g / len(range(0, T, k))")],
         fails=TRUNCATED),
    dict(name="truncated_h0_gradient_from_last_chunk", cell="truncated_bptt_grads",
         replace=[('if start == 0:\n            grads["h0"] = dh_in', 'grads["h0"] = dh_in')],
         fails=TRUNCATED_GRADIENT),
    dict(name="truncated_h0_gradient_summed_over_chunks", cell="truncated_bptt_grads",
         replace=[('if start == 0:\n            grads["h0"] = dh_in', 'grads["h0"] = grads.get("h0", 0) + dh_in')],
         fails=TRUNCATED_GRADIENT),
]
