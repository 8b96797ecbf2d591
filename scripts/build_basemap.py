"""Build ceasefire/data/countries.geojson, the dashboard's offline base map.

Source: reference/ne_110m_admin_0_countries.json (Natural Earth 1:110m admin 0 countries,
public domain). Each country keeps its name, its ISO 3166 alpha-3 code and its outline, with
coordinates rounded to 2 decimals (about 1 km: far finer than the 1:110m outlines, and a
third of the size). Natural Earth writes ISO_A3 "-99" for a few countries (France, Norway);
their ADM0_A3 code stands in, as in the gazetteer. Rounding can make neighbouring vertices
equal: repeats are dropped, and a ring left with fewer than 4 positions is dropped.

Run: .venv/bin/python scripts/build_basemap.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "ceasefire" / "data" / "countries.geojson"
DIGITS = 2

Ring = list[list[float]]


def round_ring(ring: Ring) -> Ring | None:
    """The ring rounded, without consecutive repeats; None when too few positions remain."""
    kept: Ring = []
    for lon, lat in ((round(p[0], DIGITS), round(p[1], DIGITS)) for p in ring):
        if not kept or kept[-1] != [lon, lat]:
            kept.append([lon, lat])
    if kept[0] != kept[-1]:
        kept.append(kept[0])
    return kept if len(kept) >= 4 else None


def round_polygon(rings: list[Ring]) -> list[Ring] | None:
    """The rounded polygon; None when its outer ring vanished (holes that vanish are dropped)."""
    outer = round_ring(rings[0])
    if outer is None:
        return None
    return [outer] + [r for r in (round_ring(hole) for hole in rings[1:]) if r is not None]


def round_geometry(geometry: dict[str, Any]) -> dict[str, Any] | None:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    kept = [p for p in (round_polygon(polygon) for polygon in polygons) if p is not None]
    if not kept:
        return None
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def build(source: Path) -> dict[str, Any]:
    data = json.loads(source.read_text(encoding="utf-8"))
    features = []
    for feature in data["features"]:
        props = feature["properties"]
        geometry = round_geometry(feature["geometry"])
        if geometry is None:
            continue
        iso3 = props["ISO_A3"] if props["ISO_A3"] != "-99" else props["ADM0_A3"]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": props["NAME"], "iso_a3": iso3},
                "geometry": geometry,
            }
        )
    features.sort(key=lambda f: f["properties"]["name"])
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    collection = build(args.shared / "reference" / "ne_110m_admin_0_countries.json")
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(collection['features'])} countries, {OUT.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
