from __future__ import annotations

import numpy as np

from scamgrid.detect.text.features import NgramHasher, WordHasher, normalise


def test_normalising_keeps_every_offset() -> None:
    text = "ＵＲＧＥＮＴ call ０８１２３ now\u3000ด่วน ၁၂၃ 明天"
    assert len(normalise(text)) == len(text)
    assert normalise("Call ０８１-２３ ๑๒") == "Call 000-00 00"


def test_rows_have_unit_length_and_empty_text_is_zero() -> None:
    x = NgramHasher(bits=12).transform(["win a prize", "", "中奖了"])
    lengths = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    assert np.allclose(lengths, [1.0, 0.0, 1.0], atol=1e-6)


def test_columns_of_one_text_are_the_columns_of_its_row() -> None:
    hasher = NgramHasher(bits=14)
    text = "ฟรีเครดิต 100 click bit.ly/x"
    row = hasher.transform([text])
    from_positions = {column for _, _, column in hasher.columns(normalise(text))}
    assert set(row.indices.tolist()) == from_positions


def test_messages_in_one_batch_do_not_share_ngrams_across_their_boundary() -> None:
    hasher = NgramHasher(bits=16)
    together = hasher.transform(["ab", "cd"]).toarray()
    apart = np.vstack([hasher.transform(["ab"]).toarray(), hasher.transform(["cd"]).toarray()])
    assert np.array_equal(together, apart)


def test_words_are_case_folded_latin_runs_with_digits_folded() -> None:
    words = WordHasher().words("URGENT! Claim ur £1000 prize, txt WIN to 80086 中奖 ฟรี")
    assert words == ["urgent", "claim", "ur", "£", "0000", "prize", "txt", "win", "to", "00000"]


def test_word_bigrams_tell_word_order_apart() -> None:
    hasher = WordHasher(bits=16)
    x = hasher.transform(["call now", "now call", "call", "now"])
    assert set(x[0].indices) != set(x[1].indices)
    assert set(x[2].indices) | set(x[3].indices) < set(x[0].indices)


def test_word_rows_have_unit_length_and_unspaced_scripts_give_none() -> None:
    x = WordHasher(bits=12).transform(["win a prize", "", "中奖了 ฟรีเครดิต"])
    lengths = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    assert np.allclose(lengths, [1.0, 0.0, 0.0], atol=1e-6)


def test_words_of_one_batch_do_not_pair_across_messages() -> None:
    hasher = WordHasher(bits=16)
    together = hasher.transform(["free entry", "reply stop", ""]).toarray()
    apart = np.vstack([hasher.transform([t]).toarray() for t in ["free entry", "reply stop", ""]])
    assert np.array_equal(together, apart)


def test_hashers_read_normalised_text_as_they_read_the_text() -> None:
    texts = ["ＵＲＧＥＮＴ call ０８１２３ now", "ฟรีเครดิต ๑๐๐", "", "İstanbul " * 300]
    normalised = [normalise(t) for t in texts]
    for hasher in (NgramHasher(bits=14, max_chars=50), WordHasher(bits=14, max_chars=50)):
        expected = hasher.transform(texts).toarray()
        assert np.array_equal(hasher.transform_normalised(normalised).toarray(), expected)
