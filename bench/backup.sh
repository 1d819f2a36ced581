#!/usr/bin/env bash
# bench/backup.sh: coffer backup and restore against their baselines, side by
# side in one run (DESIGN.md "Performance targets", issue 3 "Benchmark").
#
# Starts a throwaway PostgreSQL cluster, loads `pgbench -i -s $SCALE` plus a
# text-heavy table, then in $ROUNDS rounds (the order rotating each round)
# measures wall time, CPU time and peak RSS of:
#   a. floor:  pg_dump -Fc -Z0 DB > /dev/null
#   b. coffer: coffer backup --json (pg_dump -Fc -Z0 | tar | zstd | age | sha256)
#   c. seed:   pg_dump DB | gzip > f.sql.gz; gpg --symmetric --cipher-algo AES256
#   d. stock:  pg_dump -Fc -Z0 DB | zstd -3 -T0 | age -r RECIPIENT > f.age
# and, alternating, restores: coffer restore --create vs createdb + pg_restore
# of an unencrypted custom-format file. Prints markdown tables of medians and
# PASS/MISS per target. Exits 0 whatever the figures (it reports, it does not
# gate); non-zero only if it cannot run or a measured command fails.
#
# Environment: SCALE (30), ROUNDS (3), TEXT_ROWS (400000), PG_BIN (the newest
# /usr/lib/postgresql/*/bin), COFFER (target/release/coffer), BENCH_TMP
# (parent of the work dir, default $TMPDIR or /tmp), KEEP=1 keeps the work dir,
# COFFER_BACKUP_ARGS (more arguments for coffer backup, e.g. "--row-counts off").
# The cluster, data, vault and measuring code is in bench/lib.sh (shared with
# bench/anchors.sh).
set -euo pipefail

SCALE=${SCALE:-30}
ROUNDS=${ROUNDS:-3}
TEXT_ROWS=${TEXT_ROWS:-400000}
BENCH_NAME=backup
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_checks age zstd gpg gzip
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer"
[[ $SCALE =~ ^[1-9][0-9]*$ ]] || die "SCALE must be a positive integer"
[[ $TEXT_ROWS =~ ^[0-9]+$ ]] || die "TEXT_ROWS must be an integer"
bench_workdir
bench_cluster
bench_load "$SCALE" "$TEXT_ROWS"
bench_vault

# Reference dumps: the custom -Z0 file pg_restore restores from (it also warms
# the page cache for every contender alike), and the plain dump's size.
say "reference dumps"
DUMPFILE=$WORK/ref.dump
pg_dump -Fc -Z0 "$DB" >"$DUMPFILE"
CUSTOM_BYTES=$(stat -c %s "$DUMPFILE")
PLAIN_BYTES=$(pg_dump "$DB" | wc -c)

bench_sampler_fd

run_coffer() {
  measure "$COFFER" --config "$VAULT/coffer.toml" backup --json ${COFFER_BACKUP_ARGS:-}
  add coffer wall "$WALL"; add coffer cpu "$CPU"; add coffer rss_tree "$(kib_to_mib "$RSS_KIB")"
  add coffer rss "$(kib_to_mib "${HWM[coffer]:-0}")"
  add coffer pgdump_rss "$(kib_to_mib "${HWM[pg_dump]:-0}")"
  add coffer size "$(json_field size "$WORK/cmd.out")"
  add coffer payload "$(json_field payload_size "$WORK/cmd.out")"
  local t
  for t in snapshot row_counts dump_and_pack total; do
    add coffer "t_$t" "$(json_field "$t" "$WORK/cmd.out")"
  done
  COFFER_ID=$(json_field archive_id "$WORK/cmd.out")
  [ -n "$COFFER_ID" ] || die "coffer backup printed no archive_id: $(cat "$WORK/cmd.out")"
}
run_coffer_restore() {
  drop_rdb
  measure "$COFFER" --config "$VAULT/coffer.toml" restore "$COFFER_ID" --to "$RURL" \
    -i "$IDENTITY" --create --json
  add crestore wall "$WALL"; add crestore cpu "$CPU"; add crestore rss_tree "$(kib_to_mib "$RSS_KIB")"
  add crestore rss "$(kib_to_mib "${HWM[coffer]:-0}")"
  add crestore restore_ms "$(json_field restore_ms "$WORK/cmd.out")"
  add crestore check_ms "$(json_field check_ms "$WORK/cmd.out")"
  drop_rdb
}
# The same pg_restore flags coffer passes (one transaction, stop on error), so
# the ratio is coffer's overhead, not a difference in restore mode.
run_pg_restore() {
  drop_rdb
  measure bash -c 'set -o pipefail
    createdb "$1" && pg_restore --no-password --exit-on-error --single-transaction -d "$1" "$2"' \
    _ "$RDB" "$DUMPFILE"
  add pgrestore wall "$WALL"; add pgrestore cpu "$CPU"; add pgrestore rss "$(kib_to_mib "$RSS_KIB")"
  drop_rdb
}

LOAD_BEFORE=$(cat /proc/loadavg)
say "load before: $LOAD_BEFORE"
BACKUPS=(floor coffer seed stock)
for ((r = 0; r < ROUNDS; r++)); do
  for ((j = 0; j < ${#BACKUPS[@]}; j++)); do
    b=${BACKUPS[$(((r + j) % ${#BACKUPS[@]}))]}
    say "round $((r + 1))/$ROUNDS backup: $b"
    "run_$b"
    say "  $b: ${WALL}s, cpu ${CPU}s, rss $(kib_to_mib "$RSS_KIB") MiB"
  done
done
for ((r = 0; r < ROUNDS; r++)); do
  if ((r % 2 == 0)); then order=(coffer_restore pg_restore); else order=(pg_restore coffer_restore); fi
  for x in "${order[@]}"; do
    say "round $((r + 1))/$ROUNDS restore: $x"
    "run_$x"
    say "  $x: ${WALL}s, cpu ${CPU}s, rss $(kib_to_mib "$RSS_KIB") MiB"
  done
done
LOAD_AFTER=$(cat /proc/loadavg)
say "load after: $LOAD_AFTER"

# ---------------------------------------------------------------- report

for n in floor coffer seed stock crestore pgrestore; do
  declare "W_$n=$(med "$n" wall)"
done
# shellcheck disable=SC2154 # W_* are declared just above
{
echo "## coffer backup benchmark"
echo
echo "SCALE=$SCALE (pgbench) + notes: $TEXT_ROWS rows, avg $NOTES_AVG bytes of text; database $(mb "$DB_SIZE") MB on disk."
echo "Dump sizes: custom -Z0 $(mb "$CUSTOM_BYTES") MB, plain $(mb "$PLAIN_BYTES") MB. Medians of $ROUNDS round(s), the order rotated each round."
echo "Host: $(nproc) cores; load average before: $LOAD_BEFORE; after: $LOAD_AFTER."
echo "$("$PG_BIN/pg_dump" --version); $(zstd --version | head -1 | sed 's/^\*\** *//; s/ *\**$//'); age $(age --version); $(gpg --version | head -1)."
echo
echo "### Backup"
echo
echo "| command | wall s | dump MB/s | CPU s | peak RSS MiB | archive MB | wall vs floor |"
echo "|---|---:|---:|---:|---:|---:|---:|"
echo "| a. floor: \`pg_dump -Fc -Z0 > /dev/null\` | $(f2 "$W_floor") | $(calc '%.1f' "$CUSTOM_BYTES / 1e6 / $W_floor") | $(f2 "$(med floor cpu)") | $(f1 "$(med floor rss)") | - | 1.00x |"
echo "| b. \`coffer backup\` | $(f2 "$W_coffer") | $(calc '%.1f' "$CUSTOM_BYTES / 1e6 / $W_coffer") | $(f2 "$(med coffer cpu)") | $(f1 "$(med coffer rss)") (pg_dump $(f1 "$(med coffer pgdump_rss)")) | $(mb "$(med coffer size)") | $(calc '%.2fx' "$W_coffer / $W_floor") |"
echo "| c. seed: \`pg_dump \\| gzip\` + \`gpg --symmetric AES256\` | $(f2 "$W_seed") | $(calc '%.1f' "$PLAIN_BYTES / 1e6 / $W_seed") | $(f2 "$(med seed cpu)") | $(f1 "$(med seed rss)") | $(mb "$(med seed size)") | $(calc '%.2fx' "$W_seed / $W_floor") |"
echo "| d. \`pg_dump -Fc -Z0 \\| zstd -3 -T0 \\| age\` | $(f2 "$W_stock") | $(calc '%.1f' "$CUSTOM_BYTES / 1e6 / $W_stock") | $(f2 "$(med stock cpu)") | $(f1 "$(med stock rss)") | $(mb "$(med stock size)") | $(calc '%.2fx' "$W_stock / $W_floor") |"
echo
echo "CPU s = user + system of the whole process tree (pg_dump included; the server's backend is not)."
echo "Peak RSS: the largest process of the tree (GNU time), except coffer: its own VmHWM, its pg_dump child's in brackets."
echo "MB/s = dump bytes (custom -Z0; plain for the seed) / wall s."
echo
echo "### Restore"
echo
echo "| command | wall s | dump MB/s | CPU s | peak RSS MiB | vs pg_restore |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| \`coffer restore --create\` | $(f2 "$W_crestore") | $(calc '%.1f' "$CUSTOM_BYTES / 1e6 / $W_crestore") | $(f2 "$(med crestore cpu)") | $(f1 "$(med crestore rss)") | $(calc '%.2fx' "$W_crestore / $W_pgrestore") |"
echo "| \`createdb\` + \`pg_restore --single-transaction\` (unencrypted -Fc -Z0 file) | $(f2 "$W_pgrestore") | $(calc '%.1f' "$CUSTOM_BYTES / 1e6 / $W_pgrestore") | $(f2 "$(med pgrestore cpu)") | $(f1 "$(med pgrestore rss)") | 1.00x |"
echo
echo "coffer's own stage timings (medians, ms): backup snapshot $(med coffer t_snapshot), row_counts $(med coffer t_row_counts), dump_and_pack $(med coffer t_dump_and_pack), total $(med coffer t_total); restore restore_ms $(med crestore restore_ms), check_ms (row counts) $(med crestore check_ms)."
echo
echo "### Targets"
echo
SIZE_C=$(med coffer size); SIZE_S=$(med stock size); RSS_C=$(med coffer rss)
RSS_MAX=$(printf '%s\n' ${R[coffer,rss]} ${R[crestore,rss]} | sort -g | tail -1)
echo "| target | measured | result |"
echo "|---|---:|---|"
echo "| coffer backup <= 1.15x floor wall | $(calc '%.2fx' "$W_coffer / $W_floor") | $(verdict "$W_coffer <= 1.15 * $W_floor") |"
echo "| coffer backup >= 2x faster than seed | $(calc '%.2fx' "$W_seed / $W_coffer") | $(verdict "$W_seed >= 2 * $W_coffer") |"
echo "| coffer archive <= zstd\\|age archive | $(calc '%.4f' "$SIZE_C / $SIZE_S")x ($SIZE_C vs $SIZE_S bytes) | $(verdict "$SIZE_C <= $SIZE_S") |"
echo "| coffer peak RSS < 64 MiB (max of all backups and restores) | $RSS_MAX MiB (backup median $(f1 "$RSS_C")) | $(verdict "$RSS_MAX < 64") |"
echo "| coffer restore <= 1.1x pg_restore | $(calc '%.2fx' "$W_crestore / $W_pgrestore") | $(verdict "$W_crestore <= 1.1 * $W_pgrestore") |"
echo "| (aim, not a target) coffer backup within 1.02x of the zstd\\|age pipeline | $(calc '%.2fx' "$W_coffer / $W_stock") of it | $(verdict "$W_coffer <= 1.02 * $W_stock") |"
echo
echo "### Every round (wall s)"
echo
echo "| | $(for ((r = 1; r <= ROUNDS; r++)); do printf 'round %d | ' "$r"; done)"
echo "|---|$(for ((r = 1; r <= ROUNDS; r++)); do printf -- '---:|'; done)"
for n in floor coffer seed stock crestore pgrestore; do
  echo "| $n | $(printf '%s | ' ${R[$n,wall]})"
done
}
exit 0
