"""Who may call which route: one declarative table, enforced by one dependency.

Markings decide *which records* a caller sees (store.visibility); this table decides *which
operations* a role may perform at all. The authorization-matrix test is generated from it.
"""

from __future__ import annotations

from scamgrid.model.vocabulary import Role

EVERY_ROLE = frozenset(Role)
READERS = frozenset({Role.ADMIN, Role.ANALYST, Role.PARTNER})
WRITERS = frozenset({Role.ADMIN, Role.ANALYST})
ADMINS = frozenset({Role.ADMIN})
PUBLIC = None  # no login

# (method, route path) -> roles allowed; PUBLIC routes need no token.
POLICY: dict[tuple[str, str], frozenset[Role] | None] = {
    ("GET", "/api/v1/health"): PUBLIC,
    ("GET", "/api/v1/lookup"): EVERY_ROLE,
    ("POST", "/api/v1/lookup/bulk"): EVERY_ROLE,
    ("GET", "/api/v1/reports"): READERS,
    ("POST", "/api/v1/reports"): WRITERS,
    ("GET", "/api/v1/reports/{report_id}"): READERS,
    ("PATCH", "/api/v1/reports/{report_id}"): WRITERS,
    ("DELETE", "/api/v1/reports/{report_id}"): WRITERS,
    ("GET", "/api/v1/agencies"): EVERY_ROLE,
    ("GET", "/api/v1/sharing-groups"): EVERY_ROLE,
    ("POST", "/api/v1/sharing-groups"): ADMINS,
    ("GET", "/api/v1/audit"): ADMINS,
    ("POST", "/api/v1/check"): EVERY_ROLE,
    ("GET", "/api/v1/public/check"): PUBLIC,
    ("POST", "/api/v1/public/check"): PUBLIC,
    ("POST", "/api/v1/public/reports"): PUBLIC,
    ("GET", "/api/v1/review/public-reports"): WRITERS,
    # casework (scamgrid.api.cases)
    ("GET", "/api/v1/compounds"): READERS,
    ("GET", "/api/v1/compounds/{key}"): READERS,
    ("GET", "/api/v1/rescue-requests"): READERS,
    ("POST", "/api/v1/rescue-requests"): WRITERS,
    ("GET", "/api/v1/rescue-requests/{reference}"): READERS,
    ("POST", "/api/v1/rescue-requests/{reference}/transitions"): WRITERS,
    ("POST", "/api/v1/rescue-requests/{reference}/assignment"): WRITERS,
    ("GET", "/api/v1/repatriation-batches"): READERS,
    ("GET", "/api/v1/repatriation-batches/{reference}"): READERS,
    ("POST", "/api/v1/repatriation-batches/{reference}/screening"): WRITERS,
    ("GET", "/api/v1/operations"): READERS,
    ("POST", "/api/v1/operations"): WRITERS,
    ("GET", "/api/v1/stats"): READERS,
    # link analysis (scamgrid.api.graph)
    ("GET", "/api/v1/graph/syndicates"): READERS,
    ("GET", "/api/v1/graph/syndicates/{syndicate_id}"): READERS,
    ("GET", "/api/v1/graph/explain"): READERS,
    ("GET", "/api/v1/graph/key-figures"): READERS,
    ("GET", "/api/v1/graph/persons"): READERS,
}


def allowed(method: str, path: str, role: Role | None) -> bool:
    """May `role` (None: no login) call this route? Unknown routes are denied."""
    key = (method.upper(), path)
    if key not in POLICY:
        return False
    roles = POLICY[key]
    return roles is PUBLIC or (role is not None and role in roles)
