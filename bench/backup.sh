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
set -euo pipefail

SCALE=${SCALE:-30}
ROUNDS=${ROUNDS:-3}
TEXT_ROWS=${TEXT_ROWS:-400000}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COFFER=${COFFER:-$REPO/target/release/coffer}
DB=bench
RDB=bench_restore

say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench/backup.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- checks
if [ -z "${PG_BIN:-}" ]; then
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    [ -x "$d/initdb" ] && PG_BIN=$d
  done
fi
[ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ] ||
  die "no PostgreSQL server binaries (initdb) found; set PG_BIN or run scripts/setup"
for t in initdb pg_ctl postgres psql createdb dropdb pg_dump pg_restore pgbench; do
  [ -x "$PG_BIN/$t" ] || die "$PG_BIN/$t is missing (the PostgreSQL server and client packages are needed; see scripts/setup)"
done
for t in age zstd gpg gzip; do
  command -v "$t" >/dev/null || die "'$t' is not installed (run scripts/setup)"
done
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time, Debian package 'time') is not installed (run scripts/setup)"
[ -x "$COFFER" ] || die "$COFFER not found: run 'cargo build --release' first (or set COFFER)"
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer"
[[ $SCALE =~ ^[1-9][0-9]*$ ]] || die "SCALE must be a positive integer"
[[ $TEXT_ROWS =~ ^[0-9]+$ ]] || die "TEXT_ROWS must be an integer"

# Server programs run as `postgres` when we are root (initdb refuses root).
AS_PG=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to run the server"
  command -v runuser >/dev/null || die "running as root needs runuser (util-linux)"
  AS_PG=(runuser -u postgres --)
fi

# ---------------------------------------------------------------- work dir + cleanup
WORK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/coffer-bench.XXXXXX")
chmod 711 "$WORK"
PGDATA=$WORK/pgdata
SOCK=$WORK/sock
mkdir -p "$PGDATA" "$SOCK"
[ ${#AS_PG[@]} -eq 0 ] || chown postgres: "$PGDATA" "$SOCK"
chmod 700 "$PGDATA"
export GNUPGHOME=$WORK/gnupg
mkdir -m 700 "$GNUPGHOME"
PG_STARTED=0
MEASURED=

# The pids of a process tree, leaves last.
tree_pids() {
  local p f
  local -a kids
  echo "$1"
  for f in /proc/"$1"/task/*/children; do
    [ -r "$f" ] || continue
    read -r -a kids 2>/dev/null <"$f" || true
    for p in "${kids[@]}"; do tree_pids "$p"; done
  done
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$MEASURED" ]; then # interrupted mid-measurement: end that tree
    kill $(tree_pids "$MEASURED") 2>/dev/null || true
    wait "$MEASURED" 2>/dev/null || true
  fi
  if [ "$PG_STARTED" = 1 ]; then
    "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  gpgconf --homedir "$GNUPGHOME" --kill all >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then
    say "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- cluster
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  die "no free TCP port found"
}
PORT=$(free_port)
LOCALE=C
locale -a 2>/dev/null | grep -qix 'c.utf-\?8' && LOCALE=C.UTF-8

say "initdb in $PGDATA (port $PORT)"
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 \
  --locale="$LOCALE" >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
# Server defaults except where it listens: fsync etc. stay on.
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$SOCK" \
  start >/dev/null || { cat "$PGDATA/server.log" >&2 || true; die "the server did not start"; }
PG_STARTED=1

export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=postgres PGDATABASE=$DB
unset PGPASSWORD PGSERVICE PGHOSTADDR PGSSLMODE PGOPTIONS || true
export COFFER_PG_BIN=$PG_BIN
export PATH=$PG_BIN:$PATH
URL="postgresql://postgres@127.0.0.1:$PORT/$DB"
RURL="postgresql://postgres@127.0.0.1:$PORT/$RDB"
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
drop_rdb() {
  psql_q -d postgres -c 'SET client_min_messages = warning' -c "DROP DATABASE IF EXISTS $RDB"
}

# ---------------------------------------------------------------- data
say "pgbench -i -s $SCALE"
createdb "$DB"
pgbench -i -s "$SCALE" -q "$DB" >"$WORK/pgbench.log" 2>&1 || { cat "$WORK/pgbench.log" >&2; die "pgbench -i failed"; }

say "text table: $TEXT_ROWS rows"
# Text that compresses like text: common English and school words drawn one by
# one with a skew toward the frequent ones (no repeated sentences for a long
# window to find), plus per-row names, dates and a short hex reference.
psql_q -d "$DB" >/dev/null <<SQL || die "loading the text table failed"
SELECT setseed(0.42);
CREATE TABLE notes (
  id bigint PRIMARY KEY,
  student_id int NOT NULL,
  author text NOT NULL,
  created timestamptz NOT NULL,
  subject text NOT NULL,
  body text NOT NULL
);
INSERT INTO notes
SELECT g,
       (hashint4(g) & 65535),
       'teacher_' || (hashint4(g + 7) & 1023) || '@school.example',
       timestamptz '2020-01-01 08:00+00' + ((hashint4(g + 13) & 1073741823) % 126230400) * interval '1 second',
       -- "+ 0 * k" makes each string_agg the subquery's own aggregate
       -- (with only outer columns in it, it would be the outer query's).
       (SELECT initcap(string_agg(v.w[1 + 0 * k + floor(cardinality(v.w) * random() ^ 2)::int], ' '))
          FROM generate_series(1, 3 + g % 7) k),
       (SELECT string_agg(v.w[1 + 0 * k + floor(cardinality(v.w) * random() ^ 2)::int]
                          || CASE WHEN random() < 0.1 THEN '.' ELSE '' END, ' ')
          FROM generate_series(1, 30 + g % 45) k)
         || ' Ref ' || left(md5(g::text), 12) || '.'
FROM (SELECT '{the,of,and,to,a,in,is,it,you,that,he,was,for,on,are,with,as,I,his,they,be,at,one,have,this,from,or,had,by,not,word,but,what,some,we,can,out,other,were,all,there,when,up,use,your,how,said,an,each,she,which,do,their,time,if,will,way,about,many,then,them,write,would,like,so,these,her,long,make,thing,see,him,two,has,look,more,day,could,go,come,did,number,sound,no,most,people,my,over,know,water,than,call,first,who,may,down,side,been,now,find,any,new,work,part,take,get,place,made,live,where,after,back,little,only,round,man,year,came,show,every,good,me,give,our,under,name,very,through,just,form,sentence,great,think,say,help,low,line,differ,turn,cause,much,mean,before,move,right,boy,old,too,same,tell,does,set,three,want,air,well,also,play,small,end,put,home,read,hand,port,large,spell,add,even,land,here,must,big,high,such,follow,act,why,ask,men,change,went,light,kind,off,need,house,picture,try,us,again,animal,point,mother,world,near,build,self,earth,father,student,teacher,class,grade,lesson,homework,school,parent,report,absent,present,meeting,schedule,exam,course,credit,semester,library,science,history,math,reading,writing,project,deadline,review,feedback,excellent,improving,attendance,behaviour,discussion,group,trip,permission,signed,returned,missing,late,submitted,accepted,pending,approved,questions,answers,chapter,section,notes,summary,progress,goal,support,extra,office,hours,room,morning,afternoon,monday,tuesday,wednesday,thursday,friday,because,although,however,therefore,quickly,carefully,clearly,always,never,often,sometimes,usually,already,still,together}'::text[] AS w) v,
     generate_series(1, $TEXT_ROWS) g;
CREATE INDEX notes_student ON notes (student_id, created);
VACUUM ANALYZE;
SQL
DB_SIZE=$(psql_q -d "$DB" -Atc "SELECT pg_database_size(current_database())")
NOTES_SIZE=$(psql_q -d "$DB" -Atc "SELECT coalesce(sum(length(body) + length(subject)), 0) FROM notes")
NOTES_AVG=$(psql_q -d "$DB" -Atc "SELECT coalesce(round(avg(length(body) + length(subject) + length(author))), 0) FROM notes")

# ---------------------------------------------------------------- vault, keys
say "coffer init"
VAULT=$WORK/vault
"$COFFER" init --dir "$VAULT" --database-url "$URL" >"$WORK/init.log" 2>&1 || { cat "$WORK/init.log" >&2; die "coffer init failed"; }
RECIPIENT=$(grep -o 'age1[0-9a-z]*' "$VAULT/coffer.toml" | head -1)
[ -n "$RECIPIENT" ] || die "no age recipient in $VAULT/coffer.toml"
IDENTITY=$VAULT/keys/identity.txt
PASSFILE=$WORK/passphrase
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$PASSFILE"
chmod 600 "$PASSFILE"
# Start gpg's agent now, not inside the first measured seed run.
echo warm-up | gpg --batch --yes --pinentry-mode loopback --passphrase-file "$PASSFILE" \
  --symmetric --cipher-algo AES256 -o "$WORK/warm-up.gpg" 2>/dev/null || die "gpg --symmetric does not work here"

# Reference dumps: the custom -Z0 file pg_restore restores from (it also warms
# the page cache for every contender alike), and the plain dump's size.
say "reference dumps"
DUMPFILE=$WORK/ref.dump
pg_dump -Fc -Z0 "$DB" >"$DUMPFILE"
CUSTOM_BYTES=$(stat -c %s "$DUMPFILE")
PLAIN_BYTES=$(pg_dump "$DB" | wc -c)

# ---------------------------------------------------------------- measuring
SLEEPFIFO=$WORK/sleep.fifo
mkfifo "$SLEEPFIFO"
exec {SLEEPFD}<>"$SLEEPFIFO"

# Peak RSS per process name (KiB) in the measured command's tree, sampled from
# /proc VmHWM every 0.2 s without forking (so the sampler costs next to
# nothing). GNU time's %M is the largest process of the tree; this tells
# coffer's own peak from its pg_dump child's.
declare -A HWM
sample_tree() {
  local root=$1 p k v comm f state
  local -a queue kids
  HWM=()
  # Until the root exits (a zombie still answers kill -0: read its state).
  while read -r _ _ state _ 2>/dev/null <"/proc/$root/stat" && [ "$state" != Z ]; do
    queue=("$root")
    while [ ${#queue[@]} -gt 0 ]; do
      p=${queue[0]}
      queue=("${queue[@]:1}")
      for f in /proc/"$p"/task/*/children; do
        [ -r "$f" ] || continue
        read -r -a kids 2>/dev/null <"$f" || true
        queue+=("${kids[@]}")
      done
      read -r comm 2>/dev/null <"/proc/$p/comm" || continue
      while read -r k v _; do
        if [ "$k" = VmHWM: ]; then
          if [ "$v" -gt "${HWM[$comm]:-0}" ]; then HWM[$comm]=$v; fi
          break
        fi
      done 2>/dev/null <"/proc/$p/status" || true
    done
    read -r -t 0.2 -u "$SLEEPFD" _ || true
  done
}

# measure CMD...: runs it under GNU time; sets WALL RSS_KIB CPU and HWM[].
measure() {
  sync
  psql_q -d postgres -c CHECKPOINT
  /usr/bin/time -f '%e %M %U %S' -o "$WORK/time.out" "$@" >"$WORK/cmd.out" 2>"$WORK/cmd.err" &
  local tpid=$!
  MEASURED=$tpid
  sample_tree "$tpid"
  if ! wait "$tpid"; then
    say "FAILED: $*"
    tail -20 "$WORK/cmd.err" >&2
    die "a measured command failed"
  fi
  local u s
  MEASURED=
  read -r WALL RSS_KIB u s < <(tail -1 "$WORK/time.out")
  CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
}

json_field() { # json_field KEY FILE: a top-level-ish scalar from compact JSON
  sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" "$2" | head -1
}

# results: R[name,field] = space-separated per-round values
declare -A R
add() { R[$1,$2]="${R[$1,$2]:-}${R[$1,$2]:+ }$3"; }
kib_to_mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

run_floor() {
  measure bash -c 'set -o pipefail; pg_dump -Fc -Z0 "$1" >/dev/null' _ "$DB"
  add floor wall "$WALL"; add floor cpu "$CPU"; add floor rss "$(kib_to_mib "$RSS_KIB")"
  add floor pgdump_rss "$(kib_to_mib "${HWM[pg_dump]:-0}")"
}
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
run_seed() {
  rm -f "$WORK/seed.sql.gz" "$WORK/seed.sql.gz.gpg"
  measure bash -c 'set -o pipefail
    pg_dump "$1" | gzip >"$2"
    gpg --batch --yes --pinentry-mode loopback --passphrase-file "$3" \
        --symmetric --cipher-algo AES256 "$2"' _ "$DB" "$WORK/seed.sql.gz" "$PASSFILE"
  add seed wall "$WALL"; add seed cpu "$CPU"; add seed rss "$(kib_to_mib "$RSS_KIB")"
  add seed size "$(stat -c %s "$WORK/seed.sql.gz.gpg")"
  rm -f "$WORK/seed.sql.gz" "$WORK/seed.sql.gz.gpg"
}
run_stock() {
  rm -f "$WORK/stock.age"
  measure bash -c 'set -o pipefail
    pg_dump -Fc -Z0 "$1" | zstd -q -3 -T0 | age -r "$2" >"$3"' _ "$DB" "$RECIPIENT" "$WORK/stock.age"
  add stock wall "$WALL"; add stock cpu "$CPU"; add stock rss "$(kib_to_mib "$RSS_KIB")"
  add stock size "$(stat -c %s "$WORK/stock.age")"
  rm -f "$WORK/stock.age"
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
med() { # median of the values of R[$1,$2]
  printf '%s\n' ${R[$1,$2]:-} | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.15g\n", m }'
}
f2() { calc '%.2f' "$1"; }
f1() { calc '%.1f' "$1"; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
mb() { calc '%.1f' "$1 / 1e6"; }

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
verdict() { awk "BEGIN { exit !($1) }" && echo PASS || echo MISS; }
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
