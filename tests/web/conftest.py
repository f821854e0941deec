"""Pages are served by the same app as the API: reuse its real-server fixture; the browser
tests get a seeded server process and one chromium per session (tests/web/browser.py)."""

from tests.api.conftest import node
from tests.web.browser import chromium, site, site_env

__all__ = ["chromium", "node", "site", "site_env"]
