"""The HTTP adapter: FastAPI app under /api/v1. Routes only parse, call the core and format."""
