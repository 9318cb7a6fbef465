"""rnnkit.gradcheck: numerical gradients, relative error, the comparison table."""
import numpy as np
import pytest
import torch

from rnnkit.gradcheck import autograd_gradients, check_gradients, numerical_gradient, rel_error


def test_rel_error_definition():
    assert rel_error(np.ones(3), np.ones(3)) == 0.0
    assert rel_error([1.0, 2.0], [1.0, 2.2]) == pytest.approx(0.2 / 4.2)
    assert rel_error([0.0], [0.0]) == 0.0  # the 1e-8 floor keeps 0/0 away
    with pytest.raises(ValueError, match="shapes differ"):
        rel_error(np.ones(2), np.ones(3))


def test_numerical_gradient_of_a_quadratic_and_a_tanh():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((4, 4))
    x = rng.standard_normal((4, 3))
    grad = numerical_gradient(lambda: np.sum(np.tanh(A @ x) ** 2), x)
    exact = A.T @ (2 * np.tanh(A @ x) * (1 - np.tanh(A @ x) ** 2))
    assert rel_error(grad, exact) < 1e-8


def test_numerical_gradient_restores_its_input_and_refuses_float32():
    x = np.arange(5.0)
    before = x.copy()
    numerical_gradient(lambda: float(np.sum(x ** 3)), x)
    assert np.array_equal(x, before)
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda: 0.0, np.ones(2, dtype=np.float32))


def test_autograd_gradients_match_the_exact_gradient():
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    grads = autograd_gradients(lambda p: (p["W"] ** 2).sum() + 0 * p["b"].sum(), {"W": W, "b": np.ones(2)})
    assert np.allclose(grads["W"], 2 * W)
    assert np.allclose(grads["b"], 0)


def test_check_gradients_finds_a_wrong_gradient(capsys):
    rng = np.random.default_rng(1)
    W, x = rng.standard_normal((3, 2)), rng.standard_normal(2)
    params = {"W": W}
    loss = lambda: float(np.sum(np.tanh(W @ x)))
    loss_t = lambda p: torch.tanh(p["W"] @ torch.tensor(x)).sum()
    right = np.outer(1 - np.tanh(W @ x) ** 2, x)
    wrong = np.outer(np.ones(3), x)  # forgot the tanh derivative
    good_row, = check_gradients(loss, params, {"W": right}, f_torch=loss_t)
    bad_row, = check_gradients(loss, params, {"W": wrong}, f_torch=loss_t, verbose=False)
    assert good_row["numerical"] < 1e-8 and good_row["autograd"] < 1e-12
    assert bad_row["numerical"] > 1e-2 and bad_row["autograd"] > 1e-2
    table = capsys.readouterr().out
    assert "vs numerical" in table and "W" in table


def test_check_gradients_rejects_a_gradient_of_the_wrong_shape():
    W = np.ones((2, 3))
    with pytest.raises(ValueError, match="shape"):
        check_gradients(lambda: float(W.sum()), {"W": W}, {"W": np.ones((3, 2))}, verbose=False)
