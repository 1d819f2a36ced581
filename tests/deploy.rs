//! The deployment files of deploy/ (issue 12), shell completions and man
//! pages, checked with the tools that read them: `systemd-analyze verify` and
//! `security` on the units (Debian package `systemd`), PyYAML on the compose
//! file (Debian package `python3-yaml`), the README against the Containerfile,
//! and the real `coffer completions` / `coffer man`. A missing tool fails the
//! test with the package to install (scripts/setup installs both).
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use clap::CommandFactory;
use serde_json::Value;

const UNITS: [&str; 4] = [
    "coffer-backup.service",
    "coffer-backup.timer",
    "coffer-check.service",
    "coffer-check.timer",
];

/// Where the units expect the binary; the tests put the built one there.
const INSTALLED_BIN: &str = "/usr/local/bin/coffer";

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// Runs a tool, failing with the Debian package to install if it is absent.
fn tool(program: &str, args: &[&str], package: &str) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program} ({e}): install the Debian package `{package}` (scripts/setup does)")
        })
}

fn coffer(args: &[&str]) -> Output {
    let out = assert_cmd::Command::cargo_bin("coffer")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "coffer {args:?}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A unit file's `Key=value` lines, every value of a key in order.
fn unit_keys(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
            continue;
        }
        let (k, v) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("not Key=value: {line}"));
        keys.entry(k.to_owned()).or_default().push(v.to_owned());
    }
    keys
}

fn has(keys: &BTreeMap<String, Vec<String>>, key: &str, value: &str) -> bool {
    keys.get(key)
        .is_some_and(|vs| vs.iter().any(|v| v == value))
}

/// The units copied into a temp dir with ExecStart pointing at the built binary
/// (systemd-analyze verify checks that the program exists).
fn units_in_tempdir() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for u in UNITS {
        let text = read(&format!("deploy/systemd/{u}"));
        let path = dir.path().join(u);
        std::fs::write(
            &path,
            text.replace(INSTALLED_BIN, env!("CARGO_BIN_EXE_coffer")),
        )
        .unwrap();
        paths.push(path.to_str().unwrap().to_owned());
    }
    (dir, paths)
}

// --- systemd -------------------------------------------------------------------------

#[test]
fn systemd_units_pass_systemd_analyze_verify() {
    let (_dir, paths) = units_in_tempdir();
    // --man=no: whether Documentation= names real pages is checked below
    // against `coffer man -o`, without needing man-db installed.
    let mut args = vec!["verify", "--man=no"];
    args.extend(paths.iter().map(String::as_str));
    let out = tool("systemd-analyze", &args, "systemd");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "systemd-analyze verify: {stderr}");
    // Unknown keys and bad values are only warnings (exit 0): none may be ours.
    let ours: Vec<&str> = stderr.lines().filter(|l| l.contains("coffer")).collect();
    assert!(ours.is_empty(), "systemd-analyze verify warns:\n{stderr}");
}

#[test]
fn systemd_services_stay_hardened_by_systemd_analyze_security() {
    let (_dir, paths) = units_in_tempdir();
    for p in paths.iter().filter(|p| p.ends_with(".service")) {
        // Exposure on systemd's 0-100 scale (shown /10): both units score 1.4
        // today; 2.0 leaves room for systemd's scoring to move, not for a
        // dropped sandboxing line.
        let out = tool(
            "systemd-analyze",
            &["security", "--offline=yes", "--threshold=20", p],
            "systemd",
        );
        assert!(
            out.status.success(),
            "{p}: exposure above 2.0\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn backup_service_runs_the_nightly_job_hardened() {
    let text = read("deploy/systemd/coffer-backup.service");
    let k = unit_keys(&text);
    assert!(has(
        &k,
        "ExecStart",
        &format!("{INSTALLED_BIN} --config /var/lib/coffer/coffer.toml run")
    ));
    assert!(has(&k, "Type", "oneshot"));
    assert!(has(&k, "User", "coffer"), "a dedicated user");
    for (key, value) in [
        ("ProtectSystem", "strict"),
        ("NoNewPrivileges", "yes"),
        ("PrivateTmp", "yes"),
        ("UMask", "0077"),
        ("ReadWritePaths", "/var/lib/coffer"),
        ("ProtectHome", "yes"),
        ("CapabilityBoundingSet", ""),
    ] {
        assert!(has(&k, key, value), "{key}={value} missing");
    }
    // The password: a credential handed over as a libpq password file.
    assert!(has(&k, "LoadCredential", "pgpass:/etc/coffer/pgpass"));
    assert!(has(&k, "Environment", "PGPASSFILE=%d/pgpass"));
    assert!(!text.contains("PGPASSWORD="), "no password in the unit");
    // A failed step (lock held, policy breach, ...) must fail the unit.
    assert!(!k.contains_key("SuccessExitStatus"));
    // Every run is followed by the check that writes the metrics.
    assert!(has(&k, "Wants", "coffer-check.service"));
}

#[test]
fn check_service_writes_prometheus_metrics_after_each_run() {
    let k = unit_keys(&read("deploy/systemd/coffer-check.service"));
    assert!(has(
        &k,
        "ExecStart",
        &format!(
            "{INSTALLED_BIN} --config /var/lib/coffer/coffer.toml check --prometheus /var/lib/prometheus/node-exporter/coffer.prom"
        )
    ));
    assert!(has(&k, "After", "coffer-backup.service"));
    assert!(has(&k, "User", "coffer"));
    assert!(has(&k, "ProtectSystem", "strict"));
    assert!(has(&k, "NoNewPrivileges", "yes"));
    assert!(has(&k, "PrivateTmp", "yes"));
    assert!(has(
        &k,
        "ReadWritePaths",
        "-/var/lib/prometheus/node-exporter"
    ));
    assert!(
        !k.contains_key("SuccessExitStatus"),
        "warnings stay visible"
    );
}

#[test]
fn timers_fire_nightly_and_hourly_and_catch_up() {
    let k = unit_keys(&read("deploy/systemd/coffer-backup.timer"));
    assert!(has(&k, "OnCalendar", "*-*-* 02:00:00"));
    assert!(has(&k, "Persistent", "true"));
    assert!(k.contains_key("RandomizedDelaySec"));
    assert!(has(&k, "WantedBy", "timers.target"));
    let k = unit_keys(&read("deploy/systemd/coffer-check.timer"));
    assert!(has(&k, "OnCalendar", "hourly"));
    assert!(has(&k, "Persistent", "true"));
    assert!(k.contains_key("RandomizedDelaySec"));
}

#[test]
fn units_documentation_names_pages_that_coffer_man_writes() {
    let dir = tempfile::tempdir().unwrap();
    coffer(&["man", "-o", dir.path().to_str().unwrap()]);
    let mut named = 0;
    for u in UNITS {
        for doc in unit_keys(&read(&format!("deploy/systemd/{u}")))
            .get("Documentation")
            .into_iter()
            .flatten()
            .flat_map(|v| v.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        {
            let page = doc
                .strip_prefix("man:")
                .and_then(|p| p.strip_suffix("(1)"))
                .unwrap_or_else(|| panic!("{u}: Documentation={doc} is not man:NAME(1)"));
            assert!(
                dir.path().join(format!("{page}.1")).is_file(),
                "{u}: no page {page}.1"
            );
            named += 1;
        }
    }
    assert!(named >= UNITS.len());
}

// --- container -----------------------------------------------------------------------

fn compose() -> Value {
    let path = repo("deploy/container/compose.yaml");
    let out = tool(
        "python3",
        &[
            "-c",
            "import yaml,json,sys; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
            path.to_str().unwrap(),
        ],
        "python3-yaml",
    );
    assert!(
        out.status.success(),
        "parsing compose.yaml (install the Debian package `python3-yaml` if yaml is missing): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn strings(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().flat_map(strings).collect(),
        Value::Object(o) => o.values().flat_map(strings).collect(),
        _ => vec![],
    }
}

#[test]
fn compose_backup_service_runs_coffer_with_a_secret_and_a_vault_volume() {
    let text = read("deploy/container/compose.yaml");
    assert!(
        !text.contains("PGPASSWORD"),
        "no password in the compose file"
    );
    assert!(!text.contains("crond") && !text.contains("crontab"));
    let c = compose();
    // The seed's service name, so `docker compose run --rm backup` replaces it.
    let s = &c["services"]["backup"];
    assert!(s.is_object(), "no `backup` service: {c}");
    assert_eq!(s["image"], "coffer:latest");
    assert!(
        s.get("entrypoint").is_none(),
        "the image's ENTRYPOINT is coffer"
    );
    let command: Vec<&str> = strings(&s["command"]);
    assert_eq!(
        command,
        ["--config", "/var/lib/coffer/coffer.toml", "run"],
        "the service runs the nightly job"
    );
    // `docker compose up` does not start it; the host's scheduler runs it.
    assert_eq!(s["profiles"], serde_json::json!(["backup"]));

    // The password file is a compose secret, named by PGPASSFILE.
    let secrets = s["secrets"].as_array().expect("secrets");
    assert_eq!(secrets.len(), 1);
    let source = secrets[0]["source"].as_str().unwrap();
    let target = secrets[0]["target"].as_str().unwrap();
    assert!(
        c["secrets"][source]["file"].is_string(),
        "secret {source} from a file"
    );
    assert_eq!(
        s["environment"]["PGPASSFILE"],
        format!("/run/secrets/{target}").as_str()
    );

    // The vault on a named volume at the image's vault directory.
    let volumes: Vec<&str> = strings(&s["volumes"]);
    let vault = volumes
        .iter()
        .find_map(|v| v.strip_suffix(":/var/lib/coffer"))
        .unwrap_or_else(|| panic!("no volume at /var/lib/coffer: {volumes:?}"));
    assert!(
        c["volumes"].as_object().unwrap().contains_key(vault),
        "{vault} is a named volume"
    );
}

/// The Containerfile's instructions, continuation lines kept as written.
fn instructions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        match cur.as_mut() {
            Some(c) => {
                c.push('\n');
                c.push_str(line);
            }
            None if line.trim().is_empty() || line.starts_with('#') => continue,
            None => cur = Some(line.to_owned()),
        }
        if !line.ends_with('\\') {
            out.extend(cur.take());
        }
    }
    out.extend(cur);
    out
}

#[test]
fn containerfile_is_multi_stage_non_root_with_the_servers_pg_dump() {
    let ins = instructions(&read("deploy/container/Containerfile"));
    let from: Vec<&String> = ins.iter().filter(|i| i.starts_with("FROM ")).collect();
    assert_eq!(
        from,
        ["FROM rust:1-bookworm AS build", "FROM debian:bookworm-slim"]
    );
    let all = ins.join("\n");
    for needed in [
        "libclang-dev nettle-dev libgmp-dev pkg-config",
        "cargo build --release --locked",
        "COPY --from=build",
        "\"postgresql-client-$PG_MAJOR\"",
        "age zstd ca-certificates",
        "ENV COFFER_CONFIG=/var/lib/coffer/coffer.toml",
    ] {
        assert!(all.contains(needed), "Containerfile lacks {needed}");
    }
    assert!(ins.iter().any(|i| i.starts_with("ARG PG_MAJOR=")));
    assert_eq!(
        ins.iter()
            .filter(|i| i.starts_with("USER "))
            .collect::<Vec<_>>(),
        ["USER coffer"]
    );
    assert_eq!(ins.last().map(String::as_str), Some("CMD [\"run\"]"));
    assert!(ins.iter().any(|i| i == "ENTRYPOINT [\"coffer\"]"));
}

#[test]
fn containerfile_coffer_commands_are_the_readmes() {
    let readme = read("README.md");
    let ins = instructions(&read("deploy/container/Containerfile"));
    let commands: Vec<&String> = ins
        .iter()
        .filter(|i| {
            i.starts_with("ENTRYPOINT ")
                || i.starts_with("CMD ")
                || (i.starts_with("RUN ") && i.contains("coffer"))
        })
        .collect();
    assert!(commands.len() >= 5, "{commands:?}");
    for c in commands {
        assert!(
            readme.contains(c.as_str()),
            "README.md (\"Deployment\") lacks the Containerfile's\n{c}"
        );
    }
}

// --- README --------------------------------------------------------------------------

#[test]
fn readme_says_how_to_deploy_and_install_completions() {
    let readme = read("README.md");
    for needed in [
        "## Deployment",
        "systemctl enable --now coffer-backup.timer",
        "0 2 * * * coffer --config /var/lib/coffer/coffer.toml run",
        "docker compose run --rm backup",
        "## Shell completions and man page",
        "coffer completions bash",
        "coffer completions zsh",
        "coffer completions fish",
        "coffer man -o",
    ] {
        assert!(readme.contains(needed), "README.md lacks {needed}");
    }
}

// --- completions and man pages -------------------------------------------------------

fn subcommands() -> Vec<(String, String)> {
    coffer::cli::Cli::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| {
            let about = s.get_about().map(|a| a.to_string()).unwrap_or_default();
            (s.get_name().to_owned(), about)
        })
        .collect()
}

#[test]
fn bash_completion_knows_every_subcommand() {
    let out = coffer(&["completions", "bash"]);
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(script.contains("_coffer"), "{script}");
    let subs = subcommands();
    assert!(subs.len() > 10, "{subs:?}");
    for (name, _) in subs {
        assert!(
            script.contains(&format!("coffer,{name})")),
            "bash completion lacks {name}"
        );
    }
}

#[test]
fn every_shell_gets_a_completion_script() {
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = coffer(&["completions", shell]);
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("coffer"), "{shell}: {script}");
        assert!(script.contains("backup"), "{shell} lacks subcommands");
    }
    assert_cmd::Command::cargo_bin("coffer")
        .unwrap()
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

/// Roff's escapes of what clap_mangen writes, undone for comparing text.
fn unroff(s: &str) -> String {
    s.replace("\\-", "-")
        .replace("\\*(Aq", "'")
        .replace("\\\\", "\\")
}

/// The page's first request after roff's string definitions (`.ie`/`.el`,
/// which define the apostrophe) must be its title.
fn assert_titled(page: &str, title: &str) {
    let first = page
        .lines()
        .find(|l| !l.starts_with(".ie ") && !l.starts_with(".el "))
        .unwrap_or_default();
    assert!(
        first.starts_with(&format!(".TH {title} 1 ")),
        "not a man page titled {title}:\n{page}"
    );
    assert!(
        first.contains(concat!("\"coffer ", env!("CARGO_PKG_VERSION"), "\"")),
        "{first}"
    );
}

#[test]
fn man_writes_a_page_per_subcommand_with_its_about_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = coffer(&["man", "-o", dir.path().to_str().unwrap()]);
    let listed = String::from_utf8(out.stdout).unwrap();
    let main = std::fs::read_to_string(dir.path().join("coffer.1")).unwrap();
    assert_titled(&main, "coffer");
    assert!(listed.lines().any(|l| l.ends_with("/coffer.1")), "{listed}");
    for (name, about) in subcommands() {
        let file = format!("coffer-{name}.1");
        let page = std::fs::read_to_string(dir.path().join(&file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_titled(&page, &format!("coffer-{name}"));
        assert!(!about.is_empty(), "{name} has no about text");
        assert!(
            unroff(&page).contains(&about),
            "{file} lacks \"{about}\":\n{page}"
        );
        assert!(listed.contains(&file), "{file} not listed: {listed}");
    }
    // Nested subcommands get pages of their own too.
    assert!(dir.path().join("coffer-hold-add.1").is_file());
    // No page for clap's `help` subcommand.
    assert!(!dir.path().join("coffer-help.1").exists());
}

#[test]
fn man_without_a_dir_prints_the_main_page() {
    let out = coffer(&["man"]);
    let page = String::from_utf8(out.stdout).unwrap();
    assert_titled(&page, "coffer");
    assert!(unroff(&page).contains("Back up the configured database"));
}

/// The commands the units and the compose service run are commands this
/// coffer parses (a renamed flag or subcommand breaks the test, not a night).
#[test]
fn deployed_command_lines_parse_as_coffer_commands() {
    use clap::Parser;
    let mut lines: Vec<Vec<String>> = Vec::new();
    for u in UNITS {
        for exec in unit_keys(&read(&format!("deploy/systemd/{u}")))
            .get("ExecStart")
            .into_iter()
            .flatten()
        {
            let words: Vec<String> = exec.split_whitespace().map(str::to_owned).collect();
            assert!(words[0].ends_with("/coffer"), "{u}: {exec}");
            lines.push(words);
        }
    }
    let c = compose();
    let cmd = &c["services"]["backup"]["command"];
    let mut words = vec!["coffer".to_owned()];
    words.extend(strings(cmd).into_iter().map(str::to_owned));
    lines.push(words);
    assert!(lines.len() >= 3, "{lines:?}");
    for words in &lines {
        let parsed = coffer::cli::Cli::try_parse_from(words)
            .unwrap_or_else(|e| panic!("{words:?} does not parse: {e}"));
        assert!(
            matches!(
                parsed.command,
                coffer::cli::Command::Run(_) | coffer::cli::Command::Check(_)
            ),
            "{words:?}"
        );
    }
}
