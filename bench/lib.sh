# bench/lib.sh: shell functions shared by bench/backup.sh and
# bench/anchors.sh (sourced, not run). The caller sets BENCH_NAME (for
# messages) and `set -euo pipefail` first.
#
# What it gives:
#   bench_checks TOOL...   PostgreSQL binaries (PG_BIN), GNU time, the tools
#                          named, COFFER; sets AS_PG (runuser as postgres when root)
#   bench_workdir          WORK (0711), PGDATA, SOCK, GNUPGHOME; the EXIT trap
#                          (stops the cluster and gpg's agent, removes WORK unless
#                          KEEP=1, then calls bench_extra_cleanup if defined)
#   bench_cluster          a throwaway cluster on 127.0.0.1:PORT; PGHOST etc.,
#                          URL/RURL (DB/RDB), psql_q, drop_rdb
#   bench_load SCALE ROWS  pgbench -i -s SCALE plus the `notes` text table;
#                          DB_SIZE, NOTES_AVG
#   bench_vault            coffer init: VAULT, RECIPIENT, IDENTITY, PASSFILE (a
#                          random passphrase, 0600), gpg's agent warmed up
#   measure CMD...         WALL, CPU, RSS_KIB (GNU time: the largest process),
#                          TREE_KIB (the process tree's summed peaks), HWM[comm]
#   add/med/calc/f1/f2/mb/kib_to_mib/json_field/verdict   results and report helpers
#   run_floor/run_seed/run_stock    the rows both scripts measure

say() { printf '[%s %s] %s\n' "${BENCH_NAME:-bench}" "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench/%s.sh: %s\n' "${BENCH_NAME:-bench}" "$*" >&2; exit 1; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COFFER=${COFFER:-$REPO/target/release/coffer}
DB=bench
RDB=bench_restore

# ---------------------------------------------------------------- checks
bench_checks() {
  local t d
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
  for t in "$@"; do
    command -v "$t" >/dev/null || die "'$t' is not installed (run scripts/setup)"
  done
  [ -x /usr/bin/time ] || die "/usr/bin/time (GNU time, Debian package 'time') is not installed (run scripts/setup)"
  [ -x "$COFFER" ] || die "$COFFER not found: run 'cargo build --release --bin coffer' first (or set COFFER)"
  # Server programs run as `postgres` when we are root (initdb refuses root).
  AS_PG=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to run the server"
    command -v runuser >/dev/null || die "running as root needs runuser (util-linux)"
    AS_PG=(runuser -u postgres --)
  fi
}

# ---------------------------------------------------------------- work dir + cleanup
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

bench_cleanup() {
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
  if declare -F bench_extra_cleanup >/dev/null; then bench_extra_cleanup || true; fi
  if [ "${KEEP:-0}" = 1 ]; then
    say "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}

bench_workdir() {
  WORK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/coffer-bench.XXXXXX")
  chmod 711 "$WORK"
  PGDATA=$WORK/pgdata
  SOCK=$WORK/sock
  mkdir -p "$PGDATA" "$SOCK"
  [ ${#AS_PG[@]} -eq 0 ] || chown postgres: "$PGDATA" "$SOCK"
  chmod 700 "$PGDATA"
  export GNUPGHOME=$WORK/gnupg
  mkdir -m 700 "$GNUPGHOME"
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

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

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
drop_rdb() {
  psql_q -d postgres -c 'SET client_min_messages = warning' -c "DROP DATABASE IF EXISTS $RDB"
}

bench_cluster() {
  local locale=C
  PORT=$(free_port)
  locale -a 2>/dev/null | grep -qix 'c.utf-\?8' && locale=C.UTF-8
  say "initdb in $PGDATA (port $PORT)"
  "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 \
    --locale="$locale" >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
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
}

# ---------------------------------------------------------------- data
bench_load() {
  local scale=$1 rows=$2
  say "pgbench -i -s $scale"
  createdb "$DB"
  pgbench -i -s "$scale" -q "$DB" >"$WORK/pgbench.log" 2>&1 || { cat "$WORK/pgbench.log" >&2; die "pgbench -i failed"; }
  say "text table: $rows rows"
  # Text that compresses like text: common English and school words drawn one
  # by one with a skew toward the frequent ones (no repeated sentences for a
  # long window to find), plus per-row names, dates and a short hex reference.
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
     generate_series(1, $rows) g;
CREATE INDEX notes_student ON notes (student_id, created);
VACUUM ANALYZE;
SQL
  DB_SIZE=$(psql_q -d "$DB" -Atc "SELECT pg_database_size(current_database())")
  NOTES_AVG=$(psql_q -d "$DB" -Atc "SELECT coalesce(round(avg(length(body) + length(subject) + length(author))), 0) FROM notes")
}

# ---------------------------------------------------------------- vault, keys
bench_vault() {
  say "coffer init"
  VAULT=$WORK/vault
  "$COFFER" init --dir "$VAULT" --database-url "$URL" >"$WORK/init.log" 2>&1 || { cat "$WORK/init.log" >&2; die "coffer init failed"; }
  RECIPIENT=$(grep -o 'age1[0-9a-z]*' "$VAULT/coffer.toml" | head -1)
  [ -n "$RECIPIENT" ] || die "no age recipient in $VAULT/coffer.toml"
  IDENTITY=$VAULT/keys/identity.txt
  PASSFILE=$WORK/passphrase
  (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$PASSFILE")
  # Start gpg's agent now, not inside the first measured seed run.
  echo warm-up | gpg --batch --yes --pinentry-mode loopback --passphrase-file "$PASSFILE" \
    --symmetric --cipher-algo AES256 -o "$WORK/warm-up.gpg" 2>/dev/null || die "gpg --symmetric does not work here"
}

# ---------------------------------------------------------------- measuring
# Peak RSS of the measured command's process tree, sampled from /proc every
# 0.1 s without forking (so the sampler costs next to nothing): each process's
# VmHWM (its own peak, kept by the kernel) as last seen. HWM[comm] is the
# largest process of each name; TREE_KIB the sum over every process of the
# tree (an upper bound of the tree's simultaneous peak: processes that ran one
# after another count both), leaving out the harness (GNU time and the bash
# that runs a pipeline). A process's growth in the last 0.1 s before it exits
# can be missed; measure() takes at least GNU time's %M (exact, the largest).
declare -A HWM PID_HWM PID_COMM
sample_tree() {
  local root=$1 p k v comm f state
  local -a queue kids
  HWM=()
  PID_HWM=()
  PID_COMM=()
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
          if [ "$v" -gt "${PID_HWM[$p]:-0}" ]; then PID_HWM[$p]=$v; fi
          PID_COMM[$p]=$comm
          break
        fi
      done 2>/dev/null <"/proc/$p/status" || true
    done
    read -r -t 0.1 -u "$SLEEPFD" _ || true
  done
}

# measure CMD...: runs it under GNU time; sets WALL RSS_KIB CPU TREE_KIB and HWM[].
measure() {
  sync
  psql_q -d postgres -c CHECKPOINT
  /usr/bin/time -f '%e %M %U %S' -o "$WORK/time.out" "$@" >"$WORK/cmd.out" 2>"$WORK/cmd.err" &
  local tpid=$! p u s
  MEASURED=$tpid
  sample_tree "$tpid"
  if ! wait "$tpid"; then
    say "FAILED: $*"
    tail -20 "$WORK/cmd.err" >&2
    die "a measured command failed"
  fi
  MEASURED=
  read -r WALL RSS_KIB u s < <(tail -1 "$WORK/time.out")
  CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
  TREE_KIB=0
  for p in "${!PID_HWM[@]}"; do
    [ "$p" != "$tpid" ] || continue
    [ "${PID_COMM[$p]}" != bash ] || continue
    TREE_KIB=$((TREE_KIB + PID_HWM[$p]))
  done
  if [ "$TREE_KIB" -lt "$RSS_KIB" ]; then TREE_KIB=$RSS_KIB; fi
}

bench_sampler_fd() {
  SLEEPFIFO=$WORK/sleep.fifo
  mkfifo "$SLEEPFIFO"
  exec {SLEEPFD}<>"$SLEEPFIFO"
}

# ---------------------------------------------------------------- results, report helpers
json_field() { # json_field KEY FILE: a top-level-ish scalar from compact JSON
  sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" "$2" | head -1
}

# results: R[name,field] = space-separated per-round values
declare -A R
add() { R[$1,$2]="${R[$1,$2]:-}${R[$1,$2]:+ }$3"; }
kib_to_mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
med() { # median of the values of R[$1,$2] ("nan" when there are none)
  if [ -z "${R[$1,$2]:-}" ]; then echo nan; return; fi
  printf '%s\n' ${R[$1,$2]} | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.15g\n", m }'
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
f2() { calc '%.2f' "$1"; }
f1() { calc '%.1f' "$1"; }
mb() { calc '%.1f' "$1 / 1e6"; }
verdict() { awk "BEGIN { exit !($1) }" && echo PASS || echo MISS; }

# ---------------------------------------------------------------- rows both scripts measure
# Each adds wall, cpu, rss (GNU time: the largest process), tree (summed
# peaks, MiB) and, where there is an output, size (bytes).
add_common() {
  add "$1" wall "$WALL"; add "$1" cpu "$CPU"
  add "$1" rss "$(kib_to_mib "$RSS_KIB")"; add "$1" tree "$(kib_to_mib "$TREE_KIB")"
}
run_floor() {
  measure bash -c 'set -o pipefail; pg_dump -Fc -Z0 "$1" >/dev/null' _ "$DB"
  add_common floor
  add floor pgdump_rss "$(kib_to_mib "${HWM[pg_dump]:-0}")"
}
run_seed() {
  rm -f "$WORK/seed.sql.gz" "$WORK/seed.sql.gz.gpg"
  measure bash -c 'set -o pipefail
    pg_dump "$1" | gzip >"$2"
    gpg --batch --yes --pinentry-mode loopback --passphrase-file "$3" \
        --symmetric --cipher-algo AES256 "$2"' _ "$DB" "$WORK/seed.sql.gz" "$PASSFILE"
  add_common seed
  add seed size "$(stat -c %s "$WORK/seed.sql.gz.gpg")"
  rm -f "$WORK/seed.sql.gz" "$WORK/seed.sql.gz.gpg"
}
run_stock() {
  rm -f "$WORK/stock.age"
  measure bash -c 'set -o pipefail
    pg_dump -Fc -Z0 "$1" | zstd -q -3 -T0 | age -r "$2" >"$3"' _ "$DB" "$RECIPIENT" "$WORK/stock.age"
  add_common stock
  add stock size "$(stat -c %s "$WORK/stock.age")"
  rm -f "$WORK/stock.age"
}
