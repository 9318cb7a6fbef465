"""Planted mistakes for unit 03 (see tests/test_grading.py): each must lose exactly the points of `fails`.

Each entry names the answer cell (its grade_id), the replacements that plant the mistake in the solution code of
that cell, and the test cells that must then lose their points. The five functions are independent, so a mistake
loses points only in the tests of its own function; most lose all of them, visible test included.
"""

JACOBIAN = {"test_jacobian_norms_visible", "test_jacobian_norms_one_step", "test_jacobian_norms_products"}
CLIP_VALUE = {"test_clip_by_value_visible", "test_clip_by_value_random"}
GLOBAL_NORM = {"test_clip_by_global_norm_visible", "test_clip_by_global_norm_above", "test_clip_by_global_norm_below"}
LEAKY = {"test_leaky_unit_visible", "test_leaky_unit_scalar_alpha", "test_leaky_unit_per_unit_alpha"}
DELAYED = {"test_delayed_rnn_forward_visible", "test_delayed_rnn_forward_oracle", "test_delayed_rnn_forward_paths"}

MUTANTS = [
    # jacobian_norms
    dict(name="jacobian_product_wrong_order", cell="jacobian_norms",
         replace=[("product = J @ product", "product = product @ J")],
         fails=JACOBIAN - {"test_jacobian_norms_one_step"}),  # one factor (T = 1): no order to get wrong
    dict(name="jacobian_without_tanh_derivative", cell="jacobian_norms",
         replace=[("J = (1.0 - h[t] ** 2)[:, None] * W", "J = W")],
         fails=JACOBIAN),
    dict(name="jacobian_derivative_scales_columns", cell="jacobian_norms",
         replace=[("[:, None] * W", "[None, :] * W")],
         fails=JACOBIAN),
    dict(name="jacobian_derivative_at_previous_state", cell="jacobian_norms",
         replace=[("h[t] ** 2", "h[t - 1] ** 2")],
         fails=JACOBIAN),
    dict(name="jacobian_tanh_applied_to_h", cell="jacobian_norms",
         replace=[("1.0 - h[t] ** 2", "1.0 - np.tanh(h[t]) ** 2")],
         fails=JACOBIAN),
    dict(name="jacobian_frobenius_norm", cell="jacobian_norms",
         replace=[("np.linalg.norm(product, 2)", "np.linalg.norm(product)")],
         fails=JACOBIAN),
    dict(name="jacobian_norms_of_t_minus_1", cell="jacobian_norms",
         replace=[("        norms[t - 1] = np.linalg.norm(product, 2)\n", ""),
                  ("        J = (1.0", "        norms[t - 1] = np.linalg.norm(product, 2)\n        J = (1.0")],
         fails=JACOBIAN),

    # clip_by_value
    dict(name="value_clip_upper_bound_only", cell="clip_by_value",
         replace=[("min=-threshold, max=threshold", "max=threshold")],
         fails=CLIP_VALUE),
    dict(name="value_clip_in_place", cell="clip_by_value",
         replace=[("torch.clamp(g, min=-threshold, max=threshold)", "g.clamp_(min=-threshold, max=threshold)")],
         fails=CLIP_VALUE),
    dict(name="value_clip_loses_sign", cell="clip_by_value",
         replace=[("torch.clamp(g, min=-threshold, max=threshold)", "torch.where(g.abs() > threshold, threshold, g)")],
         fails=CLIP_VALUE),
    dict(name="value_clip_bounds_on_cpu", cell="clip_by_value",  # passes on the CPU; fails on the meta device
         replace=[("torch.clamp(g, min=-threshold, max=threshold)",
                   "torch.clamp(g, min=-threshold * torch.ones(g.shape), max=threshold * torch.ones(g.shape))")],
         fails=CLIP_VALUE),
    dict(name="value_clip_returns_float32", cell="clip_by_value",  # passes in float32; fails in float64
         replace=[("torch.clamp(g, min=-threshold, max=threshold)", "torch.clamp(g.float(), min=-threshold, max=threshold)")],
         fails=CLIP_VALUE),

    # clip_by_global_norm
    dict(name="global_norm_per_tensor", cell="clip_by_global_norm",
         replace=[("clipped = [g * scale for g in grads]",
                   "clipped = [g * torch.clamp(max_norm / (n + 1e-6), max=1.0) for g, n in zip(grads, norms)]")],
         fails=GLOBAL_NORM - {"test_clip_by_global_norm_below"}),  # below, no tensor is clipped either way
    dict(name="global_norm_scales_up_below_threshold", cell="clip_by_global_norm",
         replace=[("torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)", "max_norm / (total_norm + 1e-6)")],
         fails=GLOBAL_NORM - {"test_clip_by_global_norm_above"}),
    dict(name="global_norm_squared", cell="clip_by_global_norm",
         replace=[("total_norm = torch.linalg.vector_norm(norms)", "total_norm = (norms ** 2).sum()")],
         fails=GLOBAL_NORM),
    dict(name="global_norm_returned_after_clipping", cell="clip_by_global_norm",
         replace=[("return clipped, total_norm", "return clipped, total_norm * scale")],
         fails=GLOBAL_NORM - {"test_clip_by_global_norm_below"}),  # below, s = 1
    dict(name="global_norm_in_place", cell="clip_by_global_norm",
         replace=[("clipped = [g * scale for g in grads]", "clipped = [g.mul_(scale) for g in grads]")],
         fails=GLOBAL_NORM - {"test_clip_by_global_norm_below"}),  # below, g.mul_(1) changes nothing
    dict(name="global_norm_delegates_to_torch", cell="clip_by_global_norm",
         replace=[("return clipped, total_norm",
                   "params = [torch.nn.Parameter(g.clone()) for g in grads]\n"
                   "    for p, g in zip(params, grads):\n"
                   "        p.grad = g.clone()\n"
                   "    total_norm = torch.nn.utils.clip_grad_norm_(params, max_norm)\n"
                   "    return [p.grad for p in params], total_norm")],
         fails=GLOBAL_NORM),
    dict(name="global_norm_factor_on_cpu", cell="clip_by_global_norm",
         replace=[("torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)",
                   "torch.minimum(max_norm / (total_norm + 1e-6), torch.ones(1))")],
         # the visible test fails on the meta device alone; the hidden ones also on a 0-dim gradient (shape (1,))
         fails=GLOBAL_NORM),

    # leaky_unit
    dict(name="leaky_alpha_on_wrong_side", cell="leaky_unit",
         replace=[("alpha * mu + (1.0 - alpha) * v[t]", "(1.0 - alpha) * mu + alpha * v[t]")],
         fails=LEAKY),
    dict(name="leaky_returns_mu_0_to_T_minus_1", cell="leaky_unit",
         replace=[("        mu_all[t] = mu\n", ""),
                  ("        mu = alpha * mu", "        mu_all[t] = mu\n        mu = alpha * mu")],
         fails=LEAKY),
    dict(name="leaky_ignores_mu0", cell="leaky_unit",
         replace=[("np.array(mu0, dtype=np.float64)", "np.zeros_like(mu0, dtype=np.float64)")],
         fails=LEAKY),
    dict(name="leaky_alpha_as_column", cell="leaky_unit",
         replace=[("np.asarray(alpha, dtype=np.float64)", "np.asarray(alpha, dtype=np.float64).reshape(-1, 1)")],
         fails=LEAKY - {"test_leaky_unit_scalar_alpha"}),
    dict(name="leaky_overwrites_mu0", cell="leaky_unit",
         replace=[("mu = np.array(mu0, dtype=np.float64)", "mu = mu0"),
                  ("mu = alpha * mu + (1.0 - alpha) * v[t]", "mu *= alpha\n        mu += (1.0 - alpha) * v[t]")],
         fails=LEAKY),

    # delayed_rnn_forward
    dict(name="delay_one_step_short", cell="delayed_rnn_forward",
         replace=[("states[i - d] @ W_d.T", "states[i - d + 1] @ W_d.T")],
         fails=DELAYED),
    dict(name="delay_one_step_long", cell="delayed_rnn_forward",
         replace=[("states[i - d] @ W_d.T", "states[i - d - 1] @ W_d.T")],
         fails=DELAYED),
    dict(name="delay_history_reversed", cell="delayed_rnn_forward",
         replace=[("states[:d] = h_init", "states[:d] = h_init[::-1]")],
         fails=DELAYED - {"test_delayed_rnn_forward_paths"}),  # that test starts from a zero history
    dict(name="delay_history_ignored", cell="delayed_rnn_forward",
         replace=[("states[:d] = h_init", "states[:d] = 0.0")],
         fails=DELAYED - {"test_delayed_rnn_forward_paths"}),
    dict(name="delay_weights_not_transposed", cell="delayed_rnn_forward",
         replace=[("@ W_d.T", "@ W_d")],
         fails=DELAYED - {"test_delayed_rnn_forward_paths"}),  # which states change is the same
]
