"""rnnkit.data: the generators give the tasks they promise, reproducibly."""
import pytest
import torch

from rnnkit.data import ADDING_BASELINE_MSE, adding_problem, delayed_recall


@pytest.mark.parametrize("T", [2, 3, 10, 51])
def test_adding_problem_marks_one_step_in_each_half_and_sums_them(T):
    x, y = adding_problem(200, T, seed=1)
    assert x.shape == (T, 200, 2) and y.shape == (200,) and x.dtype == torch.float32
    markers = x[..., 1]
    assert torch.equal(markers.sum(0), torch.full((200,), 2.0))
    half = (T + 1) // 2
    assert torch.equal(markers[:half].sum(0), torch.ones(200))
    assert torch.allclose((x[..., 0] * markers).sum(0), y)
    assert ((0 <= x[..., 0]) & (x[..., 0] < 1)).all()


def test_adding_problem_is_seeded_and_its_baseline_is_one_sixth():
    x1, y1 = adding_problem(50_000, 20, seed=3)
    x2, y2 = adding_problem(50_000, 20, seed=3)
    assert torch.equal(x1, x2) and torch.equal(y1, y2)
    assert not torch.equal(adding_problem(10, 20, seed=4)[1], y1[:10])
    assert ((y1 - 1) ** 2).mean().item() == pytest.approx(ADDING_BASELINE_MSE, rel=0.02)


def test_adding_problem_rejects_short_sequences():
    with pytest.raises(ValueError):
        adding_problem(3, 1)


def test_delayed_recall_targets_are_the_inputs_shifted_by_the_delay():
    x, y = delayed_recall(8, 12, delay=5, n_symbols=3, seed=0)
    assert x.shape == (12, 8, 3) and y.shape == (12, 8)
    assert (y[:5] == -100).all()
    assert torch.equal(y[5:], x.argmax(-1)[:7])
    with pytest.raises(ValueError):
        delayed_recall(2, 5, delay=5)
