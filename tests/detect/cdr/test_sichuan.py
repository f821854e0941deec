from __future__ import annotations

import pytest

from scamgrid import settings
from scamgrid.detect.cdr import sichuan


def test_sichuan_users_are_separated_on_the_held_out_fifth() -> None:
    folder = settings.data_dir() / sichuan.FOLDER
    if not folder.exists():
        pytest.skip(f"{folder} not present")
    report = sichuan.evaluate(folder, iterations=100)
    assert report.test == pytest.approx(0.2 * report.users, abs=2)
    assert report.validation == pytest.approx(0.2 * report.users, abs=2)
    assert report.auc >= 0.9
    assert report.f1 >= 0.8
