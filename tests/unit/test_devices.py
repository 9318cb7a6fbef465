"""rnnkit.devices: device choice, the RNNKIT_DEVICE override and seeding."""
import random

import numpy as np
import pytest
import torch

import rnnkit
from rnnkit.devices import ENV_VAR


def test_default_device_is_cuda_when_present_else_cpu(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert rnnkit.device().type == expected


def test_env_var_forces_the_cpu(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "cpu")
    assert rnnkit.device() == torch.device("cpu")


def test_no_gpu_present_is_reported_plainly(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "cuda")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(RuntimeError, match="no CUDA device"):
        rnnkit.device()


def test_missing_gpu_index_is_reported(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "cuda:3")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    with pytest.raises(RuntimeError, match="only 1 CUDA device"):
        rnnkit.device()


def test_unknown_device_name(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "abacus")
    with pytest.raises(RuntimeError, match="not a device name"):
        rnnkit.device()


def test_devices_lists_cpu_first_then_each_gpu(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "cpu")  # does not shrink the list
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    assert rnnkit.devices() == [torch.device("cpu"), torch.device("cuda", 0), torch.device("cuda", 1)]
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert rnnkit.devices() == [torch.device("cpu")]


def test_seed_everything_makes_every_generator_repeat():
    def draw():
        rng = rnnkit.seed_everything(123)
        return random.random(), np.random.rand(), rng.standard_normal(), torch.randn(()).item()

    first, second = draw(), draw()
    assert first == second
    rnnkit.seed_everything(124)
    assert torch.randn(()).item() != first[3]
