"""rnnkit.checks: the messages the autograder gives, and its resistance to cheap tricks."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

import rnnkit
from rnnkit import checks
from rnnkit.checks import (AUTOGRAD, on_meta, CROSS_ENTROPY, RECURRENT, SOFTMAX, DelegationError, GradingError, assert_close,
                           assert_shape, call, is_close, no_delegation, on_each_device, unchanged, unpack)


def fails_with(fn, *needles):
    with pytest.raises(GradingError) as info:
        fn()
    for needle in needles:
        assert needle in str(info.value), str(info.value)
    return str(info.value)


def test_equal_values_pass_in_float64_and_float32():
    x = np.linspace(-1, 1, 12).reshape(3, 4)
    assert_close("f", x.copy(), x)
    assert_close("f", x * (1 + 1e-9), x)
    t = torch.linspace(-1, 1, 12)
    assert_close("f", t + 1e-6, t)


def test_message_order_type_shape_dtype_device_nan_values():
    x = np.zeros((2, 3))
    fails_with(lambda: assert_close("rnn_forward", None, x), "rnn_forward", "None", "forget to return")
    fails_with(lambda: assert_close("f", [[0.0] * 3] * 2, x), "numpy array", "list")
    fails_with(lambda: assert_close("f", torch.zeros(2, 3), x), "numpy array", "torch tensor")
    fails_with(lambda: assert_close("f", np.zeros((3, 2)), x), "f: shape (3, 2) where (2, 3) belongs")
    fails_with(lambda: assert_close("f", np.zeros((2, 3), np.float32), x), "f: dtype float32 where float64 belongs")
    fails_with(lambda: assert_close("f", x.copy(), torch.zeros(2, 3)), "where a torch tensor belongs")
    bad = x.copy()
    bad[1, 2] = np.nan
    fails_with(lambda: assert_close("f", bad, x), "non-finite", "NaN", "(1, 2)")


def test_value_message_names_the_worst_entry():
    x = np.zeros((2, 3))
    y = x.copy()
    y[0, 1], y[1, 0] = 1e-3, 0.5
    msg = fails_with(lambda: assert_close("softmax", y, x, what="probabilities"),
                     "softmax: 2 of 6 entries wrong, in probabilities.", "(1, 0)", "got 0.5")
    assert "expected 0" in msg


def test_numbers_and_zero_dimensional_answers():
    assert_close("loss", 3.0, np.float64(3.0))
    assert_close("loss", np.float64(3.0), np.array(3.0))
    msg = fails_with(lambda: assert_close("loss", 3.1, np.float64(3.0)), "loss: got 3.1 where 3 belongs, in output.")
    assert "entries" not in msg and "index" not in msg  # a single number has no entries to count
    fails_with(lambda: assert_close("loss", True, np.float64(1.0)), "bool")


def test_object_that_equals_everything_gets_nowhere():
    class Liar:
        def __eq__(self, other):
            return True
        __array_priority__ = 1000

    fails_with(lambda: assert_close("f", Liar(), np.zeros(3)), "Liar")
    fails_with(lambda: assert_shape("f", Liar(), (3,)), "Liar")


def test_ndarray_subclass_with_lying_comparisons_is_judged_on_its_values():
    class Lying(np.ndarray):
        def __eq__(self, other):
            return np.ones(self.shape, bool)
        def __sub__(self, other):
            return np.zeros(self.shape)

    fake = np.ones(3).view(Lying)
    fails_with(lambda: assert_close("f", fake, np.zeros(3)), "entries wrong")


def test_rebinding_numpy_and_torch_comparisons_changes_nothing(monkeypatch):
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "abs", lambda x: np.zeros_like(x))
    monkeypatch.setattr(np, "isclose", lambda *a, **k: True)
    monkeypatch.setattr(torch, "allclose", lambda *a, **k: True)
    fails_with(lambda: assert_close("f", np.ones(3), np.zeros(3)), "entries wrong")
    fails_with(lambda: assert_close("f", torch.ones(3), torch.zeros(3)), "entries wrong")


def test_checks_cannot_be_rebound_or_deleted():
    with pytest.raises(AttributeError, match="read-only"):
        checks.assert_close = lambda *a, **k: None
    with pytest.raises(AttributeError, match="read-only"):
        del checks.assert_close
    with pytest.raises(AttributeError, match="read-only"):
        rnnkit.checks = None
    assert checks.assert_close is assert_close


def test_assert_shape():
    assert_shape("f", np.zeros((2, 3)), (2, 3))
    fails_with(lambda: assert_shape("f", np.zeros((3, 2)), (2, 3), what="h"), "f: shape (3, 2) where (2, 3) belongs, in h.")


def test_no_delegation_blocks_and_then_restores():
    x = torch.randn(4)
    with no_delegation("softmax", "torch.nn.functional.softmax", "torch.softmax", "torch.Tensor.softmax"):
        for call in (lambda: F.softmax(x, 0), lambda: torch.softmax(x, 0), lambda: x.softmax(0)):
            with pytest.raises(DelegationError, match="softmax called torch"):
                call()
    assert torch.allclose(F.softmax(x, 0), torch.softmax(x, 0))
    assert torch.allclose(x.softmax(0), torch.softmax(x, 0))


def test_no_delegation_blocks_a_module_forward():
    rnn = torch.nn.RNN(3, 4)
    with no_delegation("my_rnn", "torch.nn.RNN.forward"):
        with pytest.raises(DelegationError, match="my_rnn called torch.nn.RNN.forward"):
            rnn(torch.zeros(2, 1, 3))
    rnn(torch.zeros(2, 1, 3))


def test_on_each_device_names_the_device_and_explains_hard_coded_cuda():
    seen = []
    on_each_device(seen.append, "f")
    assert seen == rnnkit.devices()

    def wrong(dev):
        assert_close("f", torch.ones(2, device=dev), torch.zeros(2, device=dev))

    fails_with(lambda: on_each_device(wrong, "f"), "[on cpu]", "entries wrong")
    if not torch.cuda.is_available():
        fails_with(lambda: on_each_device(lambda dev: torch.zeros(2).cuda(), "lstm_cell"),
                   "lstm_cell tried to use a GPU", "x.device")


def test_tensor_on_another_device_is_reported():
    # A CPU-only machine has no second real device; torch's "meta" device stands in for one.
    got = torch.zeros(2)
    expected = torch.zeros(2, device="meta")
    fails_with(lambda: assert_close("f", got, expected), "f: a tensor on cpu where meta, the inputs' device, belongs")


def test_no_delegation_catches_functions_bound_under_other_names():
    from torch.nn.functional import cross_entropy as my_loss

    logits, target = torch.randn(3, 4), torch.tensor([0, 1, 2])
    with no_delegation("sequence_loss", "torch.nn.functional.cross_entropy"):
        with pytest.raises(DelegationError, match="cross_entropy"):
            my_loss(logits, target)
    cell = torch.nn.LSTMCell(4, 5)
    lstm_cell = torch.lstm_cell  # reached under another name
    with no_delegation("lstm_cell", "torch._VF.lstm_cell"):
        with pytest.raises(DelegationError):
            cell(logits)
        with pytest.raises(DelegationError):
            lstm_cell(logits, (torch.zeros(3, 5), torch.zeros(3, 5)), cell.weight_ih, cell.weight_hh)
        torch.tanh(logits) @ torch.ones(4)  # ordinary operations still work
    cell(logits)


def test_expected_nan_or_infinity_must_be_matched():
    e = np.array([1.0, np.nan, np.inf])
    assert_close("f", e.copy(), e)
    fails_with(lambda: assert_close("f", np.array([1.0, 0.0, np.inf]), e), "index (1,)")
    fails_with(lambda: assert_close("f", np.array([1.0, np.nan, -np.inf]), e), "index (2,)")


def test_a_tensor_does_not_answer_for_a_number():
    fails_with(lambda: assert_close("loss", torch.tensor(3.0), np.float64(3.0)), "numpy array")
    fails_with(lambda: assert_close("loss", torch.tensor(3.0), 3.0), "torch tensor")


def test_on_each_device_turns_tf32_off_while_testing_and_restores_it():
    seen = []
    before = torch.backends.cuda.matmul.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = True
    try:
        on_each_device(lambda dev: seen.append(torch.backends.cuda.matmul.allow_tf32), "f")
        assert seen and not any(seen)
        assert torch.backends.cuda.matmul.allow_tf32 is True
    finally:
        torch.backends.cuda.matmul.allow_tf32 = before


def test_a_matching_mistake_is_named_first():
    expected, transposed = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 3.0], [2.0, 4.0]])
    mistakes = [("with W where W.T belongs", transposed), ("without the bias", expected - 1)]
    msg = fails_with(lambda: assert_close("rnn_step_forward", transposed, expected, what="h", mistakes=mistakes),
                     "rnn_step_forward: looks like the result with W where W.T belongs: 2 of 4 entries wrong, in h.",
                     "index (0, 1)")
    assert "bias" not in msg
    fails_with(lambda: assert_close("f", expected + 5, expected, mistakes=mistakes), "f: 4 of 4 entries wrong")
    assert_close("f", expected, expected, mistakes=lambda: 1 / 0)  # mistakes are computed only on failure
    assert is_close(expected, expected) and not is_close(transposed, expected) and not is_close(None, expected)


def test_unpack_and_call_say_what_came_back_and_what_was_raised():
    assert unpack("f", (1, 2), ("h", "cache")) == (1, 2)
    fails_with(lambda: unpack("rnn_forward", None, ("h", "cache")),
               "rnn_forward should return two values, h, cache, but it returned None")
    fails_with(lambda: unpack("f", [1, 2, 3], ("h", "cache")), "returned 3 value(s)")
    fails_with(lambda: call("softmax", lambda o: o.missing, np.zeros(2), case="o of shape (2,)"),
               "softmax raised AttributeError (o of shape (2,)): ")
    fails_with(lambda: call("f", lambda: np.zeros(1), returns=("a", "b")), "should return two values")
    with pytest.raises(DelegationError, match="softmax called torch.softmax"):
        call("softmax", lambda x: torch.softmax(x, 0), torch.zeros(3), forbid=SOFTMAX)
    assert {"torch.nn.functional.cross_entropy", "torch.softmax"} <= set(CROSS_ENTROPY)
    assert "torch.Tensor.backward" in AUTOGRAD and "torch.nn.LSTMCell.forward" in RECURRENT


def test_routines_of_packages_not_installed_are_skipped_but_typos_are_not():
    with no_delegation("f", "no_such_package_here.softmax"):
        pass
    with pytest.raises((ValueError, AttributeError)):
        with no_delegation("f", "torch.no_such_function_here"):
            pass


def test_unchanged_names_the_input_and_the_entry_that_changed():
    x, cache = np.zeros((2, 3)), [(np.ones(2), torch.zeros(2))]
    with unchanged("f", x=x, cache=cache):
        _ = x + 1
    def in_place():
        with unchanged("rnn_backward", dh=x, cache=cache):
            x[1, 2] += 1
    fails_with(in_place, "rnn_backward changed its input dh: entry (1, 2) was 0 and is 1", "must not modify")
    def in_place_tensor():
        with unchanged("rnn_backward", dh=x * 0, cache=cache):
            cache[0][1].add_(2)
    fails_with(in_place_tensor, "changed its input cache: item [0]: item [1]: entry (0,) was 0 and is 2")
    def appended():
        with unchanged("f", cache=cache):
            cache.append(None)
    fails_with(appended, "it had 1 items and has 2")
    def wrong_first():
        with unchanged("f", x=x):
            x[0, 0] = 7
            raise GradingError("f: wrong result")
    fails_with(wrong_first, "wrong result")  # the check of the result comes first
    with unchanged("clip_by_value", advice="return new tensors, without clamp_", g=torch.ones(2)):
        pass
    g = torch.ones(2)
    def in_place_clamp():
        with unchanged("clip_by_value", advice="return new tensors, without clamp_", g=g):
            g.clamp_(max=0.5)
    fails_with(in_place_clamp, "changed its input g", "must not modify its inputs: return new tensors, without clamp_.")


def test_a_cuda_call_inside_call_is_still_explained():
    def hard_coded(x):
        return x.cuda()
    if not torch.cuda.is_available():
        fails_with(lambda: on_each_device(lambda dev: call("lstm_cell", hard_coded, torch.zeros(2, device=dev)),
                                          "lstm_cell"), "[on cpu] lstm_cell tried to use a GPU", "x.device")


def test_on_meta_catches_a_tensor_made_on_the_cpu_without_a_gpu():
    x, h = torch.randn(2, 3), torch.randn(2, 3)
    assert on_meta("f", lambda x, h: torch.sigmoid(x) * (torch.ones_like(h) - h) + x @ torch.eye(3, device=x.device),
                   x, h) is None
    fails_with(lambda: on_meta("PeepholeLSTMCell", lambda x, h: torch.ones(2, 3) - h, x, h),
               "PeepholeLSTMCell made a tensor on the CPU", "device=x.device")
    fails_with(lambda: on_meta("f", lambda x: torch.zeros(2, 3) @ x, torch.randn(3, 3)), "returned a tensor on cpu")
    assert on_meta("f", lambda x: x.sum().item(), x) is None  # needs values: not judged here

    def into_cpu_tensor(x):
        norms = torch.zeros(2)
        norms[0] = x.norm()
        return norms
    fails_with(lambda: on_meta("clip_by_global_norm", into_cpu_tensor, x), "made a tensor on the CPU")
    cell = torch.nn.LSTMCell(3, 4)
    on_meta("LSTMCell", cell, x, (torch.zeros(2, 4), torch.zeros(2, 4)))
    assert next(cell.parameters()).device.type == "cpu"  # the cell itself is not moved
