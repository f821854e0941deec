"""Crypto wallets, chain-qualified: `tron:T...`, `eth:0x...` (lower case), `btc:...`, `dot:...`.

Checksums are verified: base58check (TRON, Bitcoin P2PKH/P2SH), bech32/bech32m (Bitcoin SegWit),
EIP-55 when an Ethereum address is written in mixed case (all lower or all upper case carry no
checksum and are accepted), SS58 (Polkadot, Kusama and other Substrate chains: base58 of a
network prefix, a 32- or 33-byte account and two bytes of BLAKE2b-512 over "SS58PRE" and both;
kept as written, since the prefix names the network). USDT-TRC20 is TRON; ERC-20 and BSC
(BEP-20) addresses are Ethereum addresses (one key, the same address on every EVM chain).
"""

from __future__ import annotations

import hashlib
import re

import base58
from eth_hash.auto import keccak

from scamgrid.identifiers.base import Kind
from scamgrid.identifiers.segwit import segwit_address
from scamgrid.identifiers.text import fold
from scamgrid.model.vocabulary import IdentifierType

CHAINS = ("tron", "eth", "btc", "dot")
_PREFIX = re.compile(
    r"^(tron|trx|usdt[-_ ]?trc-?20|trc-?20|eth|ethereum|erc-?20|usdt[-_ ]?erc-?20|bsc|bep-?20"
    r"|btc|bitcoin|dot|polkadot|ksm|kusama|substrate)\s*:\s*",
    re.I,
)
_CHAIN_OF = {
    **dict.fromkeys(("tron", "trx", "usdttrc20", "trc20"), "tron"),
    **dict.fromkeys(("eth", "ethereum", "erc20", "usdterc20", "bsc", "bep20"), "eth"),
    **dict.fromkeys(("btc", "bitcoin"), "btc"),
    **dict.fromkeys(("dot", "polkadot", "ksm", "kusama", "substrate"), "dot"),
}
_SS58_LENGTHS = range(46, 51)  # characters of an SS58 address of a 32/33-byte account
_HEX40 = re.compile(r"^[0-9a-fA-F]{40}$")
_TRON_HEX = re.compile(r"^41[0-9a-fA-F]{40}$")


def eip55(body: str) -> str:
    """The EIP-55 mixed-case spelling of 40 hex digits."""
    lowered = body.lower()
    digest = keccak(lowered.encode()).hex()
    return "".join(
        c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c for i, c in enumerate(lowered)
    )


def _eth(address: str) -> str:
    body = address[2:] if address[:2] in ("0x", "0X") else address
    if not _HEX40.match(body):
        raise ValueError("an Ethereum address is 0x and 40 hex digits")
    if body != body.lower() and body != body.upper() and eip55(body) != body:
        raise ValueError("EIP-55 mixed-case checksum does not match")
    return "eth:0x" + body.lower()


def _base58check(address: str, versions: tuple[int, ...], chain: str) -> str:
    try:
        payload = base58.b58decode_check(address)
    except ValueError:
        raise ValueError("base58check checksum does not match") from None
    if len(payload) != 21 or payload[0] not in versions:
        raise ValueError(f"not a {chain} address (wrong version byte or length)")
    return address


def _tron(address: str) -> str:
    if _TRON_HEX.match(address):  # the hex form TRON's APIs print: 0x41 + 20 bytes
        address = base58.b58encode_check(bytes.fromhex(address)).decode()
    return "tron:" + _base58check(address, (0x41,), "TRON")


def _btc(address: str) -> str:
    if address[:3].lower() == "bc1":
        return "btc:" + segwit_address(address)
    return "btc:" + _base58check(address, (0x00, 0x05), "Bitcoin")


def _ss58(address: str) -> str:
    try:
        data = base58.b58decode(address)
    except ValueError:
        raise ValueError("not base58") from None
    prefix_bytes = 1 if data[:1] and data[0] < 64 else 2
    if not data or data[0] >= 128 or len(data) - prefix_bytes - 2 not in (32, 33):
        raise ValueError("not an SS58 address (wrong network prefix or length)")
    digest = hashlib.blake2b(b"SS58PRE" + data[:-2], digest_size=64).digest()
    if digest[:2] != data[-2:]:
        raise ValueError("SS58 checksum does not match")
    return "dot:" + address


def _chain(address: str) -> str:
    if address[:2] in ("0x", "0X"):
        return "eth"
    if len(address) in _SS58_LENGTHS and not address.startswith(("bc1", "BC1")):
        return "dot"
    if address[:1] == "T" or _TRON_HEX.match(address):
        return "tron"
    if address[:3].lower() == "bc1" or address[:1] in ("1", "3"):
        return "btc"
    raise ValueError("not a TRON, Ethereum, Bitcoin or Polkadot (SS58) address")


class CryptoWallet(Kind):
    type = IdentifierType.CRYPTO_WALLET

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        text = fold(raw).replace(" ", "")
        prefix = _PREFIX.match(text)
        chain = None
        if prefix:
            chain = _CHAIN_OF[re.sub(r"[-_ ]", "", prefix.group(1).lower())]
            text = text[prefix.end() :]
        chain = chain or _chain(text)
        if chain == "eth":
            return _eth(text), None
        if chain == "tron":
            return _tron(text), None
        if chain == "dot":
            return _ss58(text), None
        return _btc(text), None

    def display(self, value: str) -> str:
        chain, _, address = value.partition(":")
        return f"{chain}:0x{eip55(address[2:])}" if chain == "eth" else value


KIND = CryptoWallet()
