//! `coffer report` (the audit report) and `coffer policy render` (the
//! procedures document). Both only read the vault; the work is in
//! `crate::report`. The file is written whole or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use super::exit::Exit;
use crate::error::{Error, Result};
use crate::report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    Md,
    Html,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Start of the period: YYYY-MM-DD (UTC) or RFC 3339 (default: a year before --until).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// End of the period: YYYY-MM-DD (that day included) or RFC 3339 (default: now).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// The file to write (mode 0600, replaced atomically); `-` writes to stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Write the backup policy as a procedures document, from the live config and catalog.
    Render {
        #[arg(long, value_enum, default_value_t = DocFormat::Md)]
        format: DocFormat,
        /// The file to write (mode 0600, replaced atomically); `-` writes to stdout.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

pub fn report(config: Option<&Path>, a: ReportArgs) -> Result<Exit> {
    let since = a
        .since
        .as_deref()
        .map(|s| report::parse_bound(s, false))
        .transpose()?;
    let until = a
        .until
        .as_deref()
        .map(|s| report::parse_bound(s, true))
        .transpose()?;
    let v = super::open_vault(config)?;
    let r = report::build(&v, since, until)?;
    let text = match a.format {
        ReportFormat::Json => {
            let mut s = serde_json::to_string_pretty(&r)
                .map_err(|e| Error::Other(format!("cannot serialize the report: {e}")))?;
            s.push('\n');
            s
        }
        ReportFormat::Md => report::md::render(&r),
        ReportFormat::Html => report::html::render(&r)?,
    };
    write_output(&a.output, text.as_bytes())?;
    if a.output != Path::new("-") {
        eprintln!(
            "coffer: wrote the report of {} to {} to {}",
            r.period.since,
            r.period.until,
            a.output.display()
        );
    }
    Ok(Exit::Ok)
}

pub fn policy(config: Option<&Path>, cmd: PolicyCommand) -> Result<Exit> {
    let PolicyCommand::Render { format, output } = cmd;
    let v = super::open_vault(config)?;
    let doc = report::policy::build(&v)?;
    let text = match format {
        DocFormat::Md => report::policy::markdown(&doc),
        DocFormat::Html => report::policy::html(&doc)?,
    };
    write_output(&output, text.as_bytes())?;
    if output != Path::new("-") {
        eprintln!(
            "coffer: wrote the procedures document to {}",
            output.display()
        );
    }
    Ok(Exit::Ok)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory (mode 0600), synced, renamed over `path`. A failure leaves
/// no partial file behind. Mode 0600 like everything of the vault: the
/// report has no secret, but it names archives, stores and erasure
/// references; its reader decides whom to give it to (SECURITY.md).
fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|()| out.flush())
            .map_err(|e| Error::Other(format!("cannot write to stdout: {e}")));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |e: std::io::Error| Error::Input(format!("cannot write {}: {e}", path.display()));
    let mut tmp = tempfile::Builder::new()
        .prefix(".coffer-tmp-")
        .tempfile_in(&dir)
        .map_err(fail)?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
