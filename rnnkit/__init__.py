"""rnnkit: the small helper package of the recurrent neural networks course.

Modules (each short, read it top to bottom):

    devices    which device to use, all devices, seed_everything
    gradcheck  numerical gradients, relative error, gradient-check tables
    checks     comparisons used by the autograder's tests (teaching messages)
    plots      unfolded computational graphs and the course's plotting helpers
    data       offline, seeded data generators

rnnkit holds tools, never the answer to a graded exercise.
"""
from . import checks, gradcheck
from .devices import device, devices, seed_everything

__all__ = ["device", "devices", "seed_everything", "checks", "gradcheck"]
__version__ = "0.1.0"

checks.protect(__name__)  # `rnnkit.checks = ...` in a notebook must not reach the graders
