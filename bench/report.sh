#!/usr/bin/env bash
# Benchmark of issue 13 (performance): `coffer report` of one year (JSON and
# HTML) on synthetic vaults of 2,600 archives (seven years of nightly
# backups), 4x and 16x that, beside `coffer list --json` in the same run.
# Target: the report under 1 s at 2,600 archives, cost growing linearly.
#
#   bench/report.sh
#   SIZES="2600 10400" ROUNDS=5 bench/report.sh
#   BENCH_TMP=/dev/shm bench/report.sh        # tmpfs: CPU cost without the disk
#
# The vaults are made by `coffer init` and filled by examples/synth_catalog.rs
# (as bench/catalog.sh does): dummy archive files, registered in the catalog
# with a passed verification each, 24 h apart, the newest at
# 2026-11-24T02:00Z; COFFER_NOW=2026-11-24T03:00:00Z for every command. Every
# archive is good (nothing pruned), so the report reads the verification and
# drill history and the copies of every one of them, not only the year's.
#
# Median wall time of ROUNDS runs (3), from `date +%s%N` around each command;
# output to a file in the work dir (the report) or /dev/null (list).
# Per-archive cost = time / N; growth = per-archive cost at the largest size
# / at the smallest (1.0 is linear). ratio = report / list --json.
#
# Needs: cargo, GNU date. Exits non-zero only if it cannot run or a command
# fails; it reports, it does not gate.
set -euo pipefail

SIZES=${SIZES:-"2600 10400 41600"}
ROUNDS=${ROUNDS:-3}
export COFFER_NOW=${COFFER_NOW:-2026-11-24T03:00:00Z}
cd "$(dirname "$0")/.."

echo "== building coffer and examples/synth_catalog (release)" >&2
cargo build --release --quiet --bin coffer --example synth_catalog
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
COFFER=$TARGET/release/coffer
SYNTH=$TARGET/release/examples/synth_catalog

WORK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/coffer-bench-report.XXXXXX")
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

declare -A T_LIST T_JSON T_HTML
for n in $SIZES; do
    v=$WORK/v$n
    "$COFFER" init --dir "$v" --database-url postgresql://coffer@127.0.0.1:9/none > /dev/null
    echo "== $n archives: generating" >&2
    "$SYNTH" "$v" "$n" >&2
    cfg=(--config "$v/coffer.toml")
    # Sanity: the report covers the year's archives (365 or 366 days).
    "$COFFER" "${cfg[@]}" report --format json -o "$v/r.json" 2> /dev/null
    got=$(grep -c '"status": "good"' "$v/r.json")
    [ "$got" -ge 365 ] || { echo "bench/report.sh: the report lists $got archives" >&2; exit 1; }
    echo "== $n archives: list --json, report json, report html ($ROUNDS rounds each)" >&2
    T_LIST[$n]=$(time_median "$COFFER" "${cfg[@]}" list --json)
    T_JSON[$n]=$(time_median "$COFFER" "${cfg[@]}" report --format json -o "$v/r.json")
    T_HTML[$n]=$(time_median "$COFFER" "${cfg[@]}" report --format html -o "$v/r.html")
    rm -rf "$v"
done 2> >(grep -v '^coffer: wrote' >&2)

us_per() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.1f", t * 1e6 / n }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

fs=$(stat -f -c %T "$WORK")
echo
echo "coffer report benchmark: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, work dir on $fs"
echo "one-year report; archives 24h apart; median of $ROUNDS runs"
echo
echo "| archives | list --json s | report json s | us/archive | report html s | us/archive | json / list | html / list |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "${T_LIST[$n]}" \
        "${T_JSON[$n]}" "$(us_per "${T_JSON[$n]}" "$n")" \
        "${T_HTML[$n]}" "$(us_per "${T_HTML[$n]}" "$n")" \
        "$(ratio "${T_JSON[$n]}" "${T_LIST[$n]}")" "$(ratio "${T_HTML[$n]}" "${T_LIST[$n]}")"
done
echo
first=${SIZES%% *}
last=${SIZES##* }
growth() { awk -v a="$1" -v na="$2" -v b="$3" -v nb="$4" 'BEGIN { printf "%.2f", (b / nb) / (a / na) }'; }
echo "per-archive cost ratio ($last vs $first; 1.00 = linear):"
echo "- list --json:  $(growth "${T_LIST[$first]}" "$first" "${T_LIST[$last]}" "$last")"
echo "- report json:  $(growth "${T_JSON[$first]}" "$first" "${T_JSON[$last]}" "$last")"
echo "- report html:  $(growth "${T_HTML[$first]}" "$first" "${T_HTML[$last]}" "$last")"
worst=$(awk -v a="${T_JSON[$first]}" -v b="${T_HTML[$first]}" 'BEGIN { print (a > b) ? a : b }')
verdict=$(awk -v t="$worst" 'BEGIN { print (t < 1.0) ? "PASS" : "MISS" }')
echo
echo "target: report under 1 s at $first archives: $worst s, $verdict"
