"""Where a content folder's held-out files live: the messages the models are tested on, never trained on."""

from __future__ import annotations

from pathlib import Path

TEST_GLOB = "nlu_test_*.yml"  # held-out topic messages, one file per language: nlu_test_<lang>.yml
BASELINE_FILE = "eval_baseline.json"  # the quality figures `teduh eval` compares with


def heldout_dir(content_dir: Path) -> Path | None:
    """`tests/data/` in a checkout, `heldout/` in the installed package; None when neither has test files."""
    for folder in (content_dir / "tests" / "data", content_dir / "heldout"):
        if any(folder.glob(TEST_GLOB)):
            return folder
    return None


def test_file(folder: Path, lang: str) -> Path:
    return folder / f"nlu_test_{lang}.yml"
