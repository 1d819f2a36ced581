//! Exit codes, mirrored by the table in README.md ("Exit codes"). Scripts
//! may rely on them; a code not listed here means a generic failure.

use crate::format::ErrorClass;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    Ok = 0,
    Failure = 1,
    Usage = 2,
    BadInput = 3,
    NoKey = 4,
    Integrity = 5,
    Version = 6,
    Database = 7,
    Storage = 8,
    LockHeld = 9,
    RestoreCheck = 10,
    Policy = 11,
    ErasureReplay = 12,
    Interrupted = 130,
    /// `wal fetch` only: the WAL file exists but was refused (damaged,
    /// wrong key, store unreachable). PostgreSQL stops recovery on an exit
    /// code above 125 of its restore_command; any lower code would read as
    /// "no such file" and promote the server early (spec/wal.md "Fetch").
    StopRecovery = 200,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The variant with this code; an unknown code is a generic failure.
    /// `coffer check`'s Nagios codes (0 ok, 1 warning, 2 critical, 3
    /// unknown) come through here too: they share the numbers.
    pub fn from_code(code: u8) -> Exit {
        [
            Exit::Ok,
            Exit::Failure,
            Exit::Usage,
            Exit::BadInput,
            Exit::NoKey,
            Exit::Integrity,
            Exit::Version,
            Exit::Database,
            Exit::Storage,
            Exit::LockHeld,
            Exit::RestoreCheck,
            Exit::Policy,
            Exit::ErasureReplay,
            Exit::Interrupted,
            Exit::StopRecovery,
        ]
        .into_iter()
        .find(|e| e.code() == code)
        .unwrap_or(Exit::Failure)
    }

    pub fn for_class(class: ErrorClass) -> Exit {
        match class {
            ErrorClass::NoMatchingKey => Exit::NoKey,
            ErrorClass::UnsupportedVersion => Exit::Version,
            ErrorClass::KeyInvalid => Exit::BadInput,
            ErrorClass::Io => Exit::Storage,
            ErrorClass::NotAnArchive
            | ErrorClass::Truncated
            | ErrorClass::Corrupt
            | ErrorClass::HeaderInvalid
            | ErrorClass::ManifestInvalid
            | ErrorClass::EntryInvalid
            | ErrorClass::DigestMismatch
            | ErrorClass::SealMissing
            | ErrorClass::SealInvalid
            | ErrorClass::SealMismatch
            | ErrorClass::SignatureInvalid => Exit::Integrity,
        }
    }
}
