#!/usr/bin/env bash
# bench/wal.sh: WAL archiving throughput (issue 16, spec/wal.md "Throughput").
#
# A throwaway cluster (as the `postgres` user when run as root) with
# archive_mode on and archive_command = 'coffer wal push %p', pgbench
# generating WAL for SECONDS; samples pg_stat_archiver once a second and
# reports the WAL the server produced and the archiver pushed (segments per
# second) and the archiver's lag (segments written but not yet archived),
# then the time to catch up after the load stops. Also, side by side on one
# real 16 MiB segment: `coffer wal push` against the stock `zstd -3 | age`.
#
#   bench/wal.sh                       # release build, 60 s of pgbench -c 2
#   SECONDS_LOAD=20 COFFER=target/debug/coffer bench/wal.sh
set -euo pipefail

SECONDS_LOAD=${SECONDS_LOAD:-60}
CLIENTS=${CLIENTS:-2}
SCALE=${SCALE:-10}
ROUNDS=${ROUNDS:-10}
cd "$(dirname "$0")/.."
if [ -z "${COFFER:-}" ]; then
  cargo build --release --bin coffer >/dev/null
  COFFER=$PWD/target/release/coffer
fi
COFFER=$(readlink -f "$COFFER")
BIN=${COFFER_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}

W=$(mktemp -d /tmp/coffer-walbench.XXXXXX)
AS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$W"
  AS=(runuser -u postgres --)
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$W/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$W"
}
trap cleanup EXIT

"${AS[@]}" "$COFFER" init --dir "$W/vault" >/dev/null
"${AS[@]}" "$BIN/initdb" -D "$W/data" -A trust -U postgres --no-sync >/dev/null
cat >>"$W/data/postgresql.conf" <<EOF
listen_addresses = ''
port = $PORT
unix_socket_directories = '$W'
archive_mode = on
archive_command = '$COFFER --config $W/vault/coffer.toml wal push %p'
max_wal_size = 1GB
EOF
"${AS[@]}" "$BIN/pg_ctl" -D "$W/data" -l "$W/log" -w start >/dev/null
PSQL=("${AS[@]}" "$BIN/psql" -h "$W" -p "$PORT" -U postgres -X -At -d postgres)
q() { "${PSQL[@]}" -c "$1"; }

"${AS[@]}" "$BIN/pgbench" -h "$W" -p "$PORT" -U postgres -i -s "$SCALE" -q postgres >/dev/null 2>&1
# A WAL-heavy load (bulk inserts of half-compressible rows), besides TPC-B.
q "CREATE TABLE bulk (id bigint, note text)" >/dev/null
cat >"$W/bulk.sql" <<'EOS'
INSERT INTO bulk SELECT g, md5(random()::text) || repeat('x', 100) FROM generate_series(1, 2000) g;
EOS
chmod 644 "$W/bulk.sql"
q "SELECT pg_switch_wal()" >/dev/null
sleep 2

seg_of() { q "SELECT pg_walfile_name(pg_current_wal_lsn())"; }
n0=$(q "SELECT archived_count FROM pg_stat_archiver")
lsn0=$(q "SELECT pg_current_wal_lsn()")
"${AS[@]}" "$BIN/pgbench" -h "$W" -p "$PORT" -U postgres -n -c "$CLIENTS" -T "$SECONDS_LOAD" -f "$W/bulk.sql@1" -b tpcb-like@1 postgres >"$W/pgbench.out" 2>&1 &
PGB=$!
maxlag=0
for ((i = 0; i < SECONDS_LOAD; i++)); do
  sleep 1
  lag=$(q "SELECT (('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 9, 16))::bit(64)::bigint
                 - coalesce(('x' || substr(last_archived_wal, 9, 16))::bit(64)::bigint, 0)) - 1
           FROM pg_stat_archiver")
  [ "$lag" -gt "$maxlag" ] && maxlag=$lag
done
wait $PGB
bytes=$(q "SELECT pg_current_wal_lsn() - '$lsn0'::pg_lsn")
n1=$(q "SELECT archived_count FROM pg_stat_archiver")
target=$(q "SELECT pg_walfile_name(pg_switch_wal())")
t0=$(date +%s.%N)
for ((i = 0; i < 600; i++)); do
  last=$(q "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver")
  [[ "$last" > "$target" || "$last" == "$target" ]] && break
  sleep 0.1
done
catchup=$(python3 -c "import time; print(f'{time.time() - $t0:.1f}')")
failed=$(q "SELECT failed_count FROM pg_stat_archiver")
tps=$(grep -o 'tps = [0-9.]*' "$W/pgbench.out" | head -1)

python3 - "$bytes" "$SECONDS_LOAD" "$n0" "$n1" "$maxlag" "$catchup" "$failed" "$tps" <<'EOF'
import sys
b, secs, n0, n1, lag, catchup, failed, tps = sys.argv[1:]
segs = int(b) / (16 << 20)
print(f"pgbench load for {secs} s ({tps}): WAL produced {segs:.1f} segments = {segs/int(secs):.2f} segments/s")
print(f"archived during the load: {int(n1)-int(n0)} = {(int(n1)-int(n0))/int(secs):.2f} segments/s; "
      f"archiver lag at most {lag} segment(s); caught up {catchup} s after the load; failed pushes {failed}")
EOF

# One real segment, side by side: coffer wal push vs zstd -3 | age.
seg=$(ls "$W/data/pg_wal" | grep -E '^[0-9A-F]{24}$' | sort | head -1)
cp "$W/data/pg_wal/$seg" "$W/seg"
chmod 644 "$W/seg"
R=$(grep -o 'age1[0-9a-z]*' "$W/vault/coffer.toml" | head -1)
python3 - "$COFFER" "$W" "$R" "$ROUNDS" "${AS[@]}" <<'EOF'
import os, shutil, subprocess, sys, time
coffer, w, r, rounds, *as_ = sys.argv[1:]
rounds = int(rounds)
def run(cmd, **kw):
    t = time.perf_counter(); subprocess.run(cmd, check=True, **kw); return time.perf_counter() - t
c, s = [], []
for i in range(rounds):
    name = f"0000000F{i:016X}"
    d = os.path.join(w, f"push{i}"); os.mkdir(d); shutil.copy(os.path.join(w, "seg"), os.path.join(d, name))
    shutil.chown(d, "postgres") if as_ else None
    c.append(run(as_ + [coffer, "--config", f"{w}/vault/coffer.toml", "wal", "push", os.path.join(d, name)], stdout=subprocess.DEVNULL))
    s.append(run(["sh", "-c", f"zstd -q -3 -c {w}/seg | age -r {r} > {w}/stock.age"]))
med = lambda v: sorted(v)[len(v) // 2]
print(f"one 16 MiB segment, median of {rounds}: coffer wal push {med(c)*1000:.0f} ms "
      f"(seal, sign, read back, register); zstd -3 | age {med(s)*1000:.0f} ms; ratio {med(c)/med(s):.2f}")
EOF
