"""The embedded atlas read directly from its files (OGR and the csv module), without
coopatlas: the hierarchy written in the data (parent_ids), geometries, populations and
the partnership table, to compute expected values independently of the library."""
import csv
from functools import cached_property

from osgeo import ogr
from pyproj import Geod

from conftest import DATA

GEOD = Geod(ellps="WGS84")


def geodesic_area_km2(geometry):
    """Area of an OGR (multi)polygon on the WGS 84 ellipsoid, by pyproj (GeographicLib)."""
    total = 0.0
    polys = [geometry.GetGeometryRef(i) for i in range(geometry.GetGeometryCount())] \
        if geometry.GetGeometryType() in (ogr.wkbMultiPolygon, ogr.wkbMultiPolygon25D) else [geometry]
    for poly in polys:
        for k in range(poly.GetGeometryCount()):
            ring = poly.GetGeometryRef(k)
            pts = ring.GetPoints()
            a, _ = GEOD.polygon_area_perimeter([p[0] for p in pts], [p[1] for p in pts])
            total += abs(a) if k == 0 else -abs(a)
    return total / 1e6


class atlas_tables:
    def __init__(self, data=DATA):
        self.data = data

    @cached_property
    def units(self):
        """id -> {fields..., 'geometry': OGR geometry} for every polygon layer of atlas.gpkg."""
        ds = ogr.Open(str(self.data / "atlas.gpkg"))
        out = {}
        for i in range(ds.GetLayerCount()):
            lyr = ds.GetLayerByIndex(i)
            if lyr.GetLayerDefn().GetFieldIndex("parent_ids") < 0:
                continue
            for f in lyr:
                row = f.items()
                row["geometry"] = f.GetGeometryRef().Clone()
                out[row["id"]] = row
        self._ds = ds
        return out

    def level(self, level, vintage=None, country=None):
        return {k: u for k, u in self.units.items()
                if u["level"] == level and (vintage is None or u["vintage"] == vintage)
                and (country is None or u["country"] == country)}

    @cached_property
    def parents(self):
        """id -> list of parent ids, from every file of the atlas that writes them."""
        p = {k: (u["parent_ids"] or "").split("|") for k, u in self.units.items()}
        for name in ("actors.csv", "fr_communes.csv", "fr_epci.csv"):
            with open(self.data / name, newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    p[row["id"]] = [x for x in (row.get("parent_ids") or "").split("|") if x]
        return {k: [x for x in v if x] for k, v in p.items()}

    def ancestors(self, entity_id):
        """The entity and every unit above it, following parent_ids."""
        seen, todo = set(), [entity_id]
        while todo:
            e = todo.pop()
            if e in seen:
                continue
            seen.add(e)
            todo.extend(self.parents.get(e, []))
        return seen

    # Depth of each kind of unit in the hierarchy, as README.md's manifest section documents
    # it; bodies outside the hierarchy (ministries, organisations) have none.
    RANKS = {"country": 0, "territory": 1, "region": 1, "province": 2, "departement": 2,
             "epci": 3, "groupement": 3, "pnr": 3, "commune": 4, "place": 5}

    def level_of(self, entity_id):
        if entity_id in self.units:
            return self.units[entity_id]["level"]
        return entity_id.split(":")[1]

    def scale(self, entity_id):
        """A party's rank, or for a body outside the hierarchy that of its finest parent."""
        r = self.RANKS.get(self.level_of(entity_id), -1)
        if r >= 0:
            return r
        return max((self.RANKS.get(self.level_of(p), -1) for p in self.parents.get(entity_id, [])), default=-1)

    def holding(self, entity_id, units):
        """The units whose polygon holds the entity's point (its own, or its anchor's)."""
        if entity_id not in self.points:
            return set()
        x, y = self.points[entity_id]
        pt = ogr.CreateGeometryFromWkt("POINT (%r %r)" % (x, y))
        return {k for k, u in units.items() if self.envelope(k)[0] <= x <= self.envelope(k)[1] and
                self.envelope(k)[2] <= y <= self.envelope(k)[3] and u["geometry"].Contains(pt)}

    @cached_property
    def _envelopes(self):
        return {k: u["geometry"].GetEnvelope() for k, u in self.units.items()}

    def envelope(self, unit_id):
        """(min x, max x, min y, max y) of a unit."""
        return self._envelopes[unit_id]

    def nearest(self, entity_id, units):
        """Units among the nearest ancestors, breadth first: a commune lies in its own
        département, not in every département of an intercommunality spanning several."""
        frontier, seen = list(self.parents.get(entity_id, [])), set()
        while frontier:
            found = {a for a in frontier if a in units}
            if found:
                return found
            seen |= set(frontier)
            frontier = [p for a in frontier for p in self.parents.get(a, []) if p not in seen]
        return set()

    def map_party(self, party, units, level):
        """The units a party counts in, by the rules README.md documents: a unit is itself;
        a coarser party counts in none (nothing is rolled down); the same level in another
        vintage is carried through the pieces one level down; a finer party lies in the
        units above it in the hierarchy, or else where its location falls."""
        if party in units:
            return {party}
        unit_rank = self.RANKS[level]
        s = self.scale(party)
        if 0 <= s < unit_rank:
            return set()
        if s == unit_rank:
            pieces = [k for k in self.parents if party in self.parents[k]]
            return {p for k in pieces for p in self.parents[k] if p in units}
        return self.nearest(party, units) or self.holding(party, units)

    def engaged_units(self, level, vintage, country, kind="decentralised_cooperation"):
        """The units of a level, and for each the ids of the partnerships of `kind` that engage
        it (map_party of either party)."""
        units = self.level(level, vintage, country)
        engaged = {u: set() for u in units}
        for row in self.partnerships:
            if row["kind"] != kind:
                continue
            for party in (row["party_a_id"], row["party_b_id"]):
                if party:
                    for u in self.map_party(party, units, level):
                        engaged[u].add(row["id"])
        return units, engaged

    @cached_property
    def partnerships(self):
        with open(self.data / "partnerships.csv", newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    @cached_property
    def points(self):
        """id -> (lon, lat) of the point entities, following anchor_id where a row has no coordinates."""
        pts, anchors = {}, {}
        for name in ("places.csv", "fr_communes.csv", "fr_epci.csv", "actors.csv"):
            with open(self.data / name, newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    if row.get("lon") and row.get("lat"):
                        pts[row["id"]] = (float(row["lon"]), float(row["lat"]))
                    elif row.get("anchor_id"):
                        anchors[row["id"]] = row["anchor_id"]
        for e, a in anchors.items():
            while a in anchors and a not in pts:
                a = anchors[a]
            if a in pts:
                pts.setdefault(e, pts[a])
        return pts
