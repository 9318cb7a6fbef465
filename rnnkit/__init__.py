"""rnnkit: the small helper package of the recurrent neural networks course.

Modules (each short, read it top to bottom):

    devices    which device to use, all devices, seed_everything
    data       offline, seeded data generators (the adding problem, delayed recall)
    sequences  vocabularies, padding, masks and packed sequences, for batches of different lengths
    text       a tagged language whose ambiguous words need the next word; Python's help text for
               character models, cut into streams for truncated BPTT
    dates      dates as people write them -> ISO dates, a toy translation task
    train      a small, explicit training loop (fit, with a progress bar for people) and smoothed learning curves
    plots      computational graphs, gated-cell diagrams and curves (a package of three short modules)
    gradcheck  numerical gradients, relative error, gradient-check tables
    checks     what the autograder's tests use: comparisons with teaching messages, naming the
               mistake a result matches, calling an answer, inputs left unchanged, forbidden routines
    validate   `python -m rnnkit.validate`: run an exercise's visible tests and list what fails

rnnkit holds tools, never the answer to a graded exercise.
"""
from . import checks, gradcheck
from .devices import device, devices, seed_everything

__all__ = ["device", "devices", "seed_everything", "checks", "gradcheck"]
__version__ = "0.1.0"

checks.protect(__name__)  # `rnnkit.checks = ...` in a notebook must not reach the graders
