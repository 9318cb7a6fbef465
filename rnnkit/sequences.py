"""Sequences of different lengths: vocabularies, padding, masks and packing, in one place.

    vocab = Vocab(["I", "like", "cake", "I", "like", "tea"])
    ids, lengths = pad([vocab.encode(s) for s in sentences], vocab.pad_id)   # (T, N), (N,)
    mask = length_mask(lengths)                                               # (T, N) bool
    packed = pack(embedded, lengths)                                          # for nn.RNN / nn.LSTM / nn.GRU

Time-major throughout, as torch's recurrent modules: a batch of N sequences of at most T steps
is a (T, N) tensor of ids, or (T, N, D) of vectors. Padding sits at the end of each column.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

import torch
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

PAD, BOS, EOS, UNK = "<pad>", "<bos>", "<eos>", "<unk>"


class Vocab:
    """Tokens (words or characters) <-> integer ids.

    The special tokens come first: <pad> = 0, <bos> = 1, <eos> = 2, <unk> = 3, then the tokens
    seen in `tokens`, most frequent first (ties in sorted order), so that the ids do not depend
    on the order of the data. Tokens seen fewer than `min_count` times map to <unk>.
    """

    def __init__(self, tokens: Iterable[str], min_count: int = 1, specials: Sequence[str] = (PAD, BOS, EOS, UNK)):
        counts = Counter(tokens)
        kept = sorted((t for t, c in counts.items() if c >= min_count and t not in specials),
                      key=lambda t: (-counts[t], t))
        self.itos: list[str] = list(specials) + kept
        self.stoi: dict[str, int] = {t: i for i, t in enumerate(self.itos)}
        self.counts = counts

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, token: str) -> bool:
        return token in self.stoi

    def __repr__(self) -> str:
        return f"Vocab({len(self)} tokens: {' '.join(self.itos[:8])}{' ...' if len(self) > 8 else ''})"

    @property
    def pad_id(self) -> int:
        return self.stoi[PAD]

    @property
    def bos_id(self) -> int:
        return self.stoi[BOS]

    @property
    def eos_id(self) -> int:
        return self.stoi[EOS]

    def encode(self, tokens: Iterable[str], bos: bool = False, eos: bool = False) -> list[int]:
        """Ids of `tokens` (unknown ones: <unk>), with <bos> before and <eos> after if asked."""
        unk = self.stoi.get(UNK)
        ids = []
        for t in tokens:
            if t not in self.stoi and unk is None:
                raise KeyError(f"{t!r} is not in the vocabulary, which has no {UNK}")
            ids.append(self.stoi.get(t, unk))
        return ([self.bos_id] if bos else []) + ids + ([self.eos_id] if eos else [])

    def decode(self, ids: Iterable[int], stop_at_eos: bool = True) -> list[str]:
        """Tokens of `ids`, without <pad> and <bos>; up to the first <eos> if `stop_at_eos`."""
        out = []
        for i in ids:
            token = self.itos[int(i)]
            if token == EOS and stop_at_eos:
                break
            if token not in (PAD, BOS, EOS):
                out.append(token)
        return out


def pad(sequences: Sequence[Sequence[int]], value: int = 0,
        device: torch.device | str | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Stack sequences of ids of different lengths into one time-major tensor, padded at the end.

    Returns:
        ids: (T, N) int64, T the longest length; ids[t, n] = sequences[n][t], or `value` past its end.
        lengths: (N,) int64, the length of each sequence.
    """
    lengths = torch.tensor([len(s) for s in sequences], dtype=torch.long)
    ids = torch.full((int(lengths.max()) if len(sequences) else 0, len(sequences)), value, dtype=torch.long)
    for n, s in enumerate(sequences):
        ids[: len(s), n] = torch.as_tensor(list(s), dtype=torch.long)
    return ids.to(device), lengths.to(device)


def length_mask(lengths: torch.Tensor, T: int | None = None) -> torch.Tensor:
    """(T, N) bool, True where step t of sequence n is real (t < lengths[n]), False on padding."""
    T = int(lengths.max()) if T is None else T
    return torch.arange(T, device=lengths.device)[:, None] < lengths[None, :]


def pack(x: torch.Tensor, lengths: torch.Tensor) -> PackedSequence:
    """A padded time-major batch (T, N, D) as torch's PackedSequence, which recurrent modules run
    without touching the padding (lengths in any order; `unpack` restores the batch order)."""
    return pack_padded_sequence(x, lengths.cpu(), enforce_sorted=False)


def unpack(packed: PackedSequence, T: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """A recurrent module's packed output back to (T, N, H), zeros on padding, and the (N,) lengths."""
    return pad_packed_sequence(packed, total_length=T)
