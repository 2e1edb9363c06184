#!/usr/bin/python3
"""W5 with PostGIS (a peer of the coopatlas pipeline in compare_w5.sh), for the part a database does:
resolution by name keys, id joins and group-bys; no maps.

    w5_postgis.py TABLE.csv OUTDIR DSN

Loads the units (atlas.gpkg fr_departements, fr_regions_2016, countries; world.gpkg world_countries)
with ogr2ogr, COPYs the partnership table and the name tables (French communes and EPCI, world towns)
with their name keys, then in SQL: resolves every party by joins on (level hint, key) and on
(key, country), fails when a party matches no entity or several, maps each French party to its
départements (a commune's département, an EPCI's parent_ids, a département itself) and counts the
distinct partnerships per département and per partner country (GROUP BY). A spatial join of the
partner towns (ST_MakePoint, GiST index) to the country polygons is a check only: the counts come
from the id joins, as in the GeoPandas peer.

Name keys are computed in Python (names.py, shared with the generator and the GeoPandas peer): SQL
has no equal of its folding (NFKD accents, articles, unit words). Writes OUTDIR/departements.csv and
OUTDIR/countries.csv (id,partnerships) and OUTDIR/spatial_check.txt.
"""
import csv
import io
import os
import re
import subprocess
import sys
import time

T0 = time.perf_counter()
import psycopg2  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shapefiles")
sys.path.insert(0, HERE)
from names import key, name_key  # noqa: E402  (bench/w5/names.py)

T_IMPORT = time.perf_counter()


def copy(cur, table, columns, rows):
    """COPY rows into table: None is NULL, an empty text stays an empty text."""
    buf = io.StringIO()
    csv.writer(buf).writerows([r"\N" if v is None else v for v in row] for row in rows)
    buf.seek(0)
    cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buf)


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main(table, out, dsn):
    os.makedirs(out, exist_ok=True)
    pg = "PG:" + dsn
    for src, layer in (("atlas.gpkg", "fr_departements"), ("atlas.gpkg", "fr_regions_2016"),
                       ("atlas.gpkg", "countries"), ("world.gpkg", "world_countries")):
        subprocess.run(["ogr2ogr", "-f", "PostgreSQL", pg, os.path.join(DATA, src), layer, "-overwrite",
                        "-lco", "GEOMETRY_NAME=geom", "-nlt", "PROMOTE_TO_MULTI"], check=True)
    t_units = time.perf_counter()

    con = psycopg2.connect(dsn)
    cur = con.cursor()
    # the partnership table and the name tables, with their keys (names.py)
    cur.execute("""
        DROP TABLE IF EXISTS w5, fr_names, unit_names, country_words, towns;
        CREATE TABLE w5 (pid text, a_hint text, a_key text, a_given text,
                         b_key text, b_key_inner text, b_words_inner text, b_words_col text);
        CREATE TABLE fr_names (key text, id text, departement text, parent_ids text);
        CREATE TABLE unit_names (hint text, key text, id text);
        CREATE TABLE country_words (key text PRIMARY KEY, code text);
        CREATE TABLE towns (key text, country text, id text, lon float8, lat float8);""")
    rows = []
    for r in read(table):
        hint, k = name_key(r["party_a"])
        m = re.match(r"^(.*) \(([^()]*)\)$", r["party_b"])
        rows.append((r["id"], hint, k, r.get("party_a_id", ""), key(r["party_b"]), key(m.group(1)) if m else None,
                     key(m.group(2)) if m else None, key(r["party_b_country"])))
    copy(cur, "w5", ("pid", "a_hint", "a_key", "a_given", "b_key", "b_key_inner", "b_words_inner", "b_words_col"),
         rows)
    copy(cur, "fr_names", ("key", "id", "departement", "parent_ids"),
         [(key(r["name"]), r["id"], r["departement"], None) for r in read(os.path.join(DATA, "fr_communes.csv"))] +
         [(key(r["name"]), r["id"], None, r["parent_ids"]) for r in read(os.path.join(DATA, "fr_epci.csv"))])
    cur.execute("SELECT 'departement', name, id FROM fr_departements UNION ALL "
                "SELECT 'region', name, id FROM fr_regions_2016")
    copy(cur, "unit_names", ("hint", "key", "id"), [(h, key(n), i) for h, n, i in cur.fetchall()])
    cur.execute("SELECT country, name, name_en FROM countries UNION ALL "
                "SELECT country, name, name_en FROM world_countries")
    words = {}  # a later word wins, as in the GeoPandas peer
    for c, n, e in cur.fetchall():
        for w in (c, n, e):
            if w:
                words[key(w)] = c
    copy(cur, "country_words", ("key", "code"), words.items())
    copy(cur, "towns", ("key", "country", "id", "lon", "lat"),
         [(key(r["name"]), r["country"], r["id"], r["lon"], r["lat"])
          for r in read(os.path.join(DATA, "world_places.csv"))])
    cur.execute("CREATE INDEX ON fr_names (key); CREATE INDEX ON unit_names (hint, key); "
                "CREATE INDEX ON towns (key, country); ANALYZE")
    t_load = time.perf_counter()

    # resolution: joins on the keys; every party must match one entity (or its given id)
    cur.execute("""
        CREATE TEMP TABLE a_res AS
        SELECT p.pid, p.a_key, p.a_given, count(c.id) AS n, bool_or(c.id = p.a_given) AS given_ok,
               CASE WHEN p.a_given <> '' THEN p.a_given ELSE min(c.id) END AS a_id
        FROM w5 p LEFT JOIN (SELECT '' AS hint, key, id FROM fr_names UNION ALL SELECT hint, key, id FROM unit_names) c
             ON c.hint = p.a_hint AND c.key = p.a_key
        GROUP BY p.pid, p.a_key, p.a_given;
        CREATE TEMP TABLE b_res AS
        SELECT p.pid, q.country, count(t.id) AS n, min(t.id) AS b_id
        FROM w5 p
        LEFT JOIN country_words ci ON ci.key = p.b_words_inner
        LEFT JOIN country_words cc ON cc.key = p.b_words_col
        CROSS JOIN LATERAL (SELECT COALESCE(ci.code, cc.code) AS country,
                                   CASE WHEN ci.code IS NOT NULL THEN p.b_key_inner ELSE p.b_key END AS name_key) q
        LEFT JOIN towns t ON t.key = q.name_key AND t.country = q.country
        GROUP BY p.pid, q.country;""")
    cur.execute("SELECT pid, a_key FROM a_res WHERE n <> 1 AND a_given = '' OR a_given <> '' AND given_ok IS NOT TRUE "
                "UNION ALL SELECT pid, country FROM b_res WHERE n <> 1 OR country IS NULL LIMIT 5")
    bad = cur.fetchall()
    if bad:
        raise SystemExit(f"w5_postgis: parties that match no entity or several: {bad}")
    t_resolve = time.perf_counter()

    # group-bys: distinct partnerships per département (through the party's départements) and per country
    cur.execute("""
        SELECT d.id, count(DISTINCT a.pid)
        FROM a_res a
        JOIN (SELECT id, ARRAY['FR:departement:' || departement] AS deps FROM fr_names WHERE departement IS NOT NULL
              UNION ALL SELECT id, string_to_array(parent_ids, '|') FROM fr_names WHERE parent_ids IS NOT NULL
              UNION ALL SELECT id, ARRAY[id] FROM fr_departements) m ON m.id = a.a_id
        CROSS JOIN LATERAL unnest(m.deps) AS dep(id)
        JOIN fr_departements d ON d.id = dep.id
        GROUP BY d.id ORDER BY d.id""")
    per_dep = cur.fetchall()
    cur.execute("SELECT country, count(DISTINCT pid) FROM b_res GROUP BY country ORDER BY country")
    per_country = cur.fetchall()
    for name, rows in (("departements.csv", per_dep), ("countries.csv", per_country)):
        with open(os.path.join(out, name), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "partnerships"])
            w.writerows(rows)
    t_count = time.perf_counter()

    # spatial join, a check: the partner towns inside the polygon of their own country
    cur.execute("""
        CREATE TEMP TABLE partner_towns AS
        SELECT DISTINCT t.id, t.country, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326) AS geom
        FROM b_res b JOIN towns t ON t.id = b.b_id;
        CREATE INDEX ON partner_towns USING gist (geom);
        CREATE TEMP TABLE polygons AS SELECT country, geom FROM countries UNION ALL SELECT country, geom FROM world_countries;
        CREATE INDEX ON polygons USING gist (geom);
        SELECT count(*), count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM polygons c WHERE c.country = t.country AND ST_Intersects(c.geom, t.geom)))
        FROM partner_towns t""")
    towns, inside = cur.fetchone()
    with open(os.path.join(out, "spatial_check.txt"), "w", encoding="utf-8") as f:
        f.write(f"{inside} of the {towns} partner towns lie in the polygon of their country (ST_Intersects)\n")
    t_spatial = time.perf_counter()
    con.commit()
    con.close()
    for stage, a, b in (("import", T0, T_IMPORT), ("load_units", T_IMPORT, t_units), ("load_names", t_units, t_load),
                        ("resolve", t_load, t_resolve), ("count", t_resolve, t_count),
                        ("spatial_check", t_count, t_spatial)):
        print(f"TIME\tw5\tpostgis\tw5\t{stage}\t{b - a:.4f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
