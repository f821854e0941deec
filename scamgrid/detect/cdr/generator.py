"""A synthetic operator's CDRs: a social calling graph with planted fraud and ground truth.

Ordinary subscribers live in small-world communities (most contacts inside their community, a
few far away), call and text each other with a daily rhythm and call back. Planted among them:

- SIM boxes: banks of new SIMs in one static gateway (one cell, a few module IMEIs shared by
  every SIM) relaying foreign calls as local ones, day and night, almost never called back;
- scam diallers: new SIMs in compounds (few cells, phones shared between SIMs, often foreign
  numbers) dialling lists or ascending number ranges, many short calls and some long ones;
- wangiri: foreign numbers ringing once (0-3 s) across number ranges; some victims call back;
- legitimate call centres (bank, delivery, telemarketing, hospital): very high volume from
  fixed lines or registered mobiles, office hours on weekdays, ordinary durations, customers
  calling back, active the whole window;
- plus the cases that make it hard: heavy ordinary users, new SIMs and roaming tourists.

Everything is vectorised with numpy; `write` streams Parquet parts so the size is bounded only
by disk. The same configuration and seed always give the same files.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from scamgrid.errors import InvalidInput
from scamgrid.model.vocabulary import CdrLabel as Label

START = dt.datetime(2025, 3, 3, tzinfo=dt.UTC)  # a Monday
HOME_CODE = 66  # Thailand; the generator's numbers are Thai unless planted as foreign
UTC_OFFSET_S = 7 * 3600
MOBILE = (66_800_000_000, 66_999_999_999)
LANDLINE = (6_620_000_000, 6_629_999_999)  # Bangkok fixed lines
SCAM_ORIGINS = (
    (95_900_000_000, 95_999_999_999),  # Myanmar mobiles
    (85_510_000_000, 85_599_999_999),  # Cambodia
    (856_2020_000_000, 856_2099_999_999),  # Laos
)
WANGIRI_ORIGINS = (
    (37_120_000_000, 37_129_999_999),  # Latvia
    (21_620_000_000, 21_629_999_999),  # Tunisia
    (23_230_000_000, 23_239_999_999),  # Sierra Leone
    (88_216_000_000_000, 88_216_999_999_999),  # international networks
)
TOURIST_ORIGINS = ((86_130_000_000_00, 86_139_999_999_99), (44_700_000_000_0, 44_799_999_999_9))

# Local-time hour profiles (relative weights, 0h..23h).
SOCIAL_HOURS = np.array(
    [2, 1, 0.5, 0.3, 0.3, 0.6, 2, 4, 6, 7, 7, 8, 9, 8, 7, 7, 8, 9, 11, 12, 12, 10, 7, 4], float
)
OFFICE_HOURS = np.array([0] * 8 + [6, 9, 10, 10, 6, 9, 10, 10, 8, 4] + [0] * 6, float)
COMPOUND_HOURS = np.array(
    [1, 0.5, 0, 0, 0, 0, 0, 0, 2, 6, 8, 8, 7, 8, 8, 8, 7, 7, 8, 8, 7, 6, 4, 2]
)
FLAT_HOURS = np.array(
    [5, 4, 4, 4, 4, 5, 6, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 7, 6, 6], float
)

CDR_SCHEMA = pa.schema(
    [
        ("caller", pa.string()),
        ("callee", pa.string()),
        ("start_time", pa.timestamp("s", tz="UTC")),
        ("duration_s", pa.int32()),
        ("imei", pa.string()),
        ("imsi", pa.string()),
        ("cell_id", pa.string()),
        ("call_type", pa.string()),
    ]
)


@dataclass(frozen=True)
class GeneratorConfig:
    """What to generate. Rates are shares of `subscribers` (fraud numbers are extra)."""

    subscribers: int = 20_000
    days: int = 14
    seed: int = 0
    sim_box_rate: float = 0.004
    dialler_rate: float = 0.003
    wangiri_rate: float = 0.0015
    call_centre_rate: float = 0.002
    heavy_user_rate: float = 0.02
    tourist_rate: float = 0.01
    calls_per_day: float = 3.0
    community_size: int = 40

    def scaled(self, **changes: object) -> GeneratorConfig:
        return replace(self, **changes)  # type: ignore[arg-type]


MIN_SUBSCRIBERS = 100  # below this the planted groups round to nothing
MAX_DAYS = 63  # the features keep active days as bits of a 63-bit mask


def configure(
    *, subscribers: int, days: int, seed: int, fraud_scale: float = 1.0
) -> GeneratorConfig:
    """The default world resized (what `cdr generate` and `demo cdr` write): `subscribers`
    ordinary subscribers over `days` days from `seed`, every planted fraud rate times
    `fraud_scale` (call centres, heavy users and tourists keep their rates)."""
    base = GeneratorConfig()
    return base.scaled(
        subscribers=subscribers,
        days=days,
        seed=seed,
        sim_box_rate=base.sim_box_rate * fraud_scale,
        dialler_rate=base.dialler_rate * fraud_scale,
        wangiri_rate=base.wangiri_rate * fraud_scale,
    )


@dataclass
class _Actors:
    """Every number that originates traffic, with its role and device/cell attributes."""

    number: np.ndarray  # int64 E.164 digits
    role: np.ndarray  # object: role name
    label: np.ndarray  # object: Label value
    imei: np.ndarray  # int64, 0 = none (fixed line or foreign)
    imsi: np.ndarray  # int64, 0 = none
    home_cell: np.ndarray  # int64, 0 = none
    first_day: np.ndarray  # int: first active day
    last_day: np.ndarray  # int: last active day (inclusive)


class _World:
    """The fixed part (numbers, graph, devices); calls are drawn per chunk of days from it."""

    def __init__(self, config: GeneratorConfig) -> None:
        self.config = config
        self.rng = np.random.default_rng(config.seed)
        rng, n, days = self.rng, config.subscribers, config.days
        numbers = _unique_numbers(rng, MOBILE, n)
        self.n = n
        self.cells = max(50, n // 400)
        role = np.full(n, "subscriber", dtype=object)
        heavy = rng.random(n) < config.heavy_user_rate
        role[heavy] = "heavy_user"
        first = np.zeros(n, dtype=np.int64)
        new_sim = rng.random(n) < 0.03  # ordinary SIMs activated during the window
        first[new_sim] = rng.integers(0, days, new_sim.sum())
        self.activity = rng.lognormal(np.log(config.calls_per_day), 0.6, n)
        self.activity[heavy] *= rng.uniform(8, 20, heavy.sum())
        self.work_cell = rng.integers(1, self.cells + 1, n)
        self._build_graph(n)
        sub = _Actors(
            number=numbers,
            role=role,
            label=np.full(n, Label.NORMAL.value, dtype=object),
            imei=_imeis(rng, n),
            imsi=520_040_000_000_000 + rng.integers(0, 9_999_999_999, n),
            home_cell=rng.integers(1, self.cells + 1, n),
            first_day=first,
            last_day=np.full(n, days - 1),
        )
        self.actors = _concat([sub, *self._planted(numbers)])
        moving = ("subscriber", "heavy_user", "tourist")
        self.static = np.array([r not in moving for r in self.actors.role.tolist()])

    def _build_graph(self, n: int) -> None:
        rng = self.rng
        size = self.config.community_size
        members = rng.permutation(n)  # community c is members[c * size : (c + 1) * size]
        community = np.empty(n, np.int64)
        community[members] = np.arange(n) // size
        degree = 2 + rng.poisson(4, n)
        src = np.repeat(np.arange(n), degree)
        local = rng.random(src.size) < 0.85
        slot = np.minimum(community[src] * size + rng.integers(0, size, src.size), n - 1)
        dst = np.where(local, members[slot], rng.integers(0, n, src.size))
        keep = src != dst
        a = np.concatenate([src[keep], dst[keep]])
        b = np.concatenate([dst[keep], src[keep]])
        key = np.unique(a.astype(np.int64) * n + b)
        self.contact_src = key // n
        self.contacts = key % n
        self.offsets = np.searchsorted(self.contact_src, np.arange(n + 1))

    def _planted(self, subscribers: np.ndarray) -> list[_Actors]:
        c, rng, days = self.config, self.rng, self.config.days
        groups: list[_Actors] = []
        # SIM boxes: gateways of 8-32 SIMs sharing 4-8 module IMEIs at one cell.
        sims = _planted_count(c.sim_box_rate * c.subscribers, 8)  # at least one gateway
        gateway = 0
        while sims > 0:
            gateway += 1
            k = min(sims, int(rng.integers(8, 33)))
            start = int(rng.integers(0, max(1, days - 3)))
            groups.append(
                _Actors(
                    number=_unique_numbers(rng, MOBILE, k),
                    role=np.full(k, "sim_box", dtype=object),
                    label=np.full(k, Label.SIM_BOX.value, dtype=object),
                    imei=np.full(k, -(gateway * 100 + int(rng.integers(4, 9)))),  # a module pool
                    imsi=520_040_000_000_000 + rng.integers(0, 9_999_999_999, k),
                    home_cell=np.full(k, int(rng.integers(1, self.cells + 1))),
                    first_day=np.full(k, start),
                    last_day=np.minimum(start + rng.integers(3, 15, k), days - 1),
                )
            )
            sims -= k
        diallers = _planted_count(c.dialler_rate * c.subscribers, 3)
        if diallers:
            foreign = rng.random(diallers) < 0.4
            number = _unique_numbers(rng, MOBILE, diallers)
            origin = SCAM_ORIGINS[int(rng.integers(0, len(SCAM_ORIGINS)))]
            number[foreign] = _unique_numbers(rng, origin, int(foreign.sum()))
            phones = _imeis(rng, max(1, diallers // 3))
            imei = phones[rng.integers(0, phones.size, diallers)]  # SIMs rotate through phones
            imei[foreign] = 0
            first_days = rng.integers(0, max(1, days - 2), diallers)
            cell = rng.integers(1, self.cells + 1, max(1, diallers // 10))
            home_cell = cell[rng.integers(0, cell.size, diallers)]
            home_cell[foreign] = 0
            groups.append(
                _Actors(
                    number=number,
                    role=np.full(diallers, "scam_dialler", dtype=object),
                    label=np.full(diallers, Label.SCAM_DIALLER.value, dtype=object),
                    imei=imei,
                    imsi=np.where(foreign, 0, 520_040_000_000_000 + number % 10_000_000_000),
                    home_cell=home_cell,
                    first_day=first_days,
                    last_day=np.minimum(first_days + rng.integers(2, 8, diallers), days - 1),
                )
            )
        wangiri = _planted_count(c.wangiri_rate * c.subscribers, 2)
        if wangiri:
            origin = WANGIRI_ORIGINS[int(rng.integers(0, len(WANGIRI_ORIGINS)))]
            first_days = rng.integers(0, days, wangiri)
            groups.append(
                _Actors(
                    number=_unique_numbers(rng, origin, wangiri),
                    role=np.full(wangiri, "wangiri", dtype=object),
                    label=np.full(wangiri, Label.WANGIRI.value, dtype=object),
                    imei=np.zeros(wangiri, np.int64),
                    imsi=np.zeros(wangiri, np.int64),
                    home_cell=np.zeros(wangiri, np.int64),
                    first_day=first_days,
                    last_day=np.minimum(first_days + rng.integers(0, 3, wangiri), days - 1),
                )
            )
        centres = max(4, round(c.call_centre_rate * c.subscribers))
        kinds = np.array(["bank", "delivery", "telemarketing", "hospital"], dtype=object)
        kind = kinds[np.arange(centres) % 4]
        fixed = rng.random(centres) < 0.7
        number = _unique_numbers(rng, MOBILE, centres)
        number[fixed] = _unique_numbers(rng, LANDLINE, int(fixed.sum()))
        imei = _imeis(rng, centres)
        imei[fixed] = 0
        home = rng.integers(1, self.cells + 1, centres)
        home[fixed] = 0
        groups.append(
            _Actors(
                number=number,
                role=np.array([f"call_centre_{k}" for k in kind], dtype=object),
                label=np.full(centres, Label.NORMAL.value, dtype=object),
                imei=imei,
                imsi=np.where(fixed, 0, 520_040_000_000_000 + number % 10_000_000_000),
                home_cell=home,
                first_day=np.zeros(centres, np.int64),
                last_day=np.full(centres, days - 1),
            )
        )
        tourists = round(c.tourist_rate * c.subscribers)
        if tourists:
            origin = TOURIST_ORIGINS[int(rng.integers(0, len(TOURIST_ORIGINS)))]
            first_days = rng.integers(0, days, tourists)
            groups.append(
                _Actors(
                    number=_unique_numbers(rng, origin, tourists),
                    role=np.full(tourists, "tourist", dtype=object),
                    label=np.full(tourists, Label.NORMAL.value, dtype=object),
                    imei=_imeis(rng, tourists),
                    imsi=np.zeros(tourists, np.int64),
                    home_cell=rng.integers(1, self.cells + 1, tourists),
                    first_day=first_days,
                    last_day=np.minimum(first_days + rng.integers(2, 10, tourists), days - 1),
                )
            )
        return groups

    def calls(self, day_from: int, day_to: int) -> pa.Table:
        """Every event of days [day_from, day_to) as one CDR table."""
        rng, n, span = self.rng, self.n, day_to - day_from
        parts: list[dict[str, np.ndarray]] = []
        # Social traffic: callee drawn from the caller's contacts, favourites first.
        count = rng.poisson(self.activity * span)
        caller = np.repeat(np.arange(n), count)
        active = self.actors.first_day[caller] < day_to
        caller = caller[active]
        deg = (self.offsets[caller + 1] - self.offsets[caller]).astype(np.int64)
        has = deg > 0
        caller, deg = caller[has], deg[has]
        pick = (deg * rng.random(caller.size) ** 2).astype(np.int64)
        callee = self.contacts[self.offsets[caller] + pick]
        m = caller.size
        sms = rng.random(m) < 0.15
        duration = np.where(sms, 0, np.maximum(1, rng.lognormal(np.log(70), 1.0, m)))
        unanswered = ~sms & (rng.random(m) < 0.06)
        duration[unanswered] = rng.integers(0, 9, unanswered.sum())
        first = np.maximum(self.actors.first_day[caller], day_from)
        parts.append(
            self._rows(
                caller, self.actors.number[callee], duration, sms, first, day_to, SOCIAL_HOURS
            )
        )
        # Tourists call a few locals and are called back.
        parts += self._tourists(day_from, day_to)
        for index in np.flatnonzero(self.actors.role != "subscriber"):
            role = self.actors.role[index]
            lo = max(int(self.actors.first_day[index]), day_from)
            hi = min(int(self.actors.last_day[index]) + 1, day_to)
            if role in ("subscriber", "heavy_user", "tourist") or lo >= hi:
                continue
            parts += self._planted_calls(int(index), str(role), lo, hi)
        table = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        return self._to_arrow(table)

    def _tourists(self, day_from: int, day_to: int) -> list[dict[str, np.ndarray]]:
        rng = self.rng
        idx = np.flatnonzero(self.actors.role == "tourist")
        out: list[dict[str, np.ndarray]] = []
        for i in idx:
            lo = max(int(self.actors.first_day[i]), day_from)
            hi = min(int(self.actors.last_day[i]) + 1, day_to)
            if lo >= hi:
                continue
            friends = self.actors.number[rng.integers(0, self.n, 4)]
            k = int(rng.poisson(3 * (hi - lo))) + 1
            callee = friends[rng.integers(0, 4, k)]
            dur = np.maximum(1, rng.lognormal(np.log(90), 0.9, k))
            out.append(
                self._rows(np.full(k, i), callee, dur, np.zeros(k, bool), lo, hi, SOCIAL_HOURS)
            )
            back = int(rng.poisson(2 * (hi - lo)))
            if back:
                who = np.searchsorted(self.actors.number, friends)  # subscribers are sorted
                who = np.clip(who, 0, self.n - 1)
                caller = who[rng.integers(0, 4, back)]
                dur = np.maximum(1, rng.lognormal(np.log(90), 0.9, back))
                callee = np.full(back, self.actors.number[i])
                out.append(
                    self._rows(caller, callee, dur, np.zeros(back, bool), lo, hi, SOCIAL_HOURS)
                )
        return out

    def _planted_calls(self, i: int, role: str, lo: int, hi: int) -> list[dict[str, np.ndarray]]:
        rng, span = self.rng, hi - lo
        subs = self.actors.number[: self.n]
        if role == "sim_box":
            k = int(rng.poisson(rng.uniform(40, 150) * span))
            callee = subs[rng.integers(0, self.n, k)]
            dur = np.maximum(1, rng.lognormal(np.log(120), 0.8, k))
            rows = [self._rows(np.full(k, i), callee, dur, np.zeros(k, bool), lo, hi, FLAT_HOURS)]
            back = rng.binomial(k, 0.02)
            if back:
                rows.append(self._callbacks(callee[:back], i, lo, hi, 30))
            return rows
        if role == "scam_dialler":
            k = int(rng.poisson(rng.uniform(50, 300) * span))
            sequential = rng.random() < 0.6
            share = rng.uniform(0.5, 1.0) if sequential else 0.0
            callee = subs[rng.integers(0, self.n, k)]
            runs = rng.random(k) < share
            start = int(subs[rng.integers(0, self.n)])
            callee[runs] = start + np.arange(int(runs.sum())) * int(rng.integers(1, 3))
            kind = rng.random(k)
            dur = np.where(
                kind < 0.55,
                rng.integers(0, 10, k),
                np.where(kind < 0.9, rng.integers(10, 180, k), rng.integers(300, 2400, k)),
            )
            rows = [
                self._rows(np.full(k, i), callee, dur, np.zeros(k, bool), lo, hi, COMPOUND_HOURS)
            ]
            back = rng.binomial(k, rng.uniform(0.0, 0.03))
            if back:
                rows.append(self._callbacks(callee[:back], i, lo, hi, 20))
            return rows
        if role == "wangiri":
            k = int(rng.poisson(rng.uniform(200, 1500) * span))
            callee = subs[rng.integers(0, self.n, k)]
            runs = rng.random(k) < (rng.uniform(0.3, 0.9) if rng.random() < 0.5 else 0.0)
            start = int(subs[rng.integers(0, self.n)])
            callee[runs] = start + np.arange(int(runs.sum()))
            dur = rng.integers(0, 4, k)
            rows = [self._rows(np.full(k, i), callee, dur, np.zeros(k, bool), lo, hi, FLAT_HOURS)]
            reached = callee[~runs]
            victims = reached[rng.random(reached.size) < rng.uniform(0.03, 0.12)]
            if victims.size:
                rows.append(self._callbacks(victims, i, lo, hi, 60))
            return rows
        # Legitimate call centres: office hours on weekdays, customers call in and back.
        centre = role.removeprefix("call_centre_")
        k = int(rng.poisson(rng.uniform(100, 800) * span))
        callee = subs[rng.integers(0, self.n, min(k, max(1, self.n // 3)))]
        callee = callee[rng.integers(0, callee.size, k)]
        median, short_share, back_rate = {
            "bank": (180, 0.08, 0.25),
            "delivery": (40, 0.2, 0.2),
            "telemarketing": (60, 0.3, 0.06),
            "hospital": (120, 0.08, 0.3),
        }[centre]
        dur = np.maximum(10, rng.lognormal(np.log(median), 0.7, k))
        missed = rng.random(k) < short_share
        dur[missed] = rng.integers(0, 10, missed.sum())
        sms = rng.random(k) < (0.3 if centre == "delivery" else 0.05)
        dur[sms] = 0
        rows = [self._rows(np.full(k, i), callee, dur, sms, lo, hi, OFFICE_HOURS, weekdays=True)]
        back = rng.binomial(k, back_rate)
        if back:
            rows.append(self._callbacks(callee[:back], i, lo, hi, median, weekdays=True))
        return rows

    def _callbacks(
        self,
        numbers: np.ndarray,
        i: int,
        lo: int,
        hi: int,
        median: float,
        *,
        weekdays: bool = False,
    ) -> dict[str, np.ndarray]:
        """Calls from `numbers` (subscribers or not) back to actor i."""
        who = np.searchsorted(self.actors.number[: self.n], numbers)
        who = np.clip(who, 0, self.n - 1)
        known = self.actors.number[who] == numbers
        who = who[known]
        k = who.size
        dur = np.maximum(1, self.rng.lognormal(np.log(median), 0.8, k))
        callee = np.full(k, self.actors.number[i])
        profile = OFFICE_HOURS if weekdays else SOCIAL_HOURS
        return self._rows(who, callee, dur, np.zeros(k, bool), lo, hi, profile, weekdays=weekdays)

    def _rows(
        self,
        caller: np.ndarray,
        callee_number: np.ndarray,
        duration: np.ndarray,
        sms: np.ndarray,
        first_day: np.ndarray | int,
        day_to: int,
        hours: np.ndarray,
        *,
        weekdays: bool = False,
    ) -> dict[str, np.ndarray]:
        rng, k = self.rng, caller.size
        first = np.broadcast_to(np.asarray(first_day, np.int64), (k,))
        day = first + (rng.random(k) * (day_to - first)).astype(np.int64)
        if weekdays:
            weekend = day % 7 >= 5
            day[weekend] -= day[weekend] % 7 - rng.integers(0, 5, weekend.sum())
            day = np.maximum(day, first)
        hour = rng.choice(24, k, p=hours / hours.sum())
        second = day * 86400 + hour * 3600 + rng.integers(0, 3600, k) - UTC_OFFSET_S
        actors = self.actors
        cell = np.where(
            rng.random(k) < 0.6, actors.home_cell[caller], self.work_cell[caller % self.n]
        )
        static = self.static[caller]
        cell = np.where(static | (actors.home_cell[caller] == 0), actors.home_cell[caller], cell)
        roam = (rng.random(k) < 0.1) & ~static
        cell[roam] = rng.integers(1, self.cells + 1, int(roam.sum()))
        imei = actors.imei[caller].copy()
        pool = imei < 0
        if pool.any():  # SIM-box modules: each call goes out through a random module
            code = -imei[pool]
            imei[pool] = 35_900_000_000_000 + code // 100 * 100 + rng.integers(0, code % 100)
        return {
            "caller": actors.number[caller],
            "callee": np.asarray(callee_number, np.int64),
            "time": START.timestamp() + second,
            "duration": np.asarray(duration, np.int64),
            "imei": imei,
            "imsi": actors.imsi[caller],
            "cell": cell,
            "sms": np.asarray(sms, bool),
        }

    @staticmethod
    def _to_arrow(t: dict[str, np.ndarray]) -> pa.Table:
        order = np.argsort(t["time"], kind="stable")

        def text(values: np.ndarray, prefix: str = "") -> pa.Array:
            v = values[order]
            strings = pa.array(v).cast(pa.string())
            if prefix:
                strings = pa.compute.binary_join_element_wise(prefix, strings, "")
            return pa.compute.if_else(pa.array(v != 0), strings, pa.nulls(len(v), pa.string()))

        imei = t["imei"]
        return pa.table(
            {
                "caller": text(t["caller"], "+"),
                "callee": text(t["callee"], "+"),
                "start_time": pa.array(t["time"][order].astype("datetime64[s]")).cast(
                    pa.timestamp("s", tz="UTC")
                ),
                "duration_s": pa.array(t["duration"][order].astype(np.int32)),
                "imei": text(np.where(imei > 0, _luhn(imei), 0)),
                "imsi": text(t["imsi"]),
                "cell_id": text(t["cell"], "520-04-"),
                "call_type": pa.array(np.where(t["sms"][order], "sms", "voice")),
            },
            schema=CDR_SCHEMA,
        )

    def truth(self) -> pa.Table:
        a = self.actors
        return pa.table(
            {
                "number": pa.array(["+" + str(x) for x in a.number.tolist()]),
                "label": pa.array(a.label.tolist()),
                "role": pa.array(a.role.tolist()),
            }
        )


def _planted_count(expected: float, floor: int) -> int:
    """How many numbers of a planted kind: none at rate 0, else the expected count but at least
    `floor`, so that a small world (a demo, a test) still holds every kind of fraud."""
    return 0 if expected <= 0 else max(floor, round(expected))


def _unique_numbers(rng: np.random.Generator, span: tuple[int, int], k: int) -> np.ndarray:
    lo, hi = span
    values = np.unique(rng.integers(lo, hi, int(k * 1.1) + 16))
    while values.size < k:
        values = np.unique(np.concatenate([values, rng.integers(lo, hi, k)]))
    return np.sort(rng.permutation(values)[:k])


def _imeis(rng: np.random.Generator, k: int) -> np.ndarray:
    """14-digit IMEI bodies (the Luhn digit is added when written)."""
    return 35_000_000_000_000 + rng.integers(0, 999_999_999_999, k)


def _luhn(body: np.ndarray) -> np.ndarray:
    """Append the Luhn check digit to 14-digit bodies (positive values only)."""
    digits = (body[:, None] // 10 ** np.arange(13, -1, -1)) % 10
    doubled = digits[:, 1::2] * 2
    total = digits[:, 0::2].sum(1) + (doubled // 10 + doubled % 10).sum(1)
    return body * 10 + (10 - total % 10) % 10


def _concat(groups: list[_Actors]) -> _Actors:
    fields = _Actors.__dataclass_fields__
    return _Actors(**{f: np.concatenate([getattr(g, f) for g in groups]) for f in fields})


@dataclass(frozen=True)
class Generated:
    """What `write` wrote: the files, and the counts from the ground truth."""

    cdr_files: list[Path]
    truth_file: Path
    rows: int
    numbers: int
    labels: dict[str, int]  # numbers per label, every label present (0 when none planted)
    roles: dict[str, int]  # numbers per role (subscriber, heavy_user, call_centre_bank, ...)

    @property
    def call_centres(self) -> int:
        return sum(n for role, n in self.roles.items() if role.startswith("call_centre"))

    def to_dict(self) -> dict[str, object]:
        return {
            "cdr": [str(f) for f in self.cdr_files],
            "truth": str(self.truth_file),
            "rows": self.rows,
            "numbers": self.numbers,
            "labels": self.labels,
            "roles": self.roles,
            "call_centres": self.call_centres,
        }

    def summary(self) -> str:
        """Three lines for people: rows and files, the truth file, planted numbers per label."""
        planted = ", ".join(
            f"{label} {n:,}" for label, n in self.labels.items() if label != Label.NORMAL.value
        )
        files = ", ".join(str(f) for f in self.cdr_files)
        return (
            f"{self.rows:,} calls of {self.numbers:,} numbers -> {files}\n"
            f"truth -> {self.truth_file}\n"
            f"planted: {planted}; normal {self.labels.get(Label.NORMAL.value, 0):,} "
            f"(of which {self.call_centres:,} legitimate call centres)"
        )


def generate(config: GeneratorConfig, chunk_days: int = 7) -> tuple[Iterator[pa.Table], pa.Table]:
    """Tables of CDRs, chunk_days at a time, and the ground truth (number, label, role)."""
    world = _World(config)

    def chunks() -> Iterator[pa.Table]:
        for day in range(0, config.days, chunk_days):
            yield world.calls(day, min(config.days, day + chunk_days))

    return chunks(), world.truth()


def write(
    config: GeneratorConfig, out_dir: Path, *, fmt: str = "parquet", chunk_days: int = 7
) -> Generated:
    """Write cdr.parquet (or cdr.csv) and truth.csv into out_dir, creating it.

    A folder that cannot be created or written raises InvalidInput naming it and the reason.
    """
    try:
        return _write(config, out_dir, fmt, chunk_days)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InvalidInput(f"cannot write into {out_dir}: {reason}", path=str(out_dir)) from None


def _write(config: GeneratorConfig, out_dir: Path, fmt: str, chunk_days: int) -> Generated:
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"unknown format {fmt!r} (parquet or csv)")
    out_dir.mkdir(parents=True, exist_ok=True)
    chunks, truth = generate(config, chunk_days)
    files: list[Path] = []
    rows = 0
    writer: pq.ParquetWriter | None = None
    if fmt == "parquet":
        path = out_dir / "cdr.parquet"
        writer = pq.ParquetWriter(path, CDR_SCHEMA, compression="zstd")
        files.append(path)
        for table in chunks:
            writer.write_table(table, row_group_size=1_000_000)
            rows += table.num_rows
        writer.close()
    else:
        path = out_dir / "cdr.csv"
        files.append(path)
        with pacsv.CSVWriter(path, CDR_SCHEMA) as csv_writer:
            for table in chunks:
                csv_writer.write_table(table)
                rows += table.num_rows
    truth_file = out_dir / "truth.csv"
    pacsv.write_csv(truth, truth_file)
    labels = dict.fromkeys((label.value for label in Label), 0)
    labels.update(Counter(truth.column("label").to_pylist()))
    roles = dict(sorted(Counter(truth.column("role").to_pylist()).items()))
    return Generated(files, truth_file, rows, truth.num_rows, labels, roles)
