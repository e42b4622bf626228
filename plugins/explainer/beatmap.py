"""The area map: dissolve polygons (police beats, wards...) by area number, project them and draw a small SVG.

No Pelican here. Coordinates in the GeoJSON are WGS 84 longitude/latitude; the map is drawn in the projection
the campaign's map.toml names (a local one in metres, like a state plane, so shapes and areas look right).
Which property numbers an area, which groups them, and which group lies outside the city are the campaign's too.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from pathlib import Path

# shapely (with numpy) and pyproj are imported inside the functions that draw the map: the plugin caches
# the drawn map, so most builds never need them, and importing them costs every build start-up time.



@dataclass(frozen=True)
class Beat:
    number: int
    district: str
    geometry: object  # a shapely (Multi)Polygon, projected, in metres
    is_city: bool = True  # False for the group the campaign marks as outside the city


def read_features(path: Path) -> list[dict]:
    """The features of a GeoJSON FeatureCollection. Raises ValueError when it is not one."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise ValueError("is not a GeoJSON FeatureCollection")
    return data["features"]


def dissolve_beats(features: list[dict], beat_field: str, district_field: str, outside: str = "") -> list[Beat]:
    """Merge every feature of one beat into one shape, in longitude/latitude, sorted by beat number.

    Several features share a beat number in the city's layer (islands and split parts).
    Raises ValueError when a feature has no beat number.
    """
    import shapely
    from shapely.geometry import shape
    from shapely.ops import unary_union

    parts: dict[int, list] = defaultdict(list)
    districts: dict[int, str] = {}
    for index, feature in enumerate(features):
        properties = feature.get("properties") or {}
        if properties.get(beat_field) in (None, ""):
            raise ValueError(f"feature {index + 1} has no {beat_field}")
        number = int(properties[beat_field])
        geometry = shape(feature["geometry"])
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
        parts[number].append(geometry)
        districts.setdefault(number, str(properties.get(district_field, "")).strip())
    beats = []
    for number in sorted(parts):
        merged = unary_union(parts[number])
        beats.append(Beat(number, districts[number], merged, districts[number] != outside or not outside))
    return beats


def project_beats(beats: list[Beat], crs: str) -> list[Beat]:
    """The same beats in `crs` (metres)."""
    import shapely
    from pyproj import Transformer

    to_plane = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    return [Beat(beat.number, beat.district, shapely.transform(beat.geometry, to_plane.transform, interleaved=False),
                 beat.is_city) for beat in beats]


def simplify_beats(beats: list[Beat], tolerance: float) -> list[Beat]:
    """Fewer points per outline, keeping shared borders shared (coverage simplification)."""
    import shapely

    simplified = shapely.coverage_simplify([beat.geometry for beat in beats], tolerance)
    return [Beat(beat.number, beat.district, geometry, beat.is_city) for beat, geometry in zip(beats, simplified)]


@dataclass(frozen=True)
class Frame:
    """Maps projected metres to SVG units: x grows east, y grows south (SVG) while northing grows north."""

    min_x: float
    max_y: float
    scale: float
    width: int
    height: int

    def point(self, x: float, y: float) -> tuple[int, int]:
        return round((x - self.min_x) * self.scale), round((self.max_y - y) * self.scale)


def frame_for(beats: list[Beat], width: int) -> Frame:
    from shapely.ops import unary_union

    min_x, min_y, max_x, max_y = unary_union([beat.geometry for beat in beats]).bounds
    scale = width / (max_x - min_x)
    return Frame(min_x, max_y, scale, width, round((max_y - min_y) * scale))


def path_data(geometry, frame: Frame) -> str:
    """SVG path data for a (multi)polygon with holes, integer coordinates, repeated points dropped."""
    polygons = list(geometry.geoms) if hasattr(geometry, "geoms") else [geometry]
    commands = []
    for polygon in polygons:
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            points = []
            for x, y in ring.coords[:-1]:
                point = frame.point(x, y)
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) < 3:
                continue
            first, *rest = points
            commands.append(f"M{first[0]} {first[1]}" + "".join(f"L{x} {y}" for x, y in rest) + "Z")
    return "".join(commands)


CLASSES = {"served": "hs-map__beat--served", "city": "hs-map__beat--city", "outside": "hs-map__beat--outside"}


def beat_kind(beat: Beat, served: set[int]) -> str:
    if beat.number in served:
        return "served"
    return "city" if beat.is_city else "outside"


def map_svg(beats: list[Beat], served: set[int], title: str, description_id: str, width: int = 640,
            area: str = "Area") -> str:
    """A static SVG of projected beats, each kind with its own colour and pattern, with a title for screen readers."""
    frame = frame_for(beats, width)
    parts = [
        f'<svg class="hs-map__svg" color="#1c1b1f" viewBox="0 0 {frame.width} {frame.height}" width="{frame.width}" '
        f'height="{frame.height}" role="img" aria-labelledby="hs-map-title" aria-describedby="{escape(description_id)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="hs-map-title">{escape(title)}</title>',
        # Fixed light colours, like a printed chart: readable in dark mode and without CSS.
        '<defs>'
        '<pattern id="hs-map-city" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="10" height="10" fill="#f2c9a0"/>'
        '<line class="hs-hatch" x1="0" y1="0" x2="0" y2="10" stroke="currentColor"/></pattern>'
        '<pattern id="hs-map-outside" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#c9d8e8"/>'
        '<circle class="hs-dot" cx="4" cy="4" r="1.5" fill="currentColor"/></pattern>'
        '<pattern id="hs-map-served" width="10" height="10" patternUnits="userSpaceOnUse">'
        '<rect width="10" height="10" fill="#f4a6a3"/>'
        '<path class="hs-hatch" d="M0 5H10M5 0V10" stroke="currentColor" stroke-width="1.5"/></pattern>'
        '</defs><g stroke="currentColor" stroke-width="0.75">',
    ]
    for beat in beats:
        kind = beat_kind(beat, served)
        data = path_data(beat.geometry, frame)
        if not data:
            continue
        parts.append(f'<path class="hs-map__beat {CLASSES[kind]}" fill="url(#hs-map-{kind})" '
                     f'data-beat="{beat.number}" d="{data}"><title>{escape(area)} {beat.number}</title></path>')
    parts.append("</g></svg>")
    return "".join(parts)


def build_beat_map(path: Path, served: set[int], title: str, description_id: str, *, beat_field: str,
                   district_field: str, crs: str, outside: str = "", width: int = 640, tolerance: float = 60.0,
                   area: str = "Area") -> tuple[str, list[Beat]]:
    """Read, dissolve, project, simplify and draw; returns the SVG and the projected beats."""
    beats = simplify_beats(project_beats(dissolve_beats(read_features(path), beat_field, district_field, outside), crs),
                           tolerance)
    return map_svg(beats, served, title, description_id, width, area), beats
