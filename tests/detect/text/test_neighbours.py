from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from scamgrid.detect.text import classifier, corpus
from scamgrid.detect.text.classifier import TextModel
from scamgrid.detect.text.neighbours import NeighbourIndex, pack, unpack


def _variant(text: str) -> str:
    """A campaign's next message: a word changed, a line added."""
    return text.replace("the", "teh") + " Reply now"


def _latin(trained: list[corpus.Example], flagged: bool) -> list[str]:
    return [
        e.text
        for e in trained
        if e.language in ("en", "id")
        and (e.category != "legitimate") == flagged
        and len(e.text) > 60
    ]


def test_a_variant_of_a_training_spam_is_nearest_to_the_flagged_side(
    small: tuple[TextModel, list[corpus.Example]],
) -> None:
    model, trained = small
    spam = _latin(trained, flagged=True)[:20]
    near = model.neighbours().similarities(model.features([_variant(t) for t in spam]))
    assert (near[:, 0] > 0.7).all()
    assert (near[:, 0] > near[:, 1]).all()


def test_a_training_text_is_its_own_nearest_neighbour(
    small: tuple[TextModel, list[corpus.Example]],
) -> None:
    model, trained = small
    ham = _latin(trained, flagged=False)[:20]
    near = model.neighbours().similarities(model.features(ham))
    assert np.allclose(near[:, 1], 1.0, atol=1e-4)


def test_the_cascade_weighs_likeness_to_spam_up_and_to_ham_down(model: TextModel) -> None:
    assert model.neighbour_stack is not None
    _, _, flagged, legitimate, _ = model.neighbour_stack
    assert flagged > 0 > legitimate
    assert len(model.reference_texts) == len(model.reference_flags) == model.metadata["examples"]


def test_the_cascade_rescores_only_uncertain_messages(
    model: TextModel, examples: list[corpus.Example]
) -> None:
    texts = [e.text for e in examples if e.held_out][:3000]
    first = model.predict(texts, cascade=False).score
    cascaded = model.predict(texts).score
    low, high = classifier.NEIGHBOUR_BAND
    band = (first >= low) & (first <= high)
    assert 0 < band.sum() < len(texts)
    assert np.array_equal(first[~band], cascaded[~band])
    assert not np.allclose(first[band], cascaded[band], atol=1e-3)


def test_a_saved_model_keeps_its_references(model: TextModel, tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = TextModel.load(path)
    assert loaded.reference_texts == model.reference_texts
    assert np.array_equal(loaded.reference_flags, model.reference_flags)
    assert loaded.neighbour_stack == model.neighbour_stack


def test_a_model_without_a_cascade_scores_with_its_first_stage(
    model: TextModel, examples: list[corpus.Example]
) -> None:
    texts = [e.text for e in examples if e.held_out][:500]
    plain = dataclasses.replace(model, neighbour_stack=None)
    assert np.array_equal(plain.predict(texts).score, model.predict(texts, cascade=False).score)


def test_references_and_flags_must_pair_up() -> None:
    with pytest.raises(ValueError, match="3 references but 2 flags"):
        NeighbourIndex(sparse.csr_matrix(np.eye(3, dtype=np.float32)), np.array([True, False]))


def test_reference_texts_round_trip_and_a_count_mismatch_is_refused() -> None:
    texts = ["Win £100 now", "妈，我今晚加班", "a\x00b", ""]
    assert unpack(pack(texts), 4) == ["Win £100 now", "妈，我今晚加班", "a b", ""]
    with pytest.raises(ValueError, match="holds 4 reference texts, its header 5"):
        unpack(pack(texts), 5)
