"""Server-rendered pages: login and the analyst's search (the workspace grows from here)."""
