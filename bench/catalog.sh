#!/usr/bin/env bash
# Benchmark of issue 4 (performance): `coffer list --json`,
# `coffer prune --dry-run --json` and `coffer catalog rebuild` on synthetic
# vaults of 2,600 (seven years of nightly backups), 20,000 and 100,000
# archives. Target: the plan under 1 s at 2,600, cost growing linearly.
#
#   bench/catalog.sh
#   SIZES="2600 100000" REBUILD_SIZES="2600" ROUNDS=5 bench/catalog.sh
#   BENCH_TMP=/dev/shm bench/catalog.sh      # tmpfs: CPU cost without fsync
#
# The vaults are made by `coffer init` and filled by
# `examples/synth_catalog.rs` through the library: small dummy archive files
# in the store, registered in the catalog with a passed verification each.
# For the sizes in REBUILD_SIZES every archive also gets a real seal signed
# with the vault's key (hash and size match the dummy file), because
# `catalog rebuild` checks each seal's signature and hashes each archive.
# Archives are EVERY_HOURS apart (24), the newest at 2026-11-24T02:00Z;
# COFFER_NOW=2026-11-24T03:00:00Z for every command, so the plan is not
# blocked as stale.
#
# list and prune --dry-run: median wall time of ROUNDS runs (3), output to
# /dev/null. rebuild: one run (it replaces the catalog; each archive is a
# seal check, a hash and two catalog commits). Per-archive cost = time / N;
# growth = per-archive cost at the largest size / at the smallest (1.0 is
# linear). Wall times come from `date +%s%N` around each command.
#
# Needs: cargo, GNU date. Exits non-zero only if it cannot run or a
# command fails; it reports, it does not gate.
set -euo pipefail

SIZES=${SIZES:-"2600 20000 100000"}
REBUILD_SIZES=${REBUILD_SIZES:-"2600 20000"}
ROUNDS=${ROUNDS:-3}
EVERY_HOURS=${EVERY_HOURS:-24}
export COFFER_NOW=${COFFER_NOW:-2026-11-24T03:00:00Z}
cd "$(dirname "$0")/.."

echo "== building coffer and examples/synth_catalog (release)" >&2
cargo build --release --quiet --bin coffer --example synth_catalog
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
COFFER=$TARGET/release/coffer
SYNTH=$TARGET/release/examples/synth_catalog

WORK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/coffer-bench-catalog.XXXXXX")
cleanup() { if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi; }
trap cleanup EXIT

now_ns() { date +%s%N; }

# Wall seconds of one run of "$@" (stdout to /dev/null; stderr kept).
time_once() {
    local t0 t1
    t0=$(now_ns)
    "$@" > /dev/null
    t1=$(now_ns)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}

# Median wall seconds of ROUNDS runs.
time_median() {
    local i times=()
    for ((i = 0; i < ROUNDS; i++)); do
        times+=("$(time_once "$@")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

in_list() { case " $2 " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

declare -A T_LIST T_PLAN T_REBUILD T_SYNTH
for n in $SIZES; do
    v=$WORK/v$n
    "$COFFER" init --dir "$v" --database-url postgresql://coffer@127.0.0.1:9/none > /dev/null
    seals=()
    in_list "$n" "$REBUILD_SIZES" && seals=(--seals)
    echo "== $n archives: generating${seals:+ (with signed seals)}" >&2
    t0=$(now_ns)
    "$SYNTH" "$v" "$n" --every-hours "$EVERY_HOURS" "${seals[@]}" >&2
    T_SYNTH[$n]=$(awk -v a="$t0" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
    cfg=(--config "$v/coffer.toml")

    # Sanity: the plan covers every archive.
    items=$("$COFFER" "${cfg[@]}" prune --dry-run --json | grep -o '"decision":' | wc -l)
    [ "$items" -eq "$n" ] || { echo "bench/catalog.sh: the plan has $items items, not $n" >&2; exit 1; }

    echo "== $n archives: list, prune --dry-run ($ROUNDS rounds each)" >&2
    T_LIST[$n]=$(time_median "$COFFER" "${cfg[@]}" list --json)
    T_PLAN[$n]=$(time_median "$COFFER" "${cfg[@]}" prune --dry-run --json)
    if in_list "$n" "$REBUILD_SIZES"; then
        echo "== $n archives: catalog rebuild" >&2
        T_REBUILD[$n]=$(time_once "$COFFER" "${cfg[@]}" catalog rebuild)
        got=$("$COFFER" "${cfg[@]}" list --json | grep -o '"status":"good"' | wc -l)
        [ "$got" -eq "$n" ] || { echo "bench/catalog.sh: rebuild indexed $got of $n" >&2; exit 1; }
    fi
    rm -rf "$v"
done

us_per() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.1f", t * 1e6 / n }'; }

fs=$(stat -f -c %T "$WORK")
echo
echo "coffer catalog benchmark: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, work dir on $fs ($WORK)"
echo "archives ${EVERY_HOURS}h apart; median of $ROUNDS runs (rebuild: 1 run)"
echo
echo "| archives | generate s | list --json s | us/archive | prune --dry-run --json s | us/archive | catalog rebuild s | us/archive |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
    r=${T_REBUILD[$n]:-}
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "${T_SYNTH[$n]}" \
        "${T_LIST[$n]}" "$(us_per "${T_LIST[$n]}" "$n")" \
        "${T_PLAN[$n]}" "$(us_per "${T_PLAN[$n]}" "$n")" \
        "${r:--}" "$([ -n "$r" ] && us_per "$r" "$n" || echo -)"
done
echo
first=${SIZES%% *}
last=${SIZES##* }
ratio() { awk -v a="$1" -v na="$2" -v b="$3" -v nb="$4" 'BEGIN { printf "%.2f", (b / nb) / (a / na) }'; }
echo "per-archive cost ratio ($last vs $first; 1.00 = linear):"
echo "- list --json:           $(ratio "${T_LIST[$first]}" "$first" "${T_LIST[$last]}" "$last")"
echo "- prune --dry-run --json: $(ratio "${T_PLAN[$first]}" "$first" "${T_PLAN[$last]}" "$last")"
rfirst=${REBUILD_SIZES%% *}
rlast=${REBUILD_SIZES##* }
if [ -n "${T_REBUILD[$rfirst]:-}" ] && [ -n "${T_REBUILD[$rlast]:-}" ] && [ "$rfirst" != "$rlast" ]; then
    echo "- catalog rebuild:        $(ratio "${T_REBUILD[$rfirst]}" "$rfirst" "${T_REBUILD[$rlast]}" "$rlast") ($rlast vs $rfirst)"
fi
plan_first=${T_PLAN[$first]}
verdict=$(awk -v t="$plan_first" 'BEGIN { print (t < 1.0) ? "PASS" : "MISS" }')
echo
echo "target: prune --dry-run under 1 s at $first archives: $plan_first s, $verdict"
