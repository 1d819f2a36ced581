#!/usr/bin/env bash
# Benchmark of issue 15 (key lifecycle): `coffer rekey` of one large age
# archive and one large OpenPGP archive, beside what it replaces, in the
# same run:
#   floor      copying the archive to a new file with fsync (a rekey writes
#              the whole file again: the payload bytes are copied, not moved)
#   reencrypt  what a tool without rekey does: decrypt and encrypt again to
#              the new recipient (`age -d | age -r`, `gpg -d | gpg -e`)
# Target: an age rekey costs about the floor (its header is a few hundred
# bytes); an OpenPGP rekey costs the floor plus one decryption (coffer
# decrypts the whole archive once so that the MDC vouches for the session
# key), still under re-encryption.
#
#   bench/rekey.sh
#   SIZE_MIB=1024 ROUNDS=5 bench/rekey.sh
#   COFFER=target/debug/coffer bench/rekey.sh    # without a release build
#   BENCH_TMP=/dev/shm bench/rekey.sh            # tmpfs: CPU cost without the disk
#
# The archives are made by `coffer pack` from random bytes (incompressible:
# the archive is as large as the data), sealed by the vault's key and
# taken in by `coffer catalog rebuild`. Each round adds a second recipient
# and the next removes it again, so every run rewrites the archive. Median
# wall time of ROUNDS runs (3). Needs: age, gpg, GNU time. It reports; it
# does not gate.
set -euo pipefail

SIZE_MIB=${SIZE_MIB:-512}
ROUNDS=${ROUNDS:-3}
REPO=$(cd "$(dirname "$0")/.." && pwd)
COFFER=${COFFER:-$REPO/target/release/coffer}
[ -x "$COFFER" ] || { echo "bench/rekey.sh: $COFFER not found: cargo build --release --bin coffer (or COFFER=target/debug/coffer)" >&2; exit 1; }
for t in age age-keygen gpg; do
  command -v "$t" >/dev/null || { echo "bench/rekey.sh: '$t' is not installed (run scripts/setup)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "bench/rekey.sh: GNU time is not installed (run scripts/setup)" >&2; exit 1; }

WORK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/coffer-rekey-bench.XXXXXX")
export GNUPGHOME=$WORK/gnupg
cleanup() {
  gpgconf --kill all 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
say() { printf '[rekey %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

say "vault, keys and two ${SIZE_MIB} MiB archives in $WORK"
V=$WORK/vault
"$COFFER" init --dir "$V" --database-url postgresql://127.0.0.1:1/unused >/dev/null 2>&1
export COFFER_CONFIG=$V/coffer.toml
ID=$V/keys/identity.txt
R=$(grep -o 'age1[0-9a-z]*' "$V/coffer.toml" | head -1)
age-keygen -o "$WORK/second.txt" 2>/dev/null
R2=$(grep -o 'age1[0-9a-z]*' "$WORK/second.txt" | head -1)
mkdir -m 700 "$GNUPGHOME"
for who in first second; do
  gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "$who <$who@bench.invalid>" default default never 2>/dev/null
  gpg --batch --armor --export "$who@bench.invalid" >"$WORK/$who.asc"
  gpg --batch --pinentry-mode loopback --passphrase '' --armor --export-secret-keys "$who@bench.invalid" >"$WORK/$who.sec.asc"
done
FP2=openpgp:$(gpg --batch --with-colons --list-keys second@bench.invalid | awk -F: '/^fpr/ { print $10; exit }')
head -c "$((SIZE_MIB * 1048576))" /dev/urandom >"$WORK/data.bin"
mkdir -p "$V/archives/general"
pack() { # NAME EXT ENCRYPTION...
  local name=$1 ext=$2 id
  shift 2
  id=$("$COFFER" pack "$@" --sign-key "$V/keys/signing.key" -o "$WORK/$name" "$WORK/data.bin" --json |
    sed -n 's/.*"archive_id": *"\([^"]*\)".*/\1/p')
  for s in "" .seal .seal.sig; do mv "$WORK/$name$s" "$V/archives/general/$id.$ext$s"; done
  echo "$id"
}
AGE_ID=$(pack age.out tar.zst.age -r "$R")
PGP_ID=$(pack pgp.out tar.zst.gpg --pgp-cert "$WORK/first.asc")
"$COFFER" catalog rebuild >/dev/null 2>&1
AGE_FILE=$V/archives/general/$AGE_ID.tar.zst.age
PGP_FILE=$V/archives/general/$PGP_ID.tar.zst.gpg
ls -l "$AGE_FILE" "$PGP_FILE" >&2

declare -A T
timed() { # ROW CMD...: appends the wall time
  local row=$1
  shift
  sync
  /usr/bin/time -f '%e' -o "$WORK/time.out" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  T[$row]="${T[$row]:-} $(tail -1 "$WORK/time.out")"
  rm -f "$WORK/copy"
}
median() { printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f", m }'; }

fps() { "$COFFER" show "$AGE_ID" --json | grep -o 'age:[0-9a-f]*' | sort -u; }
FPS_BEFORE=$(fps)
for round in $(seq 1 "$ROUNDS"); do
  say "round $round of $ROUNDS"
  timed floor-age dd if="$AGE_FILE" of="$WORK/copy" bs=1M conv=fsync status=none
  timed floor-pgp dd if="$PGP_FILE" of="$WORK/copy" bs=1M conv=fsync status=none
  if [ $((round % 2)) = 1 ]; then
    timed rekey-age "$COFFER" rekey "$AGE_ID" -i "$ID" --add "$R2" --no-push
    timed rekey-pgp "$COFFER" rekey "$PGP_ID" -i "$WORK/first.sec.asc" --add-pgp-cert "$WORK/second.asc" --no-push
    if [ -z "${FP_AGE2:-}" ]; then
      FP_AGE2=$(comm -13 <(echo "$FPS_BEFORE") <(fps))
    fi
  else
    timed rekey-age "$COFFER" rekey "$AGE_ID" -i "$ID" --remove "$FP_AGE2" --no-push
    timed rekey-pgp "$COFFER" rekey "$PGP_ID" -i "$WORK/first.sec.asc" --remove "$FP2" --no-push
  fi
  timed reencrypt-age sh -c "age -d -i '$ID' '$AGE_FILE' | age -r '$R2' -o '$WORK/copy' && sync '$WORK/copy'"
  timed reencrypt-pgp sh -c "gpg --batch -q -d '$PGP_FILE' | gpg --batch -q --trust-model always -e -r second@bench.invalid -o '$WORK/copy' && sync '$WORK/copy'"
done

printf '\n%-10s %10s %10s %12s %14s %16s\n' format floor_s rekey_s reencrypt_s rekey/floor rekey/reencrypt
for f in age pgp; do
  fl=$(median "${T[floor-$f]}")
  rk=$(median "${T[rekey-$f]}")
  re=$(median "${T[reencrypt-$f]}")
  awk -v f="$f" -v fl="$fl" -v rk="$rk" -v re="$re" 'BEGIN {
    printf "%-10s %10.2f %10.2f %12.2f %14.2f %16.2f\n", f, fl, rk, re, rk / fl, rk / re }'
done
echo "(${SIZE_MIB} MiB archives, median of $ROUNDS; $(nproc) cores; $COFFER)"
