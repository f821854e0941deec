"""Pages are served by the same app as the API: reuse its real-server fixture."""

from tests.api.conftest import node

__all__ = ["node"]
