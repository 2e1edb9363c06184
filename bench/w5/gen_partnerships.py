#!/usr/bin/python3
"""W5 input: a SYNTHETIC partnership table at the national atlas's scale (benchmark data, not real).

12,725 projects between 4,818 French collectivities (all régions, most départements, every
commune of 100,000 inhabitants or more (homonyms with their id in party_a_id), other communes and EPCI weighted by population) and
9,000 foreign partners in 146 countries (towns of shapefiles/world_places.csv weighted by
population). Names are written as people write them: accents dropped in a share of rows, the
foreign partner's country in words in brackets ("Dakar (Sénégal)") in some rows and in a
party_b_country column in the others. Only names that designate one collectivity are drawn,
so that every party resolves to one entity.

    gen_partnerships.py OUT.csv [--seed N]    (default seed 20261203; same seed, same bytes)

Also writes OUT's truth next to it (OUT minus .csv + _truth.csv): the entity id of each party.
"""
import argparse
import csv
import os
import random
import re
import sqlite3
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shapefiles")

N_PROJECTS, N_FRENCH, N_FOREIGN, N_COUNTRIES = 12725, 4818, 9000, 146
N_DEPARTEMENTS = 90          # of the 101 (most, not all)
BIG_CITY = 100_000           # every commune at least this large is a partner
SHARE_NO_ACCENTS = 0.3
SHARE_COUNTRY_IN_WORDS = 0.5


from names import fold, key, name_key  # noqa: E402  (bench/w5/names.py)


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def read_csv(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def gpkg(table, cols):
    con = sqlite3.connect(os.path.join(DATA, table[0]))
    rows = con.execute(f"select {cols} from {table[1]}").fetchall()
    con.close()
    return rows


def weighted_sample(rng, items, weights, k):
    """k distinct items, each draw proportional to its weight (Efraimidis–Spirakis keys)."""
    keyed = sorted(((rng.random() ** (1.0 / max(w, 1.0)), i) for i, w in enumerate(weights)), reverse=True)
    return [items[i] for _, i in keyed[:k]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20261203)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    communes = read_csv("fr_communes.csv")
    epci = read_csv("fr_epci.csv")
    places_fr = read_csv("places.csv")
    world = read_csv("world_places.csv")
    deps = gpkg(("atlas.gpkg", "fr_departements"), "id, name")
    regs = gpkg(("atlas.gpkg", "fr_regions_2016"), "id, name")
    countries = gpkg(("atlas.gpkg", "countries"), "country, name, name_en") + gpkg(
        ("world.gpkg", "world_countries"), "country, name, name_en")
    wregions = gpkg(("world.gpkg", "world_regions"), "name, country")

    # Names that designate one French collectivity: unique among every French name of the atlas.
    french_names = Counter(key(r["name"]) for r in communes + epci + places_fr)
    french_names.update(key(n) for _, n in deps + regs)
    country_names = {key(n) for _, n, _ in countries} | {key(e) for _, _, e in countries if e}
    unique = lambda n: french_names[key(n)] == 1 and key(n) not in country_names and not name_key(n)[0]

    # Units are written with their unit word, as their own documents name them.
    dep_name = lambda n: ("Département d'" if fold(n)[0] in "aeiouyh" else "Département de ") + n
    chosen = [(i, "Région " + n, 0) for i, n in regs]                                       # every région
    chosen += [(i, dep_name(n), 0) for i, n in rng.sample(sorted(deps), N_DEPARTEMENTS)]  # most départements
    # Communes and a place of their name (the city) are one party: the place does not count against them.
    city_names = Counter(key(r["name"]) for r in communes + epci)
    city_names.update(key(n) for _, n in deps + regs)
    city_ok = lambda n: city_names[key(n)] == 1 and key(n) not in country_names and not name_key(n)[0]
    # Every large city: by name when the name designates it (Paris: a commune and the département
    # named after it is the commune), else with its id in party_a_id, as tables with INSEE codes
    # give it (Saint-Denis of Seine-Saint-Denis and of La Réunion).
    big = [r for r in communes if int(r["population"] or 0) >= BIG_CITY]
    town_count = Counter(key(r["name"]) for r in communes + epci)
    by_id = {r["id"] for r in big if town_count[key(r["name"])] > 1 or key(r["name"]) in country_names}
    chosen += [(r["id"], r["name"], int(r["population"])) for r in big]
    taken = {c[0] for c in chosen}
    pool = [r for r in communes if r["id"] not in taken and unique(r["name"])]
    pool += [r for r in epci if unique(r["name"])]
    pool.sort(key=lambda r: r["id"])
    rest = weighted_sample(rng, pool, [float(r["population"] or 0) for r in pool], N_FRENCH - len(chosen))
    chosen += [(r["id"], r["name"], int(r["population"] or 0)) for r in rest]
    assert len({c[0] for c in chosen}) == N_FRENCH, len(chosen)

    # Foreign partners: towns unique by name in their country, not named like a country or a region of it.
    cname = {c: (n, e) for c, n, e in countries}
    regions_by_country = Counter((key(n), c) for n, c in wregions)
    per_country = Counter((key(r["name"]), r["country"]) for r in world)
    towns = [r for r in world if r["country"] in cname and per_country[(key(r["name"]), r["country"])] == 1
             and key(r["name"]) not in country_names and key(r["name"]) not in french_names
             and regions_by_country[(key(r["name"]), r["country"])] == 0 and not name_key(r["name"])[0]]
    by_country = {}
    for r in towns:
        by_country.setdefault(r["country"], []).append(r)
    eligible = sorted(c for c, rs in by_country.items() if len(rs) >= 3)
    weight = {c: sum(int(r["population"] or 0) for r in by_country[c]) for c in eligible}
    picked_countries = weighted_sample(rng, eligible, [weight[c] ** 0.5 for c in eligible], N_COUNTRIES)
    foreign = []
    for c in sorted(picked_countries):   # one town per country at least: its largest
        foreign.append(max(by_country[c], key=lambda r: (int(r["population"] or 0), r["id"])))
    left = sorted((r for c in picked_countries for r in by_country[c] if r not in foreign), key=lambda r: r["id"])
    foreign += weighted_sample(rng, left, [float(r["population"] or 0) for r in left], N_FOREIGN - len(foreign))
    assert len(foreign) == N_FOREIGN and len({r["country"] for r in foreign}) == N_COUNTRIES

    # Projects: every party in one at least, the rest weighted by population.
    fr_side = list(chosen) + weighted_sample(rng, chosen * 3, [max(p, 1000) for _, _, p in chosen * 3],
                                             N_PROJECTS - N_FRENCH)
    fo_side = list(foreign) + weighted_sample(rng, foreign * 2, [float(r["population"] or 0) for r in foreign * 2],
                                              N_PROJECTS - N_FOREIGN)
    rng.shuffle(fr_side)
    rng.shuffle(fo_side)

    truth_path = re.sub(r"\.csv$", "", args.out) + "_truth.csv"
    with open(args.out, "w", newline="", encoding="utf-8") as f, open(truth_path, "w", newline="") as t:
        w = csv.writer(f)
        tw = csv.writer(t)
        w.writerow(["id", "kind", "party_a", "party_a_id", "party_b", "party_b_country", "year", "source", "note"])
        tw.writerow(["id", "party_a_id", "party_b_id", "party_b_country"])
        for k, ((fid, fname, _), town) in enumerate(zip(fr_side, fo_side), 1):
            a, b = fname, town["name"]
            if rng.random() < SHARE_NO_ACCENTS:
                a, b = strip_accents(a), strip_accents(b)
            fr_name, en_name = cname[town["country"]]
            if rng.random() < SHARE_COUNTRY_IN_WORDS:
                b = f"{b} ({rng.choice([fr_name, en_name or fr_name])})"
                col = ""
            else:
                col = rng.choice([town["country"], fr_name])
            pid = f"W5-{k:05d}"
            w.writerow([pid, "decentralised_cooperation", a, fid if fid in by_id else "", b, col, 2000 + rng.randrange(25),
                        "synthetic", "SYNTHETIC benchmark row (bench/w5), not a real partnership"])
            tw.writerow([pid, fid, town["id"], town["country"]])


if __name__ == "__main__":
    main()
