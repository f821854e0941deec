from __future__ import annotations

import base58
import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import KINDS, clean
from scamgrid.model.vocabulary import IdentifierType

TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"  # USDT-TRC20 contract address
ETH = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"  # EIP-55 test vector
BTC = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"  # P2PKH
P2SH = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
SEGWIT = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"  # BIP-173 test vector
TAPROOT = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"  # BIP-350
DOT = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5"  # Alice on Polkadot (prefix 0)
SUBSTRATE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"  # Alice, generic prefix 42


def one_changed(address: str, at: int) -> str:
    swap = "2" if address[at] != "2" else "3"
    return address[:at] + swap + address[at + 1 :]


@pytest.mark.parametrize(
    ("address", "canonical"),
    [
        (TRON, f"tron:{TRON}"),
        (f"USDT-TRC20: {TRON}", f"tron:{TRON}"),
        (f"trc20:{TRON}", f"tron:{TRON}"),
        ("tron:41" + base58.b58decode_check(TRON)[1:].hex(), f"tron:{TRON}"),  # hex form
        (ETH, f"eth:{ETH.lower()}"),
        (ETH.lower(), f"eth:{ETH.lower()}"),
        ("0x" + ETH[2:].upper(), f"eth:{ETH.lower()}"),
        (f"erc20:{ETH}", f"eth:{ETH.lower()}"),
        (BTC, f"btc:{BTC}"),
        (P2SH, f"btc:{P2SH}"),
        (SEGWIT, f"btc:{SEGWIT}"),
        (SEGWIT.upper(), f"btc:{SEGWIT}"),
        (TAPROOT, f"btc:{TAPROOT}"),
        (DOT, f"dot:{DOT}"),
        (f"Polkadot: {DOT}", f"dot:{DOT}"),
        (f"substrate:{SUBSTRATE}", f"dot:{SUBSTRATE}"),
    ],
)
def test_valid_addresses_are_chain_qualified(address: str, canonical: str) -> None:
    assert clean("crypto_wallet", address).value == canonical


@pytest.mark.parametrize("address", [TRON, ETH, BTC, P2SH, SEGWIT, TAPROOT, DOT, SUBSTRATE])
@pytest.mark.parametrize("at", [5, 10, 20])
def test_one_changed_character_breaks_the_checksum(address: str, at: int) -> None:
    with pytest.raises(InvalidIdentifier, match="checksum"):
        clean("crypto_wallet", one_changed(address, at))


def test_a_bech32_address_in_mixed_case_is_rejected() -> None:
    with pytest.raises(InvalidIdentifier, match="mixed case"):
        clean("crypto_wallet", "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")


def test_a_taproot_address_with_the_old_bech32_checksum_is_rejected() -> None:
    # BIP-350: version 1+ must use bech32m; this one carries a bech32 checksum.
    old = "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx"
    with pytest.raises(InvalidIdentifier, match="checksum"):
        clean("crypto_wallet", old)


def test_a_bitcoin_address_is_not_a_tron_address() -> None:
    with pytest.raises(InvalidIdentifier, match="TRON"):
        clean("crypto_wallet", f"tron:{BTC}")


def test_ethereum_display_restores_the_checksum_case() -> None:
    assert KINDS[IdentifierType.CRYPTO_WALLET].display(f"eth:{ETH.lower()}") == f"eth:{ETH}"


def test_a_polkadot_address_is_not_read_as_bitcoin_though_both_start_with_1() -> None:
    assert clean("crypto_wallet", DOT).value.startswith("dot:")
    assert clean("crypto_wallet", BTC).value.startswith("btc:")


def test_a_polkadot_address_cut_short_is_rejected() -> None:
    with pytest.raises(InvalidIdentifier, match="SS58"):
        clean("crypto_wallet", f"dot:{DOT[:-1]}")
