#!/usr/bin/env bash
# Benchmark of issue 13 (performance): `coffer audit verify` on a catalog of
# 7 years of daily archives (2,600) with their audit entries (8 each, about
# 20,000), and at 4x and 16x that, beside `coffer list --json` in the same
# run. Target: audit verify under 1 s at 1x, cost growing linearly.
#
#   bench/audit.sh
#   SCALES="1 4" ROUNDS=5 bench/audit.sh
#   BENCH_TMP=/dev/shm bench/audit.sh          # tmpfs: CPU cost without the disk
#   PROFILE=dev bench/audit.sh                 # the debug build (no release build at hand)
#
# The vaults are made by `coffer init` and filled by
# `examples/synth_catalog.rs --audit 8`: small dummy archives registered in
# the catalog, and 8 signed audit entries per archive continuing the chain
# init started (so the chain, the signatures and the catalog columns are
# exactly what coffer writes). Median wall time of ROUNDS runs (3), output
# to /dev/null; `audit verify --every-signature` (every Ed25519 signature,
# on all cores) once per size. Per-entry cost = time / entries; growth =
# per-entry cost at the largest scale / at 1x (1.00 is linear).
#
# Needs: cargo, GNU date. Exits non-zero only if it cannot run or a
# command fails; it reports, it does not gate.
set -euo pipefail

BASE=${BASE:-2600}
PER=${PER:-8}
SCALES=${SCALES:-"1 4 16"}
ROUNDS=${ROUNDS:-3}
PROFILE=${PROFILE:-release}
export COFFER_NOW=${COFFER_NOW:-2026-11-24T03:00:00Z}
cd "$(dirname "$0")/.."

echo "== building coffer and examples/synth_catalog ($PROFILE)" >&2
if [ "$PROFILE" = release ]; then
    cargo build --release --quiet --bin coffer --example synth_catalog
    DIR=release
else
    cargo build --quiet --bin coffer --example synth_catalog
    DIR=debug
fi
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
COFFER=$TARGET/$DIR/coffer
SYNTH=$TARGET/$DIR/examples/synth_catalog

WORK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/coffer-bench-audit.XXXXXX")
cleanup() { if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi; }
trap cleanup EXIT

now_ns() { date +%s%N; }

time_once() {
    local t0 t1
    t0=$(now_ns)
    "$@" > /dev/null
    t1=$(now_ns)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}

time_median() {
    local i times=()
    for ((i = 0; i < ROUNDS; i++)); do
        times+=("$(time_once "$@")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

declare -A N_ARCH N_ENT T_VERIFY T_EVERY T_LIST T_SYNTH
for s in $SCALES; do
    n=$((BASE * s))
    v=$WORK/v$s
    "$COFFER" init --dir "$v" --database-url postgresql://coffer@127.0.0.1:9/none > /dev/null
    echo "== ${s}x: $n archives, $PER audit entries each: generating" >&2
    t0=$(now_ns)
    "$SYNTH" "$v" "$n" --audit "$PER" >&2
    T_SYNTH[$s]=$(awk -v a="$t0" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
    cfg=(--config "$v/coffer.toml")
    # Sanity: the chain verifies and holds every entry.
    entries=$("$COFFER" "${cfg[@]}" audit verify --json | grep -o '"entries":[0-9]*' | cut -d: -f2)
    [ "$entries" -eq $((n * PER + 2)) ] || { echo "bench/audit.sh: $entries entries, not $((n * PER + 2))" >&2; exit 1; }
    N_ARCH[$s]=$n
    N_ENT[$s]=$entries
    echo "== ${s}x: audit verify, list --json ($ROUNDS rounds each), audit verify --every-signature" >&2
    T_VERIFY[$s]=$(time_median "$COFFER" "${cfg[@]}" audit verify)
    T_LIST[$s]=$(time_median "$COFFER" "${cfg[@]}" list --json)
    T_EVERY[$s]=$(time_once "$COFFER" "${cfg[@]}" audit verify --every-signature)
    rm -rf "$v"
done

us_per() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.1f", t * 1e6 / n }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b / a }'; }

fs=$(stat -f -c %T "$WORK")
echo
echo "coffer audit benchmark: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $PROFILE build, work dir on $fs"
echo "median of $ROUNDS runs (--every-signature: 1 run)"
echo
echo "| scale | archives | entries | generate s | audit verify s | us/entry | list --json s | verify / list | --every-signature s | us/entry |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for s in $SCALES; do
    printf '| %sx | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$s" "${N_ARCH[$s]}" "${N_ENT[$s]}" \
        "${T_SYNTH[$s]}" "${T_VERIFY[$s]}" "$(us_per "${T_VERIFY[$s]}" "${N_ENT[$s]}")" \
        "${T_LIST[$s]}" "$(ratio "${T_LIST[$s]}" "${T_VERIFY[$s]}")" \
        "${T_EVERY[$s]}" "$(us_per "${T_EVERY[$s]}" "${N_ENT[$s]}")"
done
echo
first=${SCALES%% *}
last=${SCALES##* }
growth() { awk -v a="$1" -v na="$2" -v b="$3" -v nb="$4" 'BEGIN { printf "%.2f", (b / nb) / (a / na) }'; }
echo "per-entry cost ratio (${last}x vs ${first}x; 1.00 = linear):"
echo "- audit verify:                    $(growth "${T_VERIFY[$first]}" "${N_ENT[$first]}" "${T_VERIFY[$last]}" "${N_ENT[$last]}")"
echo "- audit verify --every-signature:  $(growth "${T_EVERY[$first]}" "${N_ENT[$first]}" "${T_EVERY[$last]}" "${N_ENT[$last]}")"
echo "- list --json (per archive):       $(growth "${T_LIST[$first]}" "${N_ARCH[$first]}" "${T_LIST[$last]}" "${N_ARCH[$last]}")"
verdict=$(awk -v t="${T_VERIFY[$first]}" 'BEGIN { print (t < 1.0) ? "PASS" : "MISS" }')
echo
echo "target: audit verify under 1 s at ${first}x (${N_ENT[$first]} entries): ${T_VERIFY[$first]} s, $verdict"
