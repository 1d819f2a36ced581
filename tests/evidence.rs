//! The evidence bundle (issue 13): built from a real vault, it verifies with
//! coffer and with stock tools alone (tar, ssh-keygen, jq, sha256sum) as its
//! README says; any byte flipped in any member or in the manifest, a member
//! added, or another signer is refused with exit 5; no subject id is in it.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod vault_support;

use std::path::Path;
use std::process::Command;

use common::fresh_db;
use vault_support::TestVault;

const SUBJECT: &str = "424242";

fn coffer(v: &TestVault, now: &str, args: &[&str]) -> (i32, String, String) {
    let out = v.cmd().env("COFFER_NOW", now).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(v: &TestVault, now: &str, args: &[&str]) -> String {
    let (code, out, err) = coffer(v, now, args);
    assert_eq!(code, 0, "coffer {args:?}\n{out}\n{err}");
    out
}

/// (path inside the tar, offset of its data in the file) of every member.
fn member_offsets(bundle: &Path) -> Vec<(String, u64, u64)> {
    let f = std::fs::File::open(bundle).unwrap();
    let mut a = tar::Archive::new(f);
    a.entries()
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.path().unwrap().display().to_string(),
                e.raw_file_position(),
                e.size(),
            )
        })
        .collect()
}

#[test]
fn a_bundle_verifies_offline_and_refuses_every_flipped_byte() {
    let db = fresh_db("evidence");
    db.psql(
        "CREATE TABLE pupils (id int PRIMARY KEY, name text);
         INSERT INTO pupils SELECT g, 'pupil ' || g FROM generate_series(1, 50) g;
         INSERT INTO pupils VALUES (424242, 'to be erased');",
    );
    let v = TestVault::new(&db.url());
    let mut text = std::fs::read_to_string(v.config()).unwrap();
    text.push_str(
        "\n[erasure.pupil]\nstatements = [\"DELETE FROM public.pupils WHERE id = $1::int\"]\n\
         check = \"SELECT count(*) FROM public.pupils WHERE id = $1::int\"\n",
    );
    std::fs::write(v.config(), text).unwrap();
    let now = "2026-11-20T02:00:00Z";
    ok(&v, now, &["backup"]);
    ok(&v, now, &["verify", "--all"]);
    ok(
        &v,
        now,
        &[
            "erasure",
            "request",
            "pupil",
            SUBJECT,
            "--reference",
            "DSR-2026-77",
        ],
    );
    ok(&v, now, &["drill", "latest", "-i", v.identity_str()]);

    let tmp = tempfile::tempdir().unwrap();
    let bundle = tmp.path().join("bundle.tar");
    let out = ok(
        &v,
        "2026-11-21T00:00:00Z",
        &[
            "evidence",
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-30",
            "-o",
            bundle.to_str().unwrap(),
        ],
    );
    assert!(out.contains("signed by SHA256:"), "{out}");
    let signer = v.dir().join("keys/signing.key.pub");
    let out = ok(
        &v,
        now,
        &[
            "evidence",
            "verify",
            bundle.to_str().unwrap(),
            "--signer",
            signer.to_str().unwrap(),
        ],
    );
    assert!(out.starts_with("ok: "), "{out}");

    // The members an auditor expects, and no subject id anywhere.
    let members = member_offsets(&bundle);
    let names: Vec<&str> = members.iter().map(|(n, _, _)| n.as_str()).collect();
    for want in [
        "coffer-evidence/report.html",
        "coffer-evidence/report.json",
        "coffer-evidence/procedures.md",
        "coffer-evidence/audit/entries.jsonl",
        "coffer-evidence/records/drills.json",
        "coffer-evidence/ledger.json",
        "coffer-evidence/manifest.json",
        "coffer-evidence/manifest.json.sig",
        "coffer-evidence/README.txt",
    ] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("coffer-evidence/seals/") && n.ends_with(".seal.sig"))
    );
    let bytes = std::fs::read(&bundle).unwrap();
    let ledger = std::fs::read_to_string({
        let x = tmp.path().join("x");
        std::fs::create_dir(&x).unwrap();
        let st = Command::new("tar")
            .arg("-xf")
            .arg(&bundle)
            .arg("-C")
            .arg(&x)
            .status()
            .unwrap();
        assert!(st.success());
        x.join("coffer-evidence/ledger.json")
    })
    .unwrap();
    assert!(ledger.contains("DSR-2026-77"), "{ledger}");
    assert!(
        !bytes
            .windows(SUBJECT.len())
            .any(|w| w == SUBJECT.as_bytes()),
        "the erased subject's id is in the bundle"
    );

    // Stock tools, as README.txt says.
    let dir = tmp.path().join("x/coffer-evidence");
    let readme = std::fs::read_to_string(dir.join("README.txt")).unwrap();
    assert!(readme.contains("ssh-keygen -Y verify"), "{readme}");
    let script = "set -e; printf 'coffer %s\\n' \"$(cut -d' ' -f1,2 signing.key.pub)\" > allowed; \
        ssh-keygen -Y verify -f allowed -I coffer -n coffer-evidence -s manifest.json.sig < manifest.json; \
        jq -r '.members[] | \"\\(.sha256)  \\(.path)\"' manifest.json | sha256sum -c --quiet";
    let out = Command::new("sh")
        .args(["-c", script])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "stock-tool check failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // Any byte flipped in any member (the manifest and its signature too).
    let bad = tmp.path().join("bad.tar");
    for (name, off, size) in &members {
        if *size == 0 {
            continue;
        }
        for at in [0, size / 2, size - 1] {
            let mut b = bytes.clone();
            b[(off + at) as usize] ^= 0x20;
            std::fs::write(&bad, &b).unwrap();
            let (code, out, err) = coffer(
                &v,
                now,
                &[
                    "evidence",
                    "verify",
                    bad.to_str().unwrap(),
                    "--signer",
                    signer.to_str().unwrap(),
                ],
            );
            assert_eq!(code, 5, "{name} flipped at {at} was accepted: {out}{err}");
            assert_eq!(
                err.lines()
                    .filter(|l| l.starts_with("coffer: error:"))
                    .count(),
                1,
                "{err}"
            );
        }
    }
    // A member added beside the manifest's.
    let mut b = tar::Builder::new(Vec::new());
    let mut a = tar::Archive::new(std::fs::File::open(&bundle).unwrap());
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        let mut h = e.header().clone();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut data).unwrap();
        b.append_data(&mut h, e.path().unwrap(), data.as_slice())
            .unwrap();
    }
    let mut h = tar::Header::new_ustar();
    h.set_size(3);
    h.set_mode(0o644);
    b.append_data(&mut h, "coffer-evidence/extra.txt", &b"hi\n"[..])
        .unwrap();
    std::fs::write(&bad, b.into_inner().unwrap()).unwrap();
    let (code, _, err) = coffer(
        &v,
        now,
        &[
            "evidence",
            "verify",
            bad.to_str().unwrap(),
            "--signer",
            signer.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("extra.txt"), "{err}");

    // Another vault's key as the signer.
    let other = tmp.path().join("other.key");
    ok(
        &v,
        now,
        &["keygen", "--signing", "-o", other.to_str().unwrap()],
    );
    let other_pub = tmp.path().join("other.key.pub");
    let (code, _, err) = coffer(
        &v,
        now,
        &[
            "evidence",
            "verify",
            bundle.to_str().unwrap(),
            "--signer",
            other_pub.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("signature"), "{err}");
}
