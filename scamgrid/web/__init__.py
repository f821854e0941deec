"""Server-rendered pages: the analyst workspace after login, and the public check and report.

`install(app)` adds every page router and the static files to the API's application, and has
the server warm each agency's link graph in the background when it starts (web.warming).
"""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    from scamgrid.web import assets, graph_page, pages, public_pages, warming, workspace

    app.include_router(assets.router)
    app.mount("/static", assets.own_files(), name="static")
    for module in (pages, workspace, graph_page, public_pages):
        app.include_router(module.router)
    app.router.lifespan_context = warming.around(app.router.lifespan_context)
