"""Static files of the pages: our own under /static/, the npm libraries under /static/vendor/.

The libraries come from the npm registry through package.json and package-lock.json (`npm ci`,
run by the Makefile's set-up) into node_modules at the repository root. Only the files named in
VENDOR are served, never the whole folder.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from scamgrid.errors import NotFound, ScamgridError

HERE = Path(__file__).parent
NODE_MODULES = HERE.parents[1] / "node_modules"
# URL name -> file under node_modules (the package's own distributed build).
VENDOR = {
    "htmx.js": "htmx.org/dist/htmx.min.js",
    "cytoscape.js": "cytoscape/dist/cytoscape.min.js",
    "leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet.css": "leaflet/dist/leaflet.css",
    "chart.js": "chart.js/dist/chart.umd.min.js",
    "topojson-client.js": "topojson-client/dist/topojson-client.min.js",
    "countries-50m.json": "world-atlas/countries-50m.json",
}
MEDIA = {".js": "text/javascript", ".css": "text/css", ".json": "application/json"}
CACHE = "public, max-age=86400"

router = APIRouter(include_in_schema=False)


class AssetsMissing(ScamgridError):
    http_status = 503
    title = "Front-end libraries not installed"


def vendor_path(name: str) -> Path:
    relative = VENDOR.get(name)
    if relative is None:
        raise NotFound(f"no static file {name!r}")
    path = NODE_MODULES / relative
    if not path.is_file():
        raise AssetsMissing(f"{path} is missing: run `npm ci` in {NODE_MODULES.parent}")
    return path


@router.get("/static/vendor/{name}")
def vendor(name: str) -> Response:
    path = vendor_path(name)
    return FileResponse(path, media_type=MEDIA[path.suffix], headers={"Cache-Control": CACHE})


def own_files() -> StaticFiles:
    return StaticFiles(directory=HERE / "static")
