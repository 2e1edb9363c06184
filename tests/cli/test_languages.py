"""An atlas's own languages and unit words, declared in its manifest.

Names in any language (`fields: {names: {es: …}}`) resolve party names and label maps;
unit words (`levels: {DZ: {wilaya: {words: [wilaya]}}}`) read "Wilaya de Tlemcen" as the
wilaya, in Algeria only. The wilayas are Natural Earth's (spain_algeria.gpkg, whose
gn_name field writes them "Wilaya de …"); the two places are a TEST FIXTURE typed here,
with their Spanish exonyms."""
import csv

from conftest import FIXTURES, read_csv, run

GPKG = FIXTURES / "spain_algeria.gpkg"
PLACES = "id,country,level,name,nombre,lon,lat\n" \
         "ES:place:coruna,ES,place,A Coruña,La Coruña,-8.41,43.36\n" \
         "ES:place:ourense,ES,place,Ourense,Orense,-7.86,42.34\n"


def atlas(folder, wilaya_words="[wilaya]", names="{es: nombre}"):
    (folder / "places.csv").write_text(PLACES, encoding="utf-8")
    manifest = folder / "atlas.yaml"
    manifest.write_text(f"""title: Languages (test fixture)
layers:
  - file: {GPKG}
    layer: states_provinces
    where: "adm0_a3 = 'DZA'"
    level: wilaya
    id_template: "{{country}}:{{level}}:{{code}}"
    fields: {{country: iso_a2, code: name, name: name}}
  - file: places.csv
    x: lon
    y: lat
    fields: {{names: {names}}}
levels:
  DZ: {{wilaya: {{rank: 2, words: {wilaya_words}}}}}
""", encoding="utf-8")
    return manifest


def resolve(folder, manifest, rows):
    table = folder / "table.csv"
    with open(table, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "kind", "party_a", "party_b", "year", "source"])
        for i, (a, b) in enumerate(rows, 1):
            w.writerow([f"T{i}", "twinning", a, b, "2001", "test"])
    out = folder / "resolved.csv"
    run("resolve", table, "-o", out, "--manifest", manifest)
    return read_csv(out)


def test_a_name_in_a_declared_language_resolves(tmp_path):
    rows = resolve(tmp_path, atlas(tmp_path), [("La Coruna", "Orense")])
    assert (rows[0]["party_a_id"], rows[0]["party_b_id"]) == ("ES:place:coruna", "ES:place:ourense"), rows


def test_a_unit_word_of_the_manifest_reads_gazetteer_names(tmp_path):
    # GeoNames writes the wilayas "Wilaya de Tlemcen": without the word, no party is found
    rows = resolve(tmp_path, atlas(tmp_path), [("Wilaya de Tlemcen", "Wilaya d'Oran")])
    assert (rows[0]["party_a_id"], rows[0]["party_b_id"]) == ("DZ:wilaya:Tlemcen", "DZ:wilaya:Oran"), rows
    table = tmp_path / "t.csv"
    table.write_text("id,kind,party_a,party_b,year,source\nT1,twinning,Wilaya de Tlemcen,Oran,2001,test\n",
                     encoding="utf-8")
    bare = tmp_path / "bare"
    bare.mkdir()
    r = run("validate", table, "--manifest", atlas(bare, wilaya_words="[]"), status=1)
    assert "t.csv:2:13: unknown party_a 'Wilaya de Tlemcen'" in r.stderr, r.stderr


def test_labels_in_a_declared_language(tmp_path):
    manifest = atlas(tmp_path)
    spec = tmp_path / "map.yaml"
    spec.write_text(f"""title: Galicia in Spanish
manifest: {manifest}
layers:
  - {{id: places, kind: labels, entities: [ES:place:coruna, ES:place:ourense], scripts: "es,fr"}}
""", encoding="utf-8")
    out = tmp_path / "map.svg"
    run("render", spec, "-o", out)
    svg = out.read_text(encoding="utf-8")
    # stacked one script per line: the Spanish name, then the official one
    assert "La Coruña" in svg and "A Coruña" in svg and "Orense" in svg, svg[:2000]


def test_a_label_language_the_atlas_lacks_names_its_languages(tmp_path):
    manifest = atlas(tmp_path)
    spec = tmp_path / "map.yaml"
    spec.write_text(f"""title: t
manifest: {manifest}
layers:
  - {{id: places, kind: labels, entities: [ES:place:coruna], scripts: "fr,se"}}
""", encoding="utf-8")
    r = run("render", spec, "-o", tmp_path / "m.svg", status=1)
    assert f"{spec}:4:" in r.stderr, r.stderr
    assert "no name of the atlas is in 'se'" in r.stderr and "did you mean 'es'?" in r.stderr, r.stderr
    assert not (tmp_path / "m.svg").exists()


def test_a_language_that_is_no_tag_and_a_unit_word_of_two_words_are_errors_at_their_line(tmp_path):
    r = run("info", "--manifest", atlas(tmp_path, names="{Español: nombre}"), status=1)
    assert "atlas.yaml:12:22:" in r.stderr and "'Español' in fields.names is not a language tag" in r.stderr, r.stderr
    other = tmp_path / "b"
    other.mkdir()
    r = run("info", "--manifest", atlas(other, wilaya_words="[chef lieu]"), status=1)
    assert "atlas.yaml:14:" in r.stderr and "unit word 'chef lieu' of level 'wilaya' must be one word" in r.stderr, \
        r.stderr
