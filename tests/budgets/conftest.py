from pathlib import Path

import pytest

# Real elections copied from Pabulib into the repository (see tests/data/pabulib/README.md).
PABULIB_DIR = Path(__file__).resolve().parents[1] / "data" / "pabulib"
PABULIB_FILES = sorted(PABULIB_DIR.glob("*.pb"))


@pytest.fixture(scope="session")
def pabulib_files():
    assert PABULIB_FILES, f"no Pabulib files in {PABULIB_DIR}"
    return PABULIB_FILES


@pytest.fixture
def process_steps():
    """The budgets tests' concertation has one step, the vote."""
    return ["Vote"]
