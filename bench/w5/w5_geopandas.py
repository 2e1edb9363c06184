#!/usr/bin/python3
"""W5 with GeoPandas (the peer of the coopatlas pipeline in compare_w5.sh).

Reads the partnership table, resolves every party by name against the same embedded data
(French communes, EPCI, départements and régions; the world's towns and countries), counts the
partnerships per département and per country, ranks the flows from France by country and draws
the two world maps with matplotlib.

    w5_geopandas.py TABLE.csv OUTDIR

Writes OUTDIR/departements.csv and OUTDIR/countries.csv (id,partnerships), OUTDIR/flows.csv
(rank,country,partnerships) and OUTDIR/partners_by_country.png, OUTDIR/flows_from_france.png.
Fails when a party matches no entity or several.
"""
import os
import re
import sys
import time

T0 = time.perf_counter()
import geopandas as gpd  # noqa: E402
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from shapely.geometry import LineString  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shapefiles")
T_IMPORT = time.perf_counter()


from names import key, name_key  # noqa: E402  (bench/w5/names.py)


def one(index, key, what):
    hits = index.get(key, [])
    if len(hits) != 1:
        raise SystemExit(f"w5_geopandas: {what} '{key}' matches {len(hits)} entities")
    return hits[0]


def main(table, out):
    os.makedirs(out, exist_ok=True)
    t = pd.read_csv(table, dtype=str, keep_default_na=False)
    communes = pd.read_csv(os.path.join(DATA, "fr_communes.csv"), dtype=str, keep_default_na=False)
    epci = pd.read_csv(os.path.join(DATA, "fr_epci.csv"), dtype=str, keep_default_na=False)
    places = pd.read_csv(os.path.join(DATA, "world_places.csv"), dtype=str, keep_default_na=False)
    gpkg, world = os.path.join(DATA, "atlas.gpkg"), os.path.join(DATA, "world.gpkg")
    deps = gpd.read_file(gpkg, layer="fr_departements")
    regs = gpd.read_file(gpkg, layer="fr_regions_2016")
    countries = pd.concat([gpd.read_file(gpkg, layer="countries"), gpd.read_file(world, layer="world_countries")],
                          ignore_index=True)
    countries = gpd.GeoDataFrame(countries, geometry="geometry", crs="EPSG:4326")
    t_read = time.perf_counter()

    # French names -> ids, and each id's départements
    fr_index, dep_of = {}, {}
    for name, i, d in zip(communes["name"], communes["id"], communes["departement"]):
        fr_index.setdefault(key(name), []).append(i)
        dep_of[i] = ["FR:departement:" + d]
    for name, i, parents in zip(epci["name"], epci["id"], epci["parent_ids"]):
        fr_index.setdefault(key(name), []).append(i)
        dep_of[i] = [p for p in parents.split("|") if p.startswith("FR:departement:")]
    unit_index = {}  # names after a unit word ("Région Bretagne", "Département de l'Ain")
    for name, i in zip(deps["name"], deps["id"]):
        unit_index.setdefault(("departement", key(name)), []).append(i)
        dep_of[i] = [i]
    for name, i in zip(regs["name"], regs["id"]):
        unit_index.setdefault(("region", key(name)), []).append(i)
        dep_of[i] = []
    # country words -> code; towns by (name, country)
    country_code = {}
    for c, n, e in zip(countries["country"], countries["name"], countries["name_en"]):
        for w in (c, n, e):
            if w:
                country_code[key(w)] = c
    town_index = {}
    for name, c, i in zip(places["name"], places["country"], places["id"]):
        town_index.setdefault((key(name), c), []).append(i)

    def french(name):
        hint, k = name_key(name)
        return one(unit_index, (hint, k), "party_a") if hint else one(fr_index, k, "party_a")

    def french_by_id(name, given):  # an id given with the name must be one of the name's candidates
        hint, k = name_key(name)
        if given not in (unit_index if hint else fr_index).get((hint, k) if hint else k, []):
            raise SystemExit(f"w5_geopandas: party_a '{name}' does not designate {given}")
        return given

    given_ids = t["party_a_id"] if "party_a_id" in t else [""] * len(t)
    a_ids = [french_by_id(n, g) if g else french(n) for n, g in zip(t["party_a"], given_ids)]
    b_country, b_ids = [], []
    for name, col in zip(t["party_b"], t["party_b_country"]):
        m = re.match(r"^(.*) \(([^()]*)\)$", name)
        if m and key(m.group(2)) in country_code:
            name, words = m.group(1), m.group(2)
        else:
            words = col
        c = country_code.get(key(words))
        if c is None:
            raise SystemExit(f"w5_geopandas: unknown country '{words}'")
        b_ids.append(one(town_index, (key(name), c), "party_b"))
        b_country.append(c)
    t_resolve = time.perf_counter()

    t["a_id"], t["b_id"], t["b_country"] = a_ids, b_ids, b_country
    known = set(deps["id"])  # the overseas collectivities (986, 987, 988) are no département
    dep_rows = [(pid, d) for pid, a in zip(t["id"], t["a_id"]) for d in dep_of[a] if d in known]
    per_dep = (pd.DataFrame(dep_rows, columns=["pid", "id"]).drop_duplicates().groupby("id").size()
               .rename("partnerships").reset_index().sort_values("id"))
    per_country = (t.drop_duplicates(["id", "b_country"]).groupby("b_country").size().rename("partnerships")
                   .reset_index().rename(columns={"b_country": "id"}).sort_values("id"))
    per_dep.to_csv(os.path.join(out, "departements.csv"), index=False)
    per_country.to_csv(os.path.join(out, "countries.csv"), index=False)
    flows = per_country.sort_values(["partnerships", "id"], ascending=[False, True]).reset_index(drop=True)
    flows.insert(0, "rank", np.arange(1, len(flows) + 1))
    flows.to_csv(os.path.join(out, "flows.csv"), index=False)
    t_count = time.perf_counter()

    # Map 1: partnerships per country, Equal Earth, quantile classes
    eq = "+proj=eqearth +datum=WGS84 +units=m +no_defs"
    cm = countries.merge(per_country, left_on="country", right_on="id", how="left").to_crs(eq)
    fig, ax = plt.subplots(figsize=(18, 10), dpi=100)
    cm.plot(ax=ax, color="#e0e0e0", edgecolor="white", linewidth=0.3)
    has = cm[cm["partnerships"].notna() & (cm["country"] != "FR")]
    qs = np.unique(np.quantile(has["partnerships"], np.linspace(0, 1, 6)))
    has = has.assign(cls=np.clip(np.searchsorted(qs, has["partnerships"], side="right") - 1, 0, len(qs) - 2))
    cmap = plt.get_cmap("YlOrRd", len(qs) - 1)
    has.plot(ax=ax, column="cls", cmap=cmap, edgecolor="white", linewidth=0.3, categorical=True, legend=True,
             legend_kwds={"labels": [f"{qs[k]:.0f} – {qs[k + 1]:.0f}" for k in range(len(qs) - 1)],
                          "title": "Partnerships", "loc": "lower left"})
    cm[cm["country"] == "FR"].plot(ax=ax, color="#555555")
    ax.set_title("Partners of French local authorities by country (synthetic table)")
    ax.set_axis_off()
    fig.savefig(os.path.join(out, "partners_by_country.png"))
    plt.close(fig)

    # Map 2: flows from France, azimuthal equidistant centred on Paris
    aeqd = "+proj=aeqd +lat_0=48.86 +lon_0=2.35 +datum=WGS84 +units=m +no_defs"
    pts = countries.set_index("country").geometry.representative_point()
    lines = gpd.GeoDataFrame(flows.assign(geometry=[LineString([pts["FR"], pts[c]]) for c in flows["id"]]),
                             geometry="geometry", crs="EPSG:4326").to_crs(aeqd)
    fig, ax = plt.subplots(figsize=(14, 14), dpi=100)
    countries.to_crs(aeqd).plot(ax=ax, color="#e0e0e0", edgecolor="white", linewidth=0.3)
    lines.plot(ax=ax, color="#d95f02", alpha=0.6, linewidth=0.5 + 6 * np.sqrt(lines["partnerships"] / lines["partnerships"].max()))
    for _, r in lines.head(15).iterrows():
        x, y = r.geometry.coords[-1]
        ax.annotate(f"{r['rank']}. {r['id']} {r['partnerships']}", (x, y), fontsize=8)
    ax.set_title("Partnerships from France by country (synthetic table)")
    ax.set_axis_off()
    fig.savefig(os.path.join(out, "flows_from_france.png"))
    plt.close(fig)
    t_maps = time.perf_counter()
    for stage, a, b in (("import", T0, T_IMPORT), ("read", T_IMPORT, t_read), ("resolve", t_read, t_resolve),
                        ("count", t_resolve, t_count), ("maps", t_count, t_maps)):
        print(f"TIME\tw5\tgeopandas\tw5\t{stage}\t{b - a:.4f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
