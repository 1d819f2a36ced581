#!/usr/bin/env bash
# Benchmark of issue 2 (performance): coffer pack and keyless verify against
# the stock pipeline they replace, in the same run, on the same input.
#
#   bench/pack.sh                      # 1 GiB input, 3 rounds
#   SIZE_MIB=256 ROUNDS=5 bench/pack.sh
#   COFFER=/path/to/coffer bench/pack.sh   # skip the build, bench that binary
#
# Targets: `coffer pack` (zstd -3, age X25519, SHA-256 of everything, seal)
# at least as fast as `zstd -T0 -3 | age -r R`, peak RSS under 64 MiB;
# `coffer verify A` (keyless: seal signature, ciphertext SHA-256 and size)
# as fast as `sha256sum A`. Also shown, for information: deep verify
# (`coffer verify A -i ID`: decrypt, decompress, every hash) against
# `age -d -i ID A | zstd -d > /dev/null`.
#
# Wall time and peak RSS come from GNU time (`/usr/bin/time -f '%e %M'`).
# For the stock pipelines each process is measured on its own and the RSS
# figure is the sum of the processes' peaks (they run at the same time).
# Runs alternate (coffer, stock, coffer, stock, ...) so that a background
# load hits both; the table shows medians. The input is generated once
# (pg_dump-like COPY rows, about 3.4x compressible by zstd -3) and cached
# in bench/.data/ (gitignored), with the keys; archives are deleted at the end.
#
# Needs: cargo, python3, zstd, age, age-keygen, sha256sum, GNU time.
set -euo pipefail

SIZE_MIB=${SIZE_MIB:-1024}
ROUNDS=${ROUNDS:-3}
cd "$(dirname "$0")/.."
DATA=bench/.data
OUT=$DATA/out
mkdir -p "$DATA" "$OUT"

for tool in python3 zstd age age-keygen sha256sum /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench/pack.sh: $tool is required" >&2; exit 2; }
done

if [ -n "${COFFER:-}" ]; then
    echo "== using COFFER=$COFFER (no build)" >&2
else
    echo "== building coffer (release)" >&2
    cargo build --release --quiet --bin coffer
    COFFER=$PWD/target/release/coffer
fi

INPUT=$DATA/input-${SIZE_MIB}MiB.sql
if [ ! -s "$INPUT" ]; then
    echo "== generating $INPUT (${SIZE_MIB} MiB, once)" >&2
    python3 - "$((SIZE_MIB * 1024 * 1024))" > "$INPUT.tmp" <<'PY'
import random, sys
# Deterministic pg_dump-like COPY rows: names, emails, timestamps, amounts and
# short notes; about 3.4x compressible by zstd -3 (like real table data).
size = int(sys.argv[1])
out = sys.stdout.buffer
rnd = random.Random(20261124)
first = "anna bruno carla dmitri elena farid greta hugo ines jonas kira liam mona nils olga pavel quinn rosa sven tara umar vera wim xena yusuf zoe".split()
last = "smith garcia muller rossi novak kowalski silva jensen dubois tanaka kim nguyen okafor haddad ivanova larsen".split()
words = ("the of and to in is it that was for on are as with his they be at one have this from or had by hot word but what some we can "
         "out other were all there when up use your how said an each she which do their time if will way about many then them write would "
         "like so these her long make thing see him two has look more day could go come did number sound no most people my over know water "
         "than call first who may down side been now find any new work part take get place made live where after back little only round man "
         "year came show every good me give our under name very through just form sentence great think say help low line differ turn cause "
         "much mean before move right boy old too same tell does set three want air well also play small end put home read hand port large "
         "spell add even land here must big high such follow act why ask men change went light kind off need house picture try us again "
         "animal point mother world near build self earth father").split()
status = ["active", "pending", "closed", "refunded", "shipped"]
head = b"--\n-- PostgreSQL database dump\n--\n\nCOPY public.orders (id, customer, email, created_at, amount, status, ref, note) FROM stdin;\n"
out.write(head)
n, i = len(head), 0
while n < size:
    rows = []
    for _ in range(2000):
        i += 1
        f, l, r = rnd.choice(first), rnd.choice(last), rnd.getrandbits(64)
        rows.append("%d\t%s %s\t%s.%s%d@example.org\t2026-%02d-%02d %02d:%02d:%02d+00\t%d.%02d\t%s\tORD-%08d\t%s\n" % (
            i, f.title(), l.title(), f, l, r % 1000, 1 + r % 12, 1 + (r >> 4) % 28, (r >> 9) % 24, (r >> 14) % 60,
            (r >> 20) % 60, (r >> 26) % 5000, (r >> 40) % 100, status[(r >> 47) % 5], i * 7,
            " ".join(rnd.choices(words, k=4 + (r >> 50) % 8))))
    b = "".join(rows).encode()
    out.write(b)
    n += len(b)
PY
    truncate -s "$((SIZE_MIB * 1024 * 1024))" "$INPUT.tmp"
    mv "$INPUT.tmp" "$INPUT"
fi

[ -s "$DATA/id.txt" ] || age-keygen -o "$DATA/id.txt" 2>/dev/null
[ -s "$DATA/sign.key" ] || "$COFFER" keygen --signing -o "$DATA/sign.key" >/dev/null
RCPT=$(age-keygen -y "$DATA/id.txt")

# Warm the page cache so that the first run does not pay for the disk.
cat "$INPUT" > /dev/null

T=$(mktemp -d)
trap 'rm -rf "$T" "$OUT"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# measure NAME CMD...: one process under GNU time; appends "secs kib" to $T/NAME.
measure() {
    local name=$1; shift
    /usr/bin/time -f '%e %M' -o "$T/one" "$@" > /dev/null 2>> "$T/log"
    cat "$T/one" >> "$T/$name"
}
# A two-process pipeline; wall time around both, RSS = sum of the two peaks.
pipeline_pack() {
    local s e
    s=$(now)
    /usr/bin/time -f '%M' -o "$T/p1" zstd -q -T0 -3 -c "$INPUT" \
        | /usr/bin/time -f '%M' -o "$T/p2" age -r "$RCPT" > "$OUT/stock.age"
    e=$(now)
    echo "$(elapsed "$s" "$e") $(( $(cat "$T/p1") + $(cat "$T/p2") ))" >> "$T/stock_pack"
}
pipeline_deep() {
    local s e
    s=$(now)
    /usr/bin/time -f '%M' -o "$T/p1" age -d -i "$DATA/id.txt" "$OUT/stock.age" \
        | /usr/bin/time -f '%M' -o "$T/p2" zstd -q -d -c > /dev/null
    e=$(now)
    echo "$(elapsed "$s" "$e") $(( $(cat "$T/p1") + $(cat "$T/p2") ))" >> "$T/stock_deep"
}

echo "== $ROUNDS rounds on $INPUT ($(nproc) cores)" >&2
for round in $(seq 1 "$ROUNDS"); do
    echo "   round $round" >&2
    rm -f "$OUT/coffer.age" "$OUT/coffer.age.seal" "$OUT/coffer.age.seal.sig" "$OUT/stock.age"
    measure coffer_pack "$COFFER" pack -r "$RCPT" --sign-key "$DATA/sign.key" \
        --name dump.sql -o "$OUT/coffer.age" "$INPUT"
    pipeline_pack
    measure coffer_verify "$COFFER" verify --signer "$DATA/sign.key.pub" "$OUT/coffer.age"
    measure stock_verify sha256sum "$OUT/coffer.age"
    measure coffer_deep "$COFFER" verify --signer "$DATA/sign.key.pub" -i "$DATA/id.txt" "$OUT/coffer.age"
    pipeline_deep
done

median() { # FILE COLUMN
    cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

IN_BYTES=$(stat -c %s "$INPUT")
C_SIZE=$(stat -c %s "$OUT/coffer.age")
S_SIZE=$(stat -c %s "$OUT/stock.age")

row() { # LABEL COFFER STOCK BYTES_FOR_THROUGHPUT
    local ct cr st sr
    ct=$(median "$T/$2" 1); cr=$(median "$T/$2" 2)
    st=$(median "$T/$3" 1); sr=$(median "$T/$3" 2)
    awk -v l="$1" -v ct="$ct" -v cr="$cr" -v st="$st" -v sr="$sr" -v b="$4" 'BEGIN {
        mb = b / 1e6
        printf "%-16s %9.2f %9.2f %7.2f %10.0f %10.0f %8.1f %8.1f %8.2f\n", l, ct, st, (st > 0 ? ct / st : 0),
            (ct > 0 ? mb / ct : 0), (st > 0 ? mb / st : 0), cr / 1024, sr / 1024, (sr > 0 ? cr / sr : 0)
    }'
}

echo
echo "coffer bench/pack.sh: input $SIZE_MIB MiB ($IN_BYTES bytes), $ROUNDS rounds, medians, $(nproc) cores"
echo "coffer $("$COFFER" --version 2>/dev/null | awk '{print $2}'), $(zstd --version | grep -o 'v[0-9.]*' | head -1), age $(age --version)"
printf "%-16s %9s %9s %7s %10s %10s %8s %8s %8s\n" "" "coffer s" "stock s" "ratio" "coffer MB/s" "stock MB/s" "coffer MiB" "stock MiB" "RSS ratio"
row "pack" coffer_pack stock_pack "$IN_BYTES"
row "verify keyless" coffer_verify stock_verify "$C_SIZE"
row "verify deep" coffer_deep stock_deep "$IN_BYTES"
echo
echo "pack: coffer = coffer pack -r R --sign-key K (zstd -3, $(nproc) threads max 4);  stock = zstd -T0 -3 | age -r R"
echo "verify keyless: coffer verify --signer K.pub A;  stock = sha256sum A   (MB/s of the archive)"
echo "verify deep: coffer verify -i ID A;  stock = age -d -i ID A | zstd -d   (MB/s of the payload)"
echo "ratio = coffer time / stock time (<= 1: coffer at least as fast); RSS in MiB (stock: sum of the pipeline's processes)"
awk -v i="$IN_BYTES" -v c="$C_SIZE" -v s="$S_SIZE" 'BEGIN {
    printf "archive sizes: coffer %d bytes (%.2fx), stock %d bytes (%.2fx), coffer/stock %.4f\n", c, i / c, s, i / s, c / s }'
