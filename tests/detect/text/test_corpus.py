from __future__ import annotations

from collections import Counter

from scamgrid.detect.text import corpus, training
from scamgrid.detect.text.classifier import TextModel


def test_the_same_sms_in_two_sets_has_one_key() -> None:
    assert corpus.message_key("Free entry in 2 a wkly comp!!") == corpus.message_key(
        "free entry in 2 a  wkly comp\ufffd"
    )
    assert corpus.message_key("I &lt;3 u") == corpus.message_key("I <3 u")


def test_every_set_reads_with_its_own_labels(examples: list[corpus.Example]) -> None:
    per_set = Counter(e.data_set for e in examples)
    assert set(per_set) == {d.name for d in corpus.DATA_SETS}
    chinese = [e for e in examples if e.data_set == "zh-telecom-fraud-5" and e.label == "04"]
    assert len(chinese) > 900  # label04 is GBK: it decodes into Chinese
    assert all("\u4e00" <= c <= "\u9fff" for c in chinese[0].text[:2])
    assert len({(e.data_set, e.key) for e in examples}) == len(examples)


def test_training_never_sees_a_held_out_text(examples: list[corpus.Example]) -> None:
    held_out = {e.key for e in examples if e.held_out}
    trained = {e.key for e in corpus.training_examples(examples)}
    assert held_out and trained
    assert not held_out & trained
    share = len(held_out) / len({e.key for e in examples})
    assert 0.17 < share < 0.23


def test_a_text_held_out_in_one_set_is_held_out_in_all(examples: list[corpus.Example]) -> None:
    by_key: dict[str, set[bool]] = {}
    for example in examples:
        by_key.setdefault(example.key, set()).add(example.held_out)
    shared = [k for k, flags in by_key.items() if len(flags) > 1]
    assert not shared


def test_the_model_records_its_training_keys(
    small: tuple[TextModel, list[corpus.Example]], examples: list[corpus.Example]
) -> None:
    model, trained = small
    assert model.training_keys.tolist() == training.key_prefixes(e.key for e in trained).tolist()
    held_out = training.key_prefixes(e.key for e in examples if e.held_out)
    assert not set(held_out.tolist()) & set(model.training_keys.tolist())
