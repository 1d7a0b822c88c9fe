"""The example reports are what they were: every output's digest is kept in tests/examples.sha256.

A change that alters an example on purpose regenerates the file with `tools/example_digests.py` and
commits it with the change; anything else that alters one fails here.
"""

from __future__ import annotations

import example_digests
import pytest
from conftest import REPO


@pytest.mark.slow
def test_the_example_outputs_are_byte_identical_to_the_kept_digests(built_examples):
    kept = (REPO / "tests" / "examples.sha256").read_text(encoding="utf-8")
    assert example_digests.text(example_digests.digests(built_examples)) == kept
