"""Crypto wallets, chain-qualified: `tron:T...`, `eth:0x...` (lower case), `btc:...`.

Checksums are verified: base58check (TRON, Bitcoin P2PKH/P2SH), bech32/bech32m (Bitcoin
SegWit), EIP-55 when an Ethereum address is written in mixed case.
"""

from __future__ import annotations

import re

import base58
from eth_hash.auto import keccak

from scamgrid.identifiers.base import cleaner
from scamgrid.identifiers.text import fold
from scamgrid.model.vocabulary import IdentifierType

CHAINS = ("tron", "eth", "btc")
_PREFIX = re.compile(r"^(tron|trx|usdt-trc20|trc20|eth|erc20|usdt-erc20|bsc|btc|bitcoin):", re.I)
_ALIASES = {
    "trx": "tron",
    "usdt-trc20": "tron",
    "trc20": "tron",
    "erc20": "eth",
    "usdt-erc20": "eth",
    "bsc": "eth",
    "bitcoin": "btc",
}
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values: list[int]) -> int:
    generator = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if (top >> i) & 1 else 0
    return check


def _segwit(address: str) -> str:
    lowered = address.lower()
    if address != lowered and address != address.upper():
        raise ValueError("mixed case is not allowed in a bech32 address")
    hrp, _, data = lowered.rpartition("1")
    if hrp != "bc" or len(data) < 7 or any(c not in _BECH32 for c in data):
        raise ValueError("not a bech32 Bitcoin address")
    values = [_BECH32.index(c) for c in data]
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    constant = _bech32_polymod(expanded + values)
    version = values[0]
    if (version == 0 and constant != 1) or (version > 0 and constant != 0x2BC830A3):
        raise ValueError("bech32 checksum does not match")
    if not 14 <= len(values) - 7 <= 70:
        raise ValueError("wrong length for a SegWit address")
    return lowered


def _base58check(address: str, versions: set[int], length: int) -> str:
    try:
        payload = base58.b58decode_check(address)
    except ValueError:
        raise ValueError("base58check checksum does not match") from None
    if len(payload) != length or payload[0] not in versions:
        raise ValueError("not an address of this chain")
    return address


def _eth(address: str) -> str:
    body = address[2:]
    if not re.fullmatch(r"[0-9a-fA-F]{40}", body):
        raise ValueError("an Ethereum address is 0x and 40 hex digits")
    if body != body.lower() and body != body.upper():
        digest = keccak(body.lower().encode()).hex()
        expected = "".join(
            c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c.lower()
            for i, c in enumerate(body.lower())
        )
        if expected != body:
            raise ValueError("EIP-55 mixed-case checksum does not match")
    return "0x" + body.lower()


def _detect(address: str) -> str:
    if address.lower().startswith("0x"):
        return "eth"
    if address.startswith("T"):
        return "tron"
    if address.lower().startswith("bc1") or address[:1] in {"1", "3"}:
        return "btc"
    raise ValueError("not a TRON, Ethereum or Bitcoin address")


@cleaner(IdentifierType.CRYPTO_WALLET)
def clean_wallet(raw: str, _country: str | None, _bank: str | None) -> tuple[str, str | None]:
    text = fold(raw).replace(" ", "")
    chain = None
    prefix = _PREFIX.match(text)
    if prefix:
        chain = _ALIASES.get(prefix.group(1).lower(), prefix.group(1).lower())
        text = text[prefix.end() :]
    chain = chain or _detect(text)
    if chain == "eth":
        return f"eth:{_eth(text)}", None
    if chain == "tron":
        return f"tron:{_base58check(text, {0x41}, 21)}", None
    if text.lower().startswith("bc1"):
        return f"btc:{_segwit(text)}", None
    return f"btc:{_base58check(text, {0x00, 0x05}, 21)}", None
