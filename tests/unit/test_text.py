"""rnnkit.text: the tagged language, Python's help text, and its streams for truncated BPTT."""
from collections import Counter

import torch

from rnnkit.text import AMBIGUOUS, TAGS, char_corpus, stdlib_text, stream_batches, tagged_sentences


def test_tagged_sentences_are_seeded_and_start_with_the_classic_example():
    data = tagged_sentences(200, seed=3)
    assert data[0] == (["I", "like", "cake"], ["PRON", "VERB", "NOUN"])
    assert data == tagged_sentences(200, seed=3) and data != tagged_sentences(200, seed=4)
    assert all(len(w) == len(t) and set(t) <= set(TAGS) for w, t in data)


def test_only_the_next_word_decides_an_ambiguous_word():
    """After a determiner, an ambiguous word is an adjective exactly when a noun follows, and each
    reading is about as frequent: a left-to-right tagger is at chance on them."""
    seen = Counter()
    for words, tags in tagged_sentences(3000, seed=0):
        for i, w in enumerate(words):
            if w in AMBIGUOUS:
                assert tags[i - 1] == "DET"
                following = tags[i + 1] if i + 1 < len(tags) else None
                assert (tags[i] == "ADJ") == (following == "NOUN"), (words, tags)
                seen[tags[i]] += 1
    assert seen["ADJ"] + seen["NOUN"] > 500 and 0.4 < seen["ADJ"] / (seen["ADJ"] + seen["NOUN"]) < 0.6


def test_the_character_corpus_is_python_help_text_split_for_validation():
    text = stdlib_text()
    assert len(text) > 400_000 and "for" in text and text == stdlib_text()
    vocab, train, valid = char_corpus()
    assert 60 < len(vocab) < 110 and train.dtype == torch.long
    assert abs(len(valid) / (len(train) + len(valid)) - 0.1) < 0.001
    assert "".join(vocab.decode(train[:200].tolist())) == text[:200]


def test_streams_continue_from_one_chunk_to_the_next():
    ids = torch.arange(103)
    chunks = stream_batches(ids, n_streams=4, k=10)
    x0, y0 = chunks[0]
    x1, _ = chunks[1]
    assert x0.shape == (10, 4) and torch.equal(y0, x0 + 1)
    assert torch.equal(x1[0], x0[-1] + 1)          # each stream carries on where it stopped
    assert x0[0].tolist() == [0, 25, 50, 75]
    assert sum(len(x) for x, _ in chunks) == 25
