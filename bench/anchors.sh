#!/usr/bin/env bash
# bench/anchors.sh: coffer backup and restore against every anchor, side by
# side in one run (issue 17 "Benchmark"; DESIGN.md "Performance targets").
#
# Starts a throwaway PostgreSQL cluster, loads `pgbench -i -s $SCALE` plus
# $TEXT_ROWS rows of text (the `notes` table of bench/backup.sh), then in
# $ROUNDS rounds, the order rotating each round, measures:
#   floor            pg_dump -Fc -Z0 DB > /dev/null
#   parallel floor   pg_dump -Fd -j N -Z0 -f DIR   (DIR on tmpfs, $PAR_TMP), per N
#   seed             pg_dump DB | gzip > f.sql.gz; gpg --symmetric --cipher-algo AES256
#   stock            pg_dump -Fc -Z0 DB | zstd -T0 -3 | age -r RECIPIENT > f.age
#   restic 1st, 2nd  pg_dump -Fc -Z0 DB | restic backup --stdin (repository v2,
#                    compression auto, encrypted), into a new repository, then again
#   borg 1st, 2nd    pg_dump -Fc -Z0 DB | borg create --compression zstd,3 REPO::a -
#                    (repokey encryption), into a new repository, then again
#   coffer --jobs N  coffer backup --jobs N --json, per N
# then restores, alternating, per N: createdb + pg_restore -j N of an
# unencrypted directory dump (-Z0) against coffer restore --jobs N --create of
# the archive coffer made with --jobs N. Prints markdown tables of medians
# (wall s, ratio to the floor, ratio to the best anchor, output size, peak RSS
# of the process tree, CPU s), PASS/MISS per target and every round's wall
# times. Exits 0 whatever the figures (it reports, it does not gate);
# non-zero only if it cannot run or a measured command fails.
#
# Environment: SCALE (200), TEXT_ROWS (1000000), ROUNDS (3), JOBS ("1,2,4"),
# PAR_TMP (tmpfs for the directory dumps: /dev/shm), PG_BIN, COFFER
# (target/release/coffer), BENCH_TMP (parent of the work dir, default $TMPDIR
# or /tmp), KEEP=1 keeps the work dir. See bench/README.md.
set -euo pipefail

SCALE=${SCALE:-200}
TEXT_ROWS=${TEXT_ROWS:-1000000}
ROUNDS=${ROUNDS:-3}
JOBS=${JOBS:-1,2,4}
PAR_TMP=${PAR_TMP:-/dev/shm}
BENCH_NAME=anchors
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ---------------------------------------------------------------- checks
for t in restic borg; do
  command -v "$t" >/dev/null ||
    die "'$t' is not installed: apt-get install restic borgbackup (Debian bookworm: restic 0.14, borg 1.2)"
done
bench_checks age zstd gpg gzip du
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer"
[[ $SCALE =~ ^[1-9][0-9]*$ ]] || die "SCALE must be a positive integer"
[[ $TEXT_ROWS =~ ^[0-9]+$ ]] || die "TEXT_ROWS must be an integer"
read -r -a NS <<<"${JOBS//,/ }"
[ ${#NS[@]} -gt 0 ] || die "JOBS must list at least one N (e.g. JOBS=1,2,4)"
for n in "${NS[@]}"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] && [ "$n" -le 15 ] || die "JOBS: '$n' is not a number of jobs from 1 to 15 (coffer's limit)"
done
[ -d "$PAR_TMP" ] && [ -w "$PAR_TMP" ] || die "PAR_TMP=$PAR_TMP is not a writable directory"
CORES=$(nproc)
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -1)

bench_workdir
PAR=$(mktemp -d "$PAR_TMP/coffer-bench.XXXXXX")
bench_extra_cleanup() { rm -rf "$PAR"; }
bench_cluster
bench_load "$SCALE" "$TEXT_ROWS"
bench_vault
# A parallel dump shares out whole tables: it cannot take less time than
# dumping its largest table alone.
LARGEST=$(psql_q -d "$DB" -Atc "SELECT c.relname || ' ' || round(100.0 * pg_table_size(c.oid) / sum(pg_table_size(c.oid)) OVER ())
  FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
  WHERE c.relkind = 'r' AND s.nspname = 'public' ORDER BY pg_table_size(c.oid) DESC LIMIT 1")

# The directory dumps (the reference one for pg_restore, and each parallel
# floor's) go to tmpfs, so the parallel floor measures the dump, not a disk.
# A custom -Z0 dump is about the size of the tables' data, below the
# database's size (no indexes); two of them must fit at once.
PAR_AVAIL=$(($(df -Pk "$PAR" | awk 'NR == 2 { print $4 }') * 1024))
PAR_NOTE="tmpfs $PAR_TMP"
if [ "$(stat -f -c %T "$PAR")" != tmpfs ]; then
  PAR_NOTE="$PAR_TMP (NOT tmpfs: the parallel floor includes its disk writes)"
fi
if [ "$PAR_AVAIL" -lt $((2 * DB_SIZE)) ]; then
  say "$PAR_TMP has $(mb "$PAR_AVAIL") MB free, less than twice the database ($(mb "$DB_SIZE") MB): using the work dir's disk instead"
  rm -rf "$PAR"
  PAR=$WORK/par
  mkdir -m 700 "$PAR"
  PAR_NOTE="$WORK (disk: $PAR_TMP had $(mb "$PAR_AVAIL") MB free, too small for SCALE=$SCALE)"
fi

MAXN=0
for n in "${NS[@]}"; do ((n > MAXN)) && MAXN=$n; done
say "reference dumps"
REFDIR=$PAR/ref.dir
pg_dump -Fd -j "$MAXN" -Z0 -f "$REFDIR" "$DB"
# The custom -Z0 dump's size and what `zstd -3` makes of it (the archive-size
# target), from one more dump (this also warms the page cache alike for all).
mkfifo "$WORK/ref.fifo"
zstd -q -3 -T0 <"$WORK/ref.fifo" | wc -c >"$WORK/zstd.bytes" &
ZPID=$!
CUSTOM_BYTES=$(pg_dump -Fc -Z0 "$DB" | tee "$WORK/ref.fifo" | wc -c)
wait "$ZPID" || die "zstd of the reference dump failed"
ZSTD_BYTES=$(cat "$WORK/zstd.bytes")
rm -f "$WORK/ref.fifo"

bench_sampler_fd

# restic and borg: encrypted repositories, passphrase from the work dir's
# file, caches and keys inside the work dir.
export RESTIC_PASSWORD_FILE=$PASSFILE RESTIC_CACHE_DIR=$WORK/restic-cache
export BORG_BASE_DIR=$WORK/borg-home BORG_PASSCOMMAND="cat $PASSFILE"
mkdir -m 700 "$RESTIC_CACHE_DIR" "$BORG_BASE_DIR"
unset RESTIC_REPOSITORY RESTIC_PASSWORD BORG_REPO BORG_PASSPHRASE || true
dir_bytes() { du -sb "$1" | cut -f1; }

# ---------------------------------------------------------------- rows
run_pfloor() { # N
  rm -rf "$PAR/pfloor.dir"
  measure pg_dump -Fd -j "$1" -Z0 -f "$PAR/pfloor.dir" "$DB"
  add_common "pfloor$1"
  add "pfloor$1" size "$(dir_bytes "$PAR/pfloor.dir")"
  rm -rf "$PAR/pfloor.dir"
}
run_restic() {
  local repo=$WORK/restic-repo before k
  rm -rf "$repo"
  restic init -q --repository-version 2 -r "$repo" >/dev/null || die "restic init failed"
  for k in 1 2; do
    before=$(dir_bytes "$repo")
    measure bash -c 'set -o pipefail
      pg_dump -Fc -Z0 "$1" | restic -r "$2" backup -q --compression auto --stdin --stdin-filename db.dump' \
      _ "$DB" "$repo"
    add_common "restic$k"
    add "restic$k" size $(($(dir_bytes "$repo") - before))
    say "  restic run $k: ${WALL}s, cpu ${CPU}s, tree rss $(kib_to_mib "$TREE_KIB") MiB"
  done
  rm -rf "$repo"
}
run_borg() {
  local repo=$WORK/borg-repo before k
  rm -rf "$repo"
  borg init -e repokey "$repo" >/dev/null 2>&1 || die "borg init failed"
  for k in 1 2; do
    before=$(dir_bytes "$repo")
    measure bash -c 'set -o pipefail
      pg_dump -Fc -Z0 "$1" | borg create --compression zstd,3 --stdin-name db.dump "$2::run$3" -' \
      _ "$DB" "$repo" "$k"
    add_common "borg$k"
    add "borg$k" size $(($(dir_bytes "$repo") - before))
    say "  borg run $k: ${WALL}s, cpu ${CPU}s, tree rss $(kib_to_mib "$TREE_KIB") MiB"
  done
  rm -rf "$repo"
}
declare -A COFFER_ID
run_coffer() { # N
  measure "$COFFER" --config "$VAULT/coffer.toml" backup --jobs "$1" --json
  add_common "coffer$1"
  add "coffer$1" own "$(kib_to_mib "${HWM[coffer]:-0}")"
  add "coffer$1" size "$(json_field size "$WORK/cmd.out")"
  COFFER_ID[$1]=$(json_field archive_id "$WORK/cmd.out")
  [ -n "${COFFER_ID[$1]}" ] || die "coffer backup printed no archive_id: $(cat "$WORK/cmd.out")"
}
# N = 1 gets the flags coffer passes to its one pg_restore (one transaction,
# stop on error); N > 1 cannot be one transaction (pg_restore -j refuses it).
run_pgrestore() { # N
  local mode=--single-transaction
  [ "$1" = 1 ] || mode="--jobs=$1"
  drop_rdb
  measure bash -c 'set -o pipefail
    createdb "$1" && pg_restore --no-password --exit-on-error '"$mode"' -d "$1" "$2"' _ "$RDB" "$REFDIR"
  add_common "pgrestore$1"
  drop_rdb
}
run_crestore() { # N
  drop_rdb
  measure "$COFFER" --config "$VAULT/coffer.toml" restore "${COFFER_ID[$1]}" --to "$RURL" \
    -i "$IDENTITY" --create --jobs "$1" --json
  add_common "crestore$1"
  add "crestore$1" own "$(kib_to_mib "${HWM[coffer]:-0}")"
  drop_rdb
}

# ---------------------------------------------------------------- rounds
UNITS=(floor)
for n in "${NS[@]}"; do UNITS+=("pfloor $n"); done
UNITS+=(seed stock restic borg)
for n in "${NS[@]}"; do UNITS+=("coffer $n"); done

UPTIME_BEFORE=$(uptime)
say "load before: $UPTIME_BEFORE"
for ((r = 0; r < ROUNDS; r++)); do
  for ((j = 0; j < ${#UNITS[@]}; j++)); do
    u=${UNITS[$(((r + j) % ${#UNITS[@]}))]}
    say "round $((r + 1))/$ROUNDS backup: $u"
    # shellcheck disable=SC2086 # "coffer 2" is a function and its N
    run_$u
    say "  $u: ${WALL}s, cpu ${CPU}s, tree rss $(kib_to_mib "$TREE_KIB") MiB"
  done
done
for ((r = 0; r < ROUNDS; r++)); do
  for n in "${NS[@]}"; do
    if (((r + n) % 2 == 0)); then order=(crestore pgrestore); else order=(pgrestore crestore); fi
    for x in "${order[@]}"; do
      say "round $((r + 1))/$ROUNDS restore: $x $n"
      "run_$x" "$n"
      say "  $x $n: ${WALL}s, cpu ${CPU}s, tree rss $(kib_to_mib "$TREE_KIB") MiB"
    done
  done
done
UPTIME_AFTER=$(uptime)
say "load after: $UPTIME_AFTER"

# ---------------------------------------------------------------- report
declare -A W
ALL=(floor)
for n in "${NS[@]}"; do ALL+=("pfloor$n"); done
ALL+=(seed stock restic1 restic2 borg1 borg2)
for n in "${NS[@]}"; do ALL+=("coffer$n"); done
for n in "${NS[@]}"; do ALL+=("pgrestore$n" "crestore$n"); done
for k in "${ALL[@]}"; do W[$k]=$(med "$k" wall); done

# The best anchor of a backup: the fastest tool that writes a full encrypted
# copy (the seed, zstd|age, restic's and borg's first runs). Second runs only
# store what changed (nothing here): shown, not the reference.
BEST=
for k in seed stock restic1 borg1; do
  if [ -z "$BEST" ] || awk "BEGIN { exit !(${W[$k]} < ${W[$BEST]}) }"; then BEST=$k; fi
done
declare -A LABEL=(
  [floor]='floor: `pg_dump -Fc -Z0 > /dev/null`'
  [seed]='seed: `pg_dump \| gzip` + `gpg --symmetric AES256`'
  [stock]='stock: `pg_dump -Fc -Z0 \| zstd -T0 -3 \| age`'
  [restic1]='`pg_dump -Fc -Z0 \| restic backup --stdin`, 1st run (new repo)'
  [restic2]='restic, 2nd run (same data)'
  [borg1]='`pg_dump -Fc -Z0 \| borg create --compression zstd,3 -`, 1st run (new repo)'
  [borg2]='borg, 2nd run (same data)'
)
for n in "${NS[@]}"; do
  LABEL[pfloor$n]="parallel floor: \`pg_dump -Fd -j $n -Z0\` to tmpfs"
  LABEL[coffer$n]="\`coffer backup --jobs $n\`"
  if [ "$n" = 1 ]; then
    LABEL[pgrestore$n]='`createdb` + `pg_restore --single-transaction` (directory dump, -Z0)'
  else
    LABEL[pgrestore$n]="\`createdb\` + \`pg_restore -j $n\` (directory dump, -Z0)"
  fi
  LABEL[crestore$n]="\`coffer restore --jobs $n --create\` (archive of --jobs $n)"
done
ratio() { calc '%.2fx' "$1 / $2"; }
size_mb() { local s; s=$(med "$1" size); [ "$s" = nan ] && echo - || mb "$s"; }
rss_cell() { # tree MiB, and coffer's own in brackets
  local c
  c=$(f1 "$(med "$1" tree)")
  if [ -n "${R[$1,own]:-}" ]; then c="$c (coffer $(f1 "$(med "$1" own)"))"; fi
  echo "$c"
}

N_MIN=${NS[0]}
for n in "${NS[@]}"; do ((n < N_MIN)) && N_MIN=$n; done
BEST_R=pgrestore$N_MIN
for n in "${NS[@]}"; do
  awk "BEGIN { exit !(${W[pgrestore$n]} < ${W[$BEST_R]}) }" && BEST_R=pgrestore$n
done

{
echo "## coffer against every anchor"
echo
echo "SCALE=$SCALE (pgbench) + notes: $TEXT_ROWS rows, avg $NOTES_AVG bytes of text; database $(mb "$DB_SIZE") MB on disk; custom -Z0 dump $(mb "$CUSTOM_BYTES") MB, its \`zstd -3\` $(mb "$ZSTD_BYTES") MB."
echo "Medians of $ROUNDS round(s), the order rotated each round; JOBS=$JOBS; directory dumps on $PAR_NOTE."
echo "Largest table: ${LARGEST% *}, ${LARGEST##* }% of the tables' size (a parallel dump, which shares out whole tables, takes at least the time of that one table)."
echo "Cores: $CORES ($CPU_MODEL); a parallel row can beat the single-backend floor only with about 2N cores free (N COPY backends + N pg_dumps + compression)."
echo "Load before: $UPTIME_BEFORE"
echo "Load after: $UPTIME_AFTER"
echo "$("$PG_BIN/pg_dump" --version); $(zstd --version | head -1 | sed 's/^\*\** *//; s/ *\**$//'); age $(age --version); $(restic version | cut -d' ' -f1-2); $(borg --version); $(gpg --version | head -1)."
echo
echo "### Backup"
echo
echo "| row | wall s | vs floor | vs best anchor | output MB | peak RSS MiB (tree) | CPU s |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for k in "${ALL[@]}"; do
  case $k in pgrestore* | crestore*) continue ;; esac
  echo "| ${LABEL[$k]} | $(f2 "${W[$k]}") | $(ratio "${W[$k]}" "${W[floor]}") | $(ratio "${W[$k]}" "${W[$BEST]}") | $(size_mb "$k") | $(rss_cell "$k") | $(f2 "$(med "$k" cpu)") |"
done
echo
echo "Best anchor (fastest full encrypted copy among the seed, stock, restic's and borg's first runs): $BEST, $(f2 "${W[$BEST]}") s."
echo "Output: the file or directory written; restic/borg: the repository's growth in that run; coffer: the archive."
echo "Peak RSS: every process of the tree, each one's own peak (VmHWM) summed (the server's backends are not in the tree; GNU time and the bash running a pipeline are left out); coffer's own peak in brackets."
echo "CPU s: user + system of the whole tree (GNU time), not the server's."
echo
echo "### Restore"
echo
echo "| row | wall s | vs pg_restore ($( [ "$N_MIN" = 1 ] && echo single || echo "-j $N_MIN")) | vs best pg_restore | vs pg_restore at the same N | peak RSS MiB (tree) | CPU s |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for n in "${NS[@]}"; do
  for k in "pgrestore$n" "crestore$n"; do
    echo "| ${LABEL[$k]} | $(f2 "${W[$k]}") | $(ratio "${W[$k]}" "${W[pgrestore$N_MIN]}") | $(ratio "${W[$k]}" "${W[$BEST_R]}") | $(ratio "${W[$k]}" "${W[pgrestore$n]}") | $(rss_cell "$k") | $(f2 "$(med "$k" cpu)") |"
  done
done
echo
echo "### Targets"
echo
echo "| target | measured | result |"
echo "|---|---:|---|"
if [ -n "${W[coffer1]:-}" ]; then
  echo "| \`--jobs 1\` within 1.10x of the stock zstd\\|age pipeline | $(ratio "${W[coffer1]}" "${W[stock]}") | $(verdict "${W[coffer1]} <= 1.10 * ${W[stock]}") |"
  echo "| \`--jobs 1\` at least 2x faster than the seed | $(calc '%.2fx' "${W[seed]} / ${W[coffer1]}") | $(verdict "${W[seed]} >= 2 * ${W[coffer1]}") |"
fi
for n in "${NS[@]}"; do
  [ "$n" -gt 1 ] || continue
  note=
  ((CORES >= 2 * n)) || note=" (host has $CORES cores, the target needs >= $((2 * n)))"
  echo "| \`--jobs $n\` below the single-backend floor$note | $(ratio "${W[coffer$n]}" "${W[floor]}") | $(verdict "${W[coffer$n]} < ${W[floor]}") |"
done
for n in "${NS[@]}"; do
  echo "| \`coffer restore --jobs $n\` within 1.1x of \`pg_restore\`$([ "$n" = 1 ] || echo " -j $n") | $(ratio "${W[crestore$n]}" "${W[pgrestore$n]}") | $(verdict "${W[crestore$n]} <= 1.1 * ${W[pgrestore$n]}") |"
done
for n in "${NS[@]}"; do
  s=$(med "coffer$n" size)
  echo "| \`--jobs $n\` archive no larger than \`pg_dump -Fc -Z0 \\| zstd -3\` | $(calc '%.4fx' "$s / $ZSTD_BYTES") ($s vs $ZSTD_BYTES bytes; zstd\\|age: $(med stock size)) | $(verdict "$s <= $ZSTD_BYTES") |"
done
for n in "${NS[@]}"; do
  m=$(printf '%s\n' ${R[coffer$n,own]} ${R[crestore$n,own]} | sort -g | tail -1)
  echo "| coffer's peak RSS < 64 MiB, \`--jobs $n\` (max of its backups and restores) | $m MiB | $(verdict "$m < 64") |"
done
echo
echo "### Every round (wall s)"
echo
echo "| | $(for ((r = 1; r <= ROUNDS; r++)); do printf 'round %d | ' "$r"; done)"
echo "|---|$(for ((r = 1; r <= ROUNDS; r++)); do printf -- '---:|'; done)"
for k in "${ALL[@]}"; do
  echo "| $k | $(printf '%s | ' ${R[$k,wall]})"
done
}
exit 0
