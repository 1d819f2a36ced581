//! `coffer completions SHELL` and `coffer man`: shell completions and man
//! pages generated from the clap definitions at run time, so they never drift
//! from the binary that is installed (README "Shell completions and man page").

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};

use super::Cli;
use super::exit::Exit;
use crate::error::{Error, Result};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write a completion script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write coffer.1 and one page per subcommand (coffer-backup.1, coffer-hold-add.1, ...)
    /// into DIR, printing each path; without it, the main page goes to stdout.
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// Prints the completion script for `a.shell` on stdout.
pub fn completions(a: CompletionsArgs) -> Result<Exit> {
    // Rendered into memory first: clap_complete panics on a failed write (a
    // closed pipe), and a failed write here should be an error line instead.
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "coffer", &mut buf);
    write_stdout(&buf)?;
    Ok(Exit::Ok)
}

/// Prints the main man page, or writes every page into `a.out_dir`.
pub fn man(a: ManArgs) -> Result<Exit> {
    let Some(dir) = a.out_dir else {
        let mut buf = Vec::new();
        clap_mangen::Man::new(Cli::command())
            .render(&mut buf)
            .map_err(|e| Error::Other(format!("cannot render the man page: {e}")))?;
        write_stdout(&buf)?;
        return Ok(Exit::Ok);
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::Input(format!("cannot create {}: {e}", dir.display())))?;
    // As clap_mangen::generate_to does (no page for the `help` subcommand,
    // names built so a subcommand's page is coffer-SUB.1), but keeping the
    // paths so an install script can see what was written.
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut written = Vec::new();
    write_pages(cmd, &dir, &mut written)?;
    let mut out = String::new();
    for p in &written {
        out.push_str(&format!("{}\n", p.display()));
    }
    write_stdout(out.as_bytes())?;
    Ok(Exit::Ok)
}

fn write_pages(cmd: clap::Command, dir: &Path, written: &mut Vec<PathBuf>) -> Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub.clone(), dir, written)?;
    }
    // Every page says the version (clap_mangen takes it from the subcommand,
    // which has none).
    let page = clap_mangen::Man::new(cmd).source(concat!("coffer ", env!("CARGO_PKG_VERSION")));
    let path = page.generate_to(dir).map_err(|e| {
        Error::Input(format!(
            "cannot write a man page into {}: {e}",
            dir.display()
        ))
    })?;
    written.push(path);
    Ok(())
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Error::Other(format!("cannot write to stdout: {e}")))
}
