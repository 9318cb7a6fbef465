"""Text for the language units, generated or taken from Python itself: nothing is downloaded.

- `tagged_sentences`: a small English-like language with a part-of-speech tag for every word
  ("I like cake" -> PRON VERB NOUN). Some words are ambiguous, and only the word *after* them
  decides their tag: "the light box" (light: ADJ) against "the light shines" (light: NOUN). A
  tagger that reads left to right cannot tell them apart; a bidirectional one can.
- `stdlib_text`: real English prose, the help topics that ship with Python (`pydoc_data.topics`,
  about 460 000 characters), for character-level language models.
- `char_corpus` and `stream_batches`: that text as ids, split for training and validation, and
  cut into the parallel streams of stateful truncated back-propagation through time.
"""
from __future__ import annotations

import random

import torch

from .sequences import Vocab

TAGS = ("PRON", "VERB", "NOUN", "DET", "ADJ", "ADV", "PREP")
SUBJECTS = ("I", "you", "we", "they")
OBJECT_PRONOUNS = ("me", "you", "us", "them")
DETERMINERS = ("the", "a", "this", "every")
NOUNS = ("cat", "dog", "box", "door", "river", "ship", "bird", "song", "house", "garden")
MASS_NOUNS = ("cake", "tea", "music", "rain")
ADJECTIVES = ("small", "old", "red", "quiet", "heavy")
VERBS = ("like", "see", "open", "hear", "find", "shines", "falls", "moves", "sings", "stops")
ADVERBS = ("slowly", "often", "today", "again")
PREPOSITIONS = ("near", "under", "behind", "with")
# Adjective or noun after a determiner: the next word decides (a noun follows: ADJ; else: NOUN).
AMBIGUOUS = ("light", "cold", "dark", "green", "square")


def _noun_phrase(rng: random.Random, p_ambiguous: float) -> list[tuple[str, str]]:
    """DET (ADJ) NOUN, where an ambiguous word is the adjective or the noun with equal odds."""
    words = [(rng.choice(DETERMINERS), "DET")]
    if rng.random() < p_ambiguous:
        word = rng.choice(AMBIGUOUS)
        if rng.random() < 0.5:
            return words + [(word, "NOUN")]
        return words + [(word, "ADJ"), (rng.choice(NOUNS), "NOUN")]
    if rng.random() < 0.3:
        words.append((rng.choice(ADJECTIVES), "ADJ"))
    return words + [(rng.choice(NOUNS), "NOUN")]


def _object(rng: random.Random, p_ambiguous: float) -> list[tuple[str, str]]:
    r = rng.random()
    if r < 0.2:
        return [(rng.choice(OBJECT_PRONOUNS), "PRON")]
    if r < 0.4:
        return [(rng.choice(MASS_NOUNS), "NOUN")]
    return _noun_phrase(rng, p_ambiguous)


def tagged_sentence(rng: random.Random, p_ambiguous: float = 0.35) -> tuple[list[str], list[str]]:
    """One sentence and its tags: subject (a pronoun or a noun phrase), a verb, then an object, an
    adverb, a prepositional phrase or nothing."""
    words = [(rng.choice(SUBJECTS), "PRON")] if rng.random() < 0.4 else _noun_phrase(rng, p_ambiguous)
    words.append((rng.choice(VERBS), "VERB"))
    r = rng.random()
    if r < 0.45:
        words += _object(rng, p_ambiguous)
    elif r < 0.6:
        words.append((rng.choice(ADVERBS), "ADV"))
    elif r < 0.85:
        words += [(rng.choice(PREPOSITIONS), "PREP")] + _object(rng, p_ambiguous)
    return [w for w, _ in words], [t for _, t in words]


def tagged_sentences(n: int, seed: int = 0, p_ambiguous: float = 0.35) -> list[tuple[list[str], list[str]]]:
    """`n` sentences of the tagged language with their tags, the first one "I like cake".

    Returns:
        a list of (words, tags) pairs, each a list of strings of the same length (2 to 8).
    """
    rng = random.Random(seed)
    first = [(["I", "like", "cake"], ["PRON", "VERB", "NOUN"])] if n else []
    return first + [tagged_sentence(rng, p_ambiguous) for _ in range(n - len(first))]


def stdlib_text() -> str:
    """The help topics that ship with Python (`pydoc_data.topics`), in a fixed order, as one string."""
    from pydoc_data.topics import topics

    return "\n".join(topics[key].strip() + "\n" for key in sorted(topics))


def char_corpus(valid_fraction: float = 0.1) -> tuple[Vocab, torch.Tensor, torch.Tensor]:
    """`stdlib_text` as character ids: the vocabulary (characters seen at least 5 times; rarer ones
    become <unk>), the training ids (the first 90 %) and the validation ids (the rest).

    Returns:
        vocab, train: (L_train,) int64, valid: (L_valid,) int64.
    """
    text = stdlib_text()
    vocab = Vocab(text, min_count=5)
    ids = torch.tensor(vocab.encode(text), dtype=torch.long)
    cut = int(len(ids) * (1 - valid_fraction))
    return vocab, ids[:cut], ids[cut:]


def stream_batches(ids: torch.Tensor, n_streams: int, k: int) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Cut a long sequence into `n_streams` parallel streams, then into chunks of `k` steps, for
    stateful truncated BPTT: chunk j+1 of each stream continues chunk j, so the state can be carried
    over (and detached) from one chunk to the next.

    Returns:
        a list of (x, y), each (k, n_streams) int64 (the last chunk may be shorter), y the next
        character of x: y[t, n] = x[t + 1, n] within the stream.
    """
    per_stream = (len(ids) - 1) // n_streams
    x = ids[: per_stream * n_streams].view(n_streams, per_stream).t()
    y = ids[1: per_stream * n_streams + 1].view(n_streams, per_stream).t()
    return [(x[s: s + k], y[s: s + k]) for s in range(0, per_stream, k)]
