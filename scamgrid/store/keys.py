"""Key rotation: a new active key, then every sealed value re-encrypted in small transactions.

Readers keep working throughout, because the ring keeps the old keys until nothing uses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, select, update

from scamgrid.sharing import audit
from scamgrid.store import database
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import Report

BATCH = 1000


@dataclass
class Rotation:
    new_key: int
    reencrypted: int = 0
    retired: list[int] = field(default_factory=list)


def rotate(url: str | None = None) -> Rotation:
    ring = KeyRing.load()
    result = Rotation(new_key=ring.add_key())
    engine = database.engine(url)
    last = 0
    while True:
        with engine.begin() as conn:
            rows = conn.execute(
                select(Report.id, Report.report_id, Report.victim_sealed)
                .where(Report.id > last, Report.victim_sealed.is_not(None))
                .order_by(Report.id)
                .limit(BATCH)
            ).all()
            if not rows:
                break
            changes = []
            for pk, report_id, sealed in rows:
                assert sealed is not None  # selected only where not null
                if KeyRing.key_id_of(sealed) != ring.active:
                    plain = ring.open(sealed, report_id.encode())
                    changes.append({"pk": pk, "sealed": ring.seal(plain, report_id.encode())})
            if changes:
                conn.execute(
                    update(Report)
                    .where(Report.id == bindparam("pk"))
                    .values(victim_sealed=bindparam("sealed")),
                    changes,
                )
            result.reencrypted += len(changes)
            last = rows[-1][0]
    # Only keys that nothing is sealed under any more may go (a writer that loaded the ring
    # before the rotation may still have used the old key: then it stays until the next run).
    with engine.connect() as conn:
        blobs = conn.execute(select(Report.victim_sealed).where(Report.victim_sealed.is_not(None)))
        in_use = {KeyRing.key_id_of(blob) for (blob,) in blobs if blob is not None}
    result.retired = sorted(k for k in ring.keys if k != ring.active and k not in in_use)
    for key_id in result.retired:
        del ring.keys[key_id]
    ring.save()
    with database.session(url) as session:
        audit.record(
            session,
            audit.Actor("cli:keys"),
            "keys.rotate",
            "key",
            str(ring.active),
            reencrypted=result.reencrypted,
            retired=result.retired,
        )
    return result
