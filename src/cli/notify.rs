//! `coffer notify test`: send a sample event through every notifier of
//! `[notify]`, so an operator finds a broken alert before a real failure.

use std::path::Path;

use clap::{Args, Subcommand};
use serde_json::json;

use super::exit::Exit;
use crate::config::Config;
use crate::error::Result;
use crate::notify::{self, Delivery, Event, Level};

#[derive(Debug, Subcommand)]
pub enum NotifyCommand {
    /// Send a sample event (job "test") through the notifiers of a level; exit 0 if every one delivered.
    Test(TestArgs),
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// The level of the sample event: failure, warning or success.
    #[arg(long, default_value = "failure", value_parser = parse_level)]
    pub level: Level,
    /// Print the event and the deliveries as JSON.
    #[arg(long)]
    pub json: bool,
}

fn parse_level(s: &str) -> std::result::Result<Level, String> {
    s.parse()
}

impl NotifyCommand {
    pub fn json(&self) -> bool {
        match self {
            NotifyCommand::Test(a) => a.json,
        }
    }
}

pub fn run(config: Option<&Path>, c: NotifyCommand) -> Result<Exit> {
    match c {
        NotifyCommand::Test(a) => test(config, a),
    }
}

/// Loads the config only: no catalog, store or database is needed to check
/// that alerts arrive, and a host whose vault is broken can still test them.
fn test(config: Option<&Path>, a: TestArgs) -> Result<Exit> {
    let cfg = Config::load(&crate::config::locate(config))?;
    let level = a.level;
    let exit_code = match level {
        Level::Failure => Exit::Failure.code(),
        Level::Warning | Level::Success => Exit::Ok.code(),
    };
    let event = Event::new(
        level,
        "test",
        &format!("coffer notify test: a sample {level} event (no job ran)"),
        exit_code,
        json!([{
            "severity": level.as_str(),
            "check": "notify_test",
            "message": "sent by `coffer notify test`; nothing is wrong",
        }]),
    );
    let deliveries = notify::notify(&cfg.notify, &event);
    let ok = !deliveries.is_empty() && deliveries.iter().all(|d| d.ok);
    if a.json {
        println!(
            "{}",
            json!({"ok": ok, "level": level, "event": event, "deliveries": deliveries})
        );
    } else {
        for d in &deliveries {
            println!("{}", line(d));
        }
    }
    if deliveries.is_empty() {
        eprintln!(
            "coffer: error: no notifier takes {level} events: set [notify.on_{level}] argv, or [notify.webhook] with \"{level}\" in its `on` list"
        );
    }
    Ok(if ok { Exit::Ok } else { Exit::Failure })
}

/// `ok      webhook     attempts=1  12ms  http=200`, or FAILED with the reason.
fn line(d: &Delivery) -> String {
    let mut s = format!(
        "{:<7} {:<11} attempts={:<2} {}ms",
        if d.ok { "ok" } else { "FAILED" },
        d.notifier,
        d.attempts,
        d.duration_ms
    );
    if let Some(code) = d.http_status {
        s.push_str(&format!(" http={code}"));
    }
    if let Some(e) = &d.error {
        s.push_str(": ");
        s.push_str(e);
    }
    s
}
