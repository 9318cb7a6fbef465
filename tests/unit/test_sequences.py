"""rnnkit.sequences: vocabularies, padding, masks and packing."""
import torch

from rnnkit.sequences import BOS, EOS, PAD, UNK, Vocab, length_mask, pack, pad, unpack


def test_vocab_puts_specials_first_then_tokens_by_frequency():
    vocab = Vocab("I like cake I like tea I".split())
    assert vocab.itos[:4] == [PAD, BOS, EOS, UNK] and vocab.itos[4:] == ["I", "like", "cake", "tea"]
    assert vocab.encode(["I", "like", "jam"], bos=True, eos=True) == [1, 4, 5, 3, 2]
    assert vocab.decode([1, 4, 5, 6, 2, 7, 0]) == ["I", "like", "cake"]
    assert vocab.decode([4, 2, 5], stop_at_eos=False) == ["I", "like"]


def test_vocab_does_not_depend_on_the_order_of_the_data():
    assert Vocab("abcab").itos == Vocab("bacba").itos
    assert "c" not in Vocab("aabbc", min_count=2)


def test_pad_is_time_major_and_pads_at_the_end():
    ids, lengths = pad([[5, 6, 7], [8]], value=0)
    assert ids.tolist() == [[5, 8], [6, 0], [7, 0]] and lengths.tolist() == [3, 1]
    assert length_mask(lengths).tolist() == [[True, True], [True, False], [True, False]]
    assert length_mask(lengths, T=4).shape == (4, 2)


def test_pack_and_unpack_leave_padding_out_of_a_recurrent_module():
    torch.manual_seed(0)
    rnn = torch.nn.RNN(2, 3)
    x = torch.randn(4, 2, 2)
    lengths = torch.tensor([2, 4])                 # not sorted: pack copes
    out, lens = unpack(rnn(pack(x, lengths))[0], T=4)
    assert out.shape == (4, 2, 3) and lens.tolist() == [2, 4]
    assert torch.equal(out[2:, 0], torch.zeros(2, 3))
    alone = rnn(x[:2, :1])[0]                      # the short sequence on its own, without padding
    assert torch.allclose(out[:2, :1], alone)
