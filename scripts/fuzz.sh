#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with Debian's clang into their own build folder
# and runs each for a while, seeded with the hostile corpus (tests/hostile/corpus) and a few
# valid inputs of the embedded atlas. Fails when a target crashes, leaks, times out or runs
# out of memory, and says where the input that did it was written.
#
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS   per target (default: $FUZZ_SECONDS, else 20)
#   TARGET    partnership_table point_table atlas_manifest map_spec text_fold (default: all)
# Environment: BUILD_DIR (build-fuzz), FUZZ_SECONDS, FUZZ_TIMEOUT (seconds of wall-clock
# time one input may take, 10), FUZZ_OUT (BUILD_DIR/fuzz: the corpora the runs grow,
# artifacts/<target>/ for the failing inputs, logs/).
# The seeds are copied into FUZZ_OUT/corpus/<target>: tests/hostile/corpus is never written.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/bootstrap.sh" --with-fuzz
build="${BUILD_DIR:-$root/build-fuzz}"
seconds="${FUZZ_SECONDS:-20}"
if [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; then
  seconds="$1"
  shift
fi
all_targets=(partnership_table point_table atlas_manifest map_spec text_fold)
targets=("$@")
if ((${#targets[@]} == 0)); then targets=("${all_targets[@]}"); fi
for t in "${targets[@]}"; do
  if [[ ! " ${all_targets[*]} " =~ " $t " ]]; then
    echo "fuzz: unknown target '$t' (${all_targets[*]})" >&2
    exit 2
  fi
done

# The library and the targets only (no tests, tools or Python module), -O1 with debug
# information and assertions, ccache as in scripts/build.sh.
generator=()
if [[ ! -f "$build/CMakeCache.txt" ]] && command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$root" -B "$build" "${generator[@]}" \
  -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DBUILD_SHARED_LIBS=OFF -DCOOPATLAS_FUZZ=ON -DCOOPATLAS_SANITIZE= \
  -DCOOPATLAS_BUILD_APPS=OFF -DCOOPATLAS_BUILD_TESTS=OFF -DCOOPATLAS_BUILD_BENCH=OFF \
  -DCOOPATLAS_BUILD_PYTHON=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]/%/_fuzz}"

out="${FUZZ_OUT:-$build/fuzz}"
corpus_src="$root/tests/hostile/corpus"
data="$root/shapefiles"
mkdir -p "$out/logs"

# Seeds of each target: its files of the hostile corpus, and valid inputs cut short.
seed() {
  local target="$1" dir="$2"
  local patterns=()
  case "$target" in
    partnership_table) patterns=('table_*.csv' 'aliases_*.csv') ;;
    point_table) patterns=('points_*.csv' 'pip_points_copy.csv') ;;
    atlas_manifest) patterns=('manifest_*.yaml') ;;
    map_spec) patterns=('spec_*.yaml') ;;
    text_fold) patterns=('*.csv') ;;
  esac
  for p in "${patterns[@]}"; do
    find "$corpus_src" -maxdepth 1 -type f -name "$p" -exec cp -f {} "$dir/" \;
  done
  case "$target" in
    partnership_table)
      head -n 30 "$data/partnerships.csv" >"$dir/valid_partnerships.csv"
      cp -f "$root/tests/fixtures/test_fixture_partnerships_be_nl.csv" "$dir/valid_be_nl.csv" ;;
    point_table) head -n 30 "$root/tests/fixtures/benelux_cities.csv" >"$dir/valid_cities.csv" ;;
    atlas_manifest) cp -f "$data/atlas.yaml" "$dir/valid_atlas.yaml" ;;
    map_spec) for f in "$data"/maps/*.yaml; do cp -f "$f" "$dir/valid_$(basename "$f")"; done ;;
    text_fold) head -n 60 "$data/aliases.csv" >"$dir/valid_aliases.csv" ;;
  esac
}

# The embedded atlas for the targets that resolve names; leaks are reported, apart from the
# system libraries' process-lifetime caches named in tests/lsan.supp.
export COOPATLAS_DATA="$data"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS_EXTRA:-}"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export G_SLICE=always-malloc G_DEBUG=gc-friendly

failed=()
for t in "${targets[@]}"; do
  corpus="$out/corpus/$t" artifacts="$out/artifacts/$t" log="$out/logs/$t.log"
  mkdir -p "$corpus" "$artifacts"
  seed "$t" "$corpus"
  dict=()
  if [[ -f "$root/tests/fuzz/dict/$t.dict" ]]; then dict=(-dict="$root/tests/fuzz/dict/$t.dict"); fi
  echo "== $t: $seconds s =="
  # the targets write their input to a folder of their own under TMPDIR, removed at exit;
  # one that crashes leaves it here, removed after the run
  scratch="$out/tmp"
  rm -rf "$scratch"
  mkdir -p "$scratch"
  rc=0
  TMPDIR="$scratch" nice "$build/tests/fuzz/${t}_fuzz" "$corpus" "${dict[@]}" \
    -max_total_time="$seconds" -seed="${FUZZ_SEED:-0}" -rss_limit_mb=2048 -timeout="${FUZZ_TIMEOUT:-10}" -max_len=8192 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1 || rc=$?
  rm -rf "$scratch"
  grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" |
    awk '!seen[$0]++' || true
  if ((rc != 0)); then
    failed+=("$t")
    echo "fuzz: $t FAILED (exit status $rc); the end of its log, $log:" >&2
    tail -n 40 "$log" >&2
    while read -r unit; do
      echo "fuzz: $t: failing input written to $unit" >&2
      echo "fuzz: reproduce with $build/tests/fuzz/${t}_fuzz $unit" >&2
    done < <(sed -n 's/.*Test unit written to //p' "$log")
  fi
done

if ((${#failed[@]} > 0)); then
  echo "fuzz: ${failed[*]} failed; the inputs are in $out/artifacts/ — fix the library and add each input as a" \
       "regression case (tests/hostile/cases.tsv or a GoogleTest)" >&2
  exit 1
fi
echo "fuzz: ${targets[*]}: no crash, leak, timeout or memory exhaustion in $seconds s each"
