"""Bitcoin SegWit addresses (BIP-173 bech32 for version 0, BIP-350 bech32m for versions 1-16).

The `bech32` package (1.2) knows only the original bech32 constant, so the checksum is computed
here with the constant each witness version requires; its `convertbits` regroups the program.
"""

from __future__ import annotations

from bech32 import CHARSET, bech32_hrp_expand, bech32_polymod, convertbits

BECH32 = 1
BECH32M = 0x2BC830A3


def segwit_address(address: str, hrp: str = "bc") -> str:
    """The lower-case address if it is a valid SegWit address; ValueError with the reason."""
    lowered = address.lower()
    if address not in (lowered, address.upper()):
        raise ValueError("mixed case is not allowed in a bech32 address")
    if len(lowered) > 90:
        raise ValueError("a bech32 address has at most 90 characters")
    prefix, separator, data = lowered.rpartition("1")
    if not separator or prefix != hrp:
        raise ValueError(f"a Bitcoin SegWit address starts with {hrp}1")
    if len(data) < 7 or any(c not in CHARSET for c in data):
        raise ValueError("not a bech32 data part (characters outside the bech32 set)")
    values = [CHARSET.find(c) for c in data]
    version = values[0]
    constant = bech32_polymod(bech32_hrp_expand(prefix) + values)
    if constant != (BECH32 if version == 0 else BECH32M):
        raise ValueError("bech32 checksum does not match")
    if version > 16:
        raise ValueError(f"unknown witness version {version}")
    program = convertbits(values[1:-6], 5, 8, False)
    if program is None or not 2 <= len(program) <= 40:
        raise ValueError("wrong witness program length")
    if version == 0 and len(program) not in (20, 32):
        raise ValueError("a version 0 witness program has 20 or 32 bytes")
    return lowered
