#!/usr/bin/env bash
# Benchmark of issue 7 (performance): `coffer push` of one archive to an
# S3 API on loopback against the AWS CLI's `aws s3 cp`, in the same run, on
# the same archive and the same server.
#
#   bench/push.sh                        # 1 GiB archive, 3 rounds
#   SIZE_MIB=256 ROUNDS=5 bench/push.sh
#   COFFER=/path/to/coffer bench/push.sh # skip the build, bench that binary
#
# The server is moto_server (what the tests use; in-memory, single process),
# started here on 127.0.0.1 and stopped at the end. The archive is made once
# by `coffer pack` from random (incompressible) bytes, so it is SIZE_MIB big,
# put into a throwaway vault's store and registered by `catalog rebuild`.
#
# Rows (medians of ROUNDS; each round uses fresh keys):
#   push      `coffer push ID` = multipart upload (SHA-256 on the way) +
#             seal/signature + read-back (the whole object streamed back
#             and hashed) + catalog record
#   aws up    `aws s3 cp ARCHIVE s3://...` (upload only)
#   aws up+down  `aws s3 cp` up, then `aws s3 cp s3://... - | sha256sum`:
#             the same work as push (upload, then read back and hash)
# with MB/s of the archive, and coffer's peak RSS (GNU time).
#
# Needs: cargo, python3 (a venv with moto[server] and awscli is made in
# ~/.cache/coffer/bench-venv on first use), GNU time.
set -euo pipefail

SIZE_MIB=${SIZE_MIB:-1024}
ROUNDS=${ROUNDS:-3}
cd "$(dirname "$0")/.."
DATA=bench/.data/push
mkdir -p "$DATA"

VENV=${COFFER_BENCH_VENV:-$HOME/.cache/coffer/bench-venv}
if [ ! -x "$VENV/bin/aws" ] || [ ! -x "$VENV/bin/moto_server" ]; then
    echo "== installing moto[server] and awscli into $VENV (once)" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'moto[server]' awscli
fi
AWS=$VENV/bin/aws

if [ -n "${COFFER:-}" ]; then
    echo "== using COFFER=$COFFER (no build)" >&2
else
    echo "== building coffer (release)" >&2
    cargo build --release --quiet --bin coffer
    COFFER=$PWD/target/release/coffer
fi

T=$(mktemp -d)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" > "$T/moto.log" 2>&1 &
MOTO=$!
trap 'kill $MOTO 2>/dev/null; wait $MOTO 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && break
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null && break
    sleep 0.1
done
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
EP=http://127.0.0.1:$PORT

# A vault with one offsite store on the loopback server.
VAULT=$T/vault
"$COFFER" init --dir "$VAULT" > /dev/null
cat >> "$VAULT/coffer.toml" <<TOML

[stores.offsite]
type = "s3"
bucket = "bench"
endpoint = "$EP"
region = "us-east-1"
TOML
sed -i 's/^\[vault\]$/[vault]\noffsite = ["offsite"]/' "$VAULT/coffer.toml"
RCPT=$(grep -m1 '^recipients' "$VAULT/coffer.toml" | sed 's/.*"\(age1[^"]*\)".*/\1/')

INPUT=$DATA/random-${SIZE_MIB}MiB.bin
if [ ! -s "$INPUT" ]; then
    echo "== generating $INPUT (${SIZE_MIB} MiB of random bytes, once)" >&2
    head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$INPUT.tmp"
    mv "$INPUT.tmp" "$INPUT"
fi
echo "== packing the archive" >&2
ID=$("$COFFER" pack -r "$RCPT" --sign-key "$VAULT/keys/signing.key" --class general \
    -o "$T/a.tar.zst.age" --json "$INPUT" | python3 -c 'import json, sys; print(json.load(sys.stdin)["archive_id"])')
mkdir -p "$VAULT/archives/general"
for s in "" .seal .seal.sig; do mv "$T/a.tar.zst.age$s" "$VAULT/archives/general/$ID.tar.zst.age$s"; done
ARCHIVE=$VAULT/archives/general/$ID.tar.zst.age
COFFER_CONFIG=$VAULT/coffer.toml "$COFFER" catalog rebuild > /dev/null
BYTES=$(stat -c %s "$ARCHIVE")
cat "$ARCHIVE" > /dev/null

s3() { "$AWS" --endpoint-url "$EP" s3 "$@"; }
s3api() { "$AWS" --endpoint-url "$EP" s3api "$@"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "== $ROUNDS rounds, archive $BYTES bytes, moto on $EP ($(nproc) cores)" >&2
for round in $(seq 1 "$ROUNDS"); do
    echo "   round $round" >&2
    s3api create-bucket --bucket bench > /dev/null
    /usr/bin/time -f '%e %M' -o "$T/one" env COFFER_CONFIG="$VAULT/coffer.toml" \
        "$COFFER" push "$ID" > /dev/null 2>> "$T/log"
    cat "$T/one" >> "$T/coffer"
    s=$(now); s3 cp --quiet "$ARCHIVE" "s3://bench/aws-$round"; e=$(now)
    up=$(elapsed "$s" "$e")
    echo "$up" >> "$T/aws_up"
    s=$(now); s3 cp --quiet "s3://bench/aws-$round" - | sha256sum > /dev/null; e=$(now)
    awk -v a="$up" -v b="$(elapsed "$s" "$e")" 'BEGIN { printf "%.2f\n", a + b }' >> "$T/aws_updown"
    # Empty the bucket for the next round (push skips a recorded copy).
    s3 rm --quiet --recursive s3://bench
    s3api delete-bucket --bucket bench
    sqlite3 "$VAULT/catalog.db" "DELETE FROM copies WHERE store = 'offsite'" 2>/dev/null \
        || python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"DELETE FROM copies WHERE store = 'offsite'\"); c.commit()" "$VAULT/catalog.db"
done

median() { # FILE COLUMN
    cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
CT=$(median "$T/coffer" 1); CR=$(median "$T/coffer" 2)
UP=$(median "$T/aws_up" 1); UD=$(median "$T/aws_updown" 1)
awk -v ct="$CT" -v cr="$CR" -v up="$UP" -v ud="$UD" -v b="$BYTES" 'BEGIN {
    mb = b / 1e6
    printf "%-28s %9s %9s %12s\n", "", "seconds", "MB/s", "coffer/aws"
    printf "%-28s %9.2f %9.0f %12s\n", "coffer push (up+read-back)", ct, mb / ct, ""
    printf "%-28s %9.2f %9.0f %12.2f\n", "aws s3 cp up", up, mb / up, ct / up
    printf "%-28s %9.2f %9.0f %12.2f\n", "aws s3 cp up + down|sha256", ud, mb / ud, ct / ud
    printf "coffer peak RSS: %.1f MiB\n", cr / 1024
}'
