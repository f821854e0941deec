from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from scamgrid.detect.text import classifier, corpus, evaluate, training
from scamgrid.detect.text.check import Detector
from scamgrid.detect.text.classifier import TextModel
from scamgrid.errors import NotFound
from scamgrid.model.vocabulary import TextLabel

SCAMS = {
    "en": "URGENT! You have WON a £1000 cash prize! To claim call 09061701461 now. T&C apply",
    "zh": "您好，我是公安局民警，您的银行卡涉嫌洗钱，请立即将资金转入安全账户配合调查。",
    "th": "สมัครวันนี้ รับเครดิตฟรี 100 บาท บาคาร่า สล็อต คาสิโนออนไลน์ ฝากถอนไม่มีขั้นต่ำ",
    "id": "Selamat! Nomor anda mendapatkan hadiah Rp 10 juta dari undian. Hubungi kami segera.",
}
HAM = {
    "en": "Are you coming home for dinner tonight? I'll cook.",
    "zh": "妈，我今晚加班，晚点回家吃饭。",
    "th": "พรุ่งนี้เจอกันที่ร้านกาแฟตอนบ่ายสองนะ",
    "id": "Nanti sore aku jemput di sekolah ya, jangan lupa bawa payung.",
}


@pytest.mark.parametrize("language", sorted(SCAMS))
def test_obvious_scams_score_above_obvious_ham(model: TextModel, language: str) -> None:
    scam, ham = Detector(model).check_many([SCAMS[language], HAM[language]])
    assert scam.language == ham.language == language
    assert scam.label is not TextLabel.LEGITIMATE
    assert ham.label is TextLabel.LEGITIMATE
    assert scam.score > 0.5 > ham.score


def test_training_is_deterministic(examples: list[corpus.Example], model: TextModel) -> None:
    again, _ = training.build(training.subset(examples, 80))
    assert np.array_equal(again.flag_weights, model.flag_weights)
    assert again.thresholds == model.thresholds


def test_a_saved_model_predicts_as_before(model: TextModel, tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = TextModel.load(path)
    texts = [*SCAMS.values(), *HAM.values()]
    assert np.allclose(loaded.predict(texts).score, model.predict(texts).score)
    assert loaded.predict(texts).category == model.predict(texts).category


def test_a_saved_model_keeps_its_word_features(model: TextModel, tmp_path: Path) -> None:
    assert model.words is not None
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = TextModel.load(path)
    assert loaded.words == model.words
    assert loaded.flag_weights.shape == (model.hasher.n_features + model.words.n_features,)


def test_a_model_without_word_features_still_trains_and_loads(tmp_path: Path) -> None:
    texts = ["WIN a prize, txt CLAIM now", "see you at dinner", "FREE entry txt WIN", "ok thanks"]
    plain = classifier.train(texts, ["spam", "legitimate"] * 2, words=None)
    path = tmp_path / "plain.npz"
    plain.save(path)
    loaded = TextModel.load(path)
    assert loaded.words is None
    assert loaded.flag_weights.shape == (loaded.hasher.n_features,)
    assert np.allclose(loaded.predict(texts).score, plain.predict(texts).score)


def test_the_score_stacks_both_heads_fitted_out_of_fold(model: TextModel) -> None:
    flag_weight, gap_weight, _ = model.stack
    assert flag_weight > 0 and gap_weight > 0  # both heads push a scam's score up
    texts = [*SCAMS.values(), *HAM.values()]
    alone = dataclasses.replace(model, stack=(1.0, 0.0, 0.0)).predict(texts).score
    assert not np.allclose(alone, model.predict(texts).score)


def test_a_model_saved_before_the_stack_scores_with_its_flag_head_alone(
    model: TextModel, tmp_path: Path
) -> None:
    path = tmp_path / "old.npz"
    dataclasses.replace(model, stack=(1.0, 0.0, 0.0), neighbour_stack=None).save(path)
    with np.load(path, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files if not name.startswith("reference")}
    header = json.loads(str(arrays["header"]))
    for later in ("stack", "neighbour_stack", "references"):
        del header[later]
    arrays["header"] = np.array(json.dumps(header))
    np.savez_compressed(path, **arrays)
    loaded = TextModel.load(path)
    texts = [*SCAMS.values(), *HAM.values()]
    assert loaded.stack == (1.0, 0.0, 0.0)
    x = model.features(texts)
    expected = 1.0 / (1.0 + np.exp(-(x @ model.flag_weights + model.flag_bias)))
    assert np.allclose(loaded.predict(texts).score, expected, atol=1e-6)


def test_a_missing_model_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="scamgrid text train"):
        TextModel.load(tmp_path / "none.npz")


def test_evaluation_scores_each_set_on_its_own_labels(
    model: TextModel, examples: list[corpus.Example]
) -> None:
    sample = training.subset(examples, 80)
    report = evaluate.evaluate(model, sample)
    assert report.trained_on_held_out == 0
    by_name = {s.data_set: s for s in report.sets}
    assert set(by_name["thai-sms"].per_label) == {"OK", "OTP", "spam", "scam"}
    assert by_name["zh-telecom-fraud-5"].macro_f1 > 0.8
    assert not by_name["lures-hand-labelled"].public
    no_data = {s.language for s in report.languages if s.flagged is None}
    assert {"lo", "km", "vi"} <= no_data
