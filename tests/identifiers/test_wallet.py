from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean

TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"  # USDT-TRC20 contract address
ETH = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"  # EIP-55 test vector
BTC = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
SEGWIT = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"  # BIP-173 test vector
TAPROOT = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"  # BIP-350


def one_changed(address: str, at: int) -> str:
    swap = "2" if address[at] != "2" else "3"
    return address[:at] + swap + address[at + 1 :]


@pytest.mark.parametrize(
    ("address", "canonical"),
    [
        (TRON, f"tron:{TRON}"),
        (ETH, f"eth:{ETH.lower()}"),
        (BTC, f"btc:{BTC}"),
        (SEGWIT, f"btc:{SEGWIT}"),
        (TAPROOT, f"btc:{TAPROOT}"),
        (f"usdt-trc20:{TRON}", f"tron:{TRON}"),
    ],
)
def test_valid_addresses_are_chain_qualified(address: str, canonical: str) -> None:
    assert clean("crypto_wallet", address).value == canonical


@pytest.mark.parametrize("address", [TRON, ETH, BTC, SEGWIT])
def test_one_changed_character_breaks_the_checksum(address: str) -> None:
    with pytest.raises(InvalidIdentifier, match="checksum"):
        clean("crypto_wallet", one_changed(address, 10))


def test_all_lower_case_ethereum_has_no_checksum_to_check() -> None:
    assert clean("crypto_wallet", ETH.lower()).value == f"eth:{ETH.lower()}"
