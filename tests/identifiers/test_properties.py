"""Property-based: canonical values clean to themselves (idempotence) for every type, and
nothing but a reasoned InvalidIdentifier ever comes out of arbitrary input."""

from __future__ import annotations

import contextlib
import ipaddress

import base58
import bech32
import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st
from schwifty import IBAN

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean, extract, guess
from scamgrid.identifiers.banks import BANKS
from scamgrid.identifiers.crypto_wallet import eip55
from scamgrid.identifiers.imsi import MCC
from scamgrid.model.vocabulary import IdentifierType

REGIONS = ["TH", "CN", "MM", "LA", "KH", "VN"]
FAST = settings(max_examples=60, deadline=None)

label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
tld = st.sampled_from(["com", "top", "vip", "co.th", "cn", "com.kh", "xyz", "github.io"])
host = st.builds(lambda a, b, t: f"{a}.{b}.{t}", label, label, tld)
path = st.from_regex(r"(/[A-Za-z0-9._~-]{0,8}){0,3}(\?[a-z]=[A-Za-z0-9]{0,5})?", fullmatch=True)
handle = st.from_regex(r"[a-z][a-z0-9_]{5,18}", fullmatch=True)
digits = st.text("0123456789", min_size=1, max_size=1)


def phone_number(region: str, seed: int) -> str:
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    national = str(example.national_number)
    tail = str(seed).zfill(len(national))[-(len(national) - 3) :]
    return f"+{example.country_code}{national[:3]}{tail}"


def roundtrip(kind: IdentifierType, raw: str, **hints: str) -> str:
    first = clean(kind, raw, **hints)
    again = clean(kind, first.value)
    assert (again.type, again.value) == (first.type, first.value)
    return first.value


def valid_phone_region_pairs() -> st.SearchStrategy[tuple[str, str]]:
    return st.tuples(st.sampled_from(REGIONS), st.integers(0, 10**9)).map(
        lambda pair: (phone_number(*pair), pair[0])
    )


@FAST
@given(valid_phone_region_pairs())
def test_phone_and_whatsapp_canonical_values_are_fixed_points(pair: tuple[str, str]) -> None:
    number, region = pair
    try:
        value = roundtrip(IdentifierType.PHONE, number)
    except InvalidIdentifier:
        return  # not every drawn number is allocated
    national = phonenumbers.format_number(
        phonenumbers.parse(value), phonenumbers.PhoneNumberFormat.NATIONAL
    )
    assert clean("phone", national, country=region).value == value
    assert roundtrip(IdentifierType.WHATSAPP, f"wa.me/{value[1:]}") == value


@FAST
@given(st.text("0123456789", min_size=14, max_size=14))
def test_imei_canonical_values_are_fixed_points(body: str) -> None:
    assert roundtrip(IdentifierType.IMEI, body)[:14] == body


@FAST
@given(st.sampled_from(sorted(MCC)), st.text("0123456789", min_size=12, max_size=12))
def test_imsi_canonical_values_are_fixed_points(mcc: str, rest: str) -> None:
    assert roundtrip(IdentifierType.IMSI, mcc + rest) == mcc + rest


@FAST
@given(
    st.sampled_from(
        [(c, name) for c, codes in BANKS.items() for k, n in codes.items() for name in (k, *n)]
    ),
    st.lists(st.text("0123456789", min_size=2, max_size=5), min_size=2, max_size=4),
)
def test_bank_account_canonical_values_are_fixed_points(
    bank: tuple[str, str], parts: list[str]
) -> None:
    country, name = bank
    value = roundtrip(IdentifierType.BANK_ACCOUNT, "-".join(parts), country=country, bank=name)
    assert value.endswith(":" + "".join(parts))


@FAST
@given(st.sampled_from(["DE", "GB", "FR"]), st.text("0123456789", min_size=8, max_size=8))
def test_iban_canonical_values_are_fixed_points(country: str, account: str) -> None:
    bank_code = {"DE": "37040044", "GB": "NWBK601613", "FR": "2004101005"}[country]
    generated = IBAN.generate(country, bank_code=bank_code, account_code=account)
    assert roundtrip(IdentifierType.IBAN, generated.formatted) == generated.compact


@FAST
@given(
    st.binary(min_size=20, max_size=20), st.sampled_from(["tron", "eth", "p2pkh", "p2sh", "segwit"])
)
def test_wallet_canonical_values_are_fixed_points(payload: bytes, form: str) -> None:
    address = {
        "tron": lambda: base58.b58encode_check(b"\x41" + payload).decode(),
        "eth": lambda: "0x" + eip55(payload.hex()),
        "p2pkh": lambda: base58.b58encode_check(b"\x00" + payload).decode(),
        "p2sh": lambda: base58.b58encode_check(b"\x05" + payload).decode(),
        "segwit": lambda: bech32.encode("bc", 0, list(payload)) or "",
    }[form]()
    value = roundtrip(IdentifierType.CRYPTO_WALLET, address)
    assert value.lower().endswith(address.lower())


@FAST
@given(host, path)
def test_url_and_domain_canonical_values_are_fixed_points(name: str, rest: str) -> None:
    url = roundtrip(IdentifierType.URL, f"hxxps://{name.replace('.', '[.]')}{rest}#frag")
    assert url.startswith(f"https://{name}/") and "#" not in url
    assert name.endswith(roundtrip(IdentifierType.DOMAIN, name))


@FAST
@given(handle, host)
def test_email_and_handle_canonical_values_are_fixed_points(name: str, domain: str) -> None:
    assert roundtrip(IdentifierType.EMAIL, f"{name}[at]{domain.upper()}") == f"{name}@{domain}"
    for kind in (IdentifierType.TELEGRAM, IdentifierType.LINE, IdentifierType.WECHAT):
        assert roundtrip(kind, "@" + name.upper()) == name
    username = name.replace("_", ".")
    assert roundtrip(IdentifierType.FACEBOOK, f"facebook.com/{username}/") == username


@FAST
@given(st.ip_addresses())
def test_ip_canonical_values_are_fixed_points(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    roundtrip(IdentifierType.IP, address.exploded)


@FAST
@given(st.lists(label, min_size=2, max_size=4))
def test_app_canonical_values_are_fixed_points(labels: list[str]) -> None:
    package = ".".join("a" + part.replace("-", "_") for part in labels)
    assert roundtrip(IdentifierType.APP, package.upper()) == package


# Arbitrary text: only InvalidIdentifier (with a reason) may come out, and whatever comes out
# as valid is itself canonical. "Identifier-ish" text reaches deeper than random Unicode.
identifierish = st.text(
    alphabet=st.sampled_from(list("0123456789+-. :/@[]()_#?=%xhtpsTbc1qeAZ๑၁០")),
    max_size=60,
)
anything = st.one_of(st.text(max_size=80), identifierish)


@settings(max_examples=250, deadline=None)
@given(st.sampled_from(list(IdentifierType)), anything)
def test_clean_only_ever_rejects_with_a_reason(kind: IdentifierType, text: str) -> None:
    try:
        identifier = clean(kind, text, country="TH", bank="KBANK")
    except InvalidIdentifier as bad:
        assert bad.reason
        return
    assert clean(kind, identifier.value, country="TH", bank="KBANK").value == identifier.value


@settings(max_examples=150, deadline=None)
@given(anything)
def test_guess_never_crashes(text: str) -> None:
    with contextlib.suppress(InvalidIdentifier):
        identifier = guess(text, country="TH")
        assert clean(identifier.type, identifier.value, country="TH").value == identifier.value


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(anything, st.sampled_from(["t.me/kefu_88 ", "飞机 @", "0812345678"])), max_size=5
    )
)
def test_extract_never_crashes_and_returns_canonical_values(parts: list[str]) -> None:
    for identifier in extract(" ".join(parts), country="TH"):
        assert clean(identifier.type, identifier.value, country="TH").value == identifier.value
