//! Format errors, one class per failure of spec/format.md "Failure classes".

use std::fmt;

use crate::crypto;

/// What went wrong, in the spec's terms. Tests and vectors assert the class,
/// never the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorClass {
    NotAnArchive,
    NoMatchingKey,
    Truncated,
    Corrupt,
    HeaderInvalid,
    ManifestInvalid,
    EntryInvalid,
    DigestMismatch,
    UnsupportedVersion,
    SealMissing,
    SealInvalid,
    SealMismatch,
    SignatureInvalid,
    /// A key or passphrase file could not be used.
    KeyInvalid,
    Io,
}

impl ErrorClass {
    /// The snake_case name used by test vectors (`expect: digest_mismatch`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorClass::NotAnArchive => "not_an_archive",
            ErrorClass::NoMatchingKey => "no_matching_key",
            ErrorClass::Truncated => "truncated",
            ErrorClass::Corrupt => "corrupt",
            ErrorClass::HeaderInvalid => "header_invalid",
            ErrorClass::ManifestInvalid => "manifest_invalid",
            ErrorClass::EntryInvalid => "entry_invalid",
            ErrorClass::DigestMismatch => "digest_mismatch",
            ErrorClass::UnsupportedVersion => "unsupported_version",
            ErrorClass::SealMissing => "seal_missing",
            ErrorClass::SealInvalid => "seal_invalid",
            ErrorClass::SealMismatch => "seal_mismatch",
            ErrorClass::SignatureInvalid => "signature_invalid",
            ErrorClass::KeyInvalid => "key_invalid",
            ErrorClass::Io => "io",
        }
    }
}

impl fmt::Display for ErrorClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format error: its class and a one-line message.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub class: ErrorClass,
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    pub fn new(class: ErrorClass, message: impl Into<String>) -> Error {
        Error {
            class,
            message: message.into(),
            source: None,
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// An I/O error while reading decrypted data: truncation and
    /// authentication failures keep their class.
    pub fn reading(e: std::io::Error) -> Error {
        match e.kind() {
            std::io::ErrorKind::UnexpectedEof => {
                Error::new(ErrorClass::Truncated, "the archive ends early (truncated)")
            }
            std::io::ErrorKind::InvalidData => {
                Error::new(ErrorClass::Corrupt, format!("the archive is damaged: {e}"))
            }
            _ => Error::io(e),
        }
    }

    pub fn io(e: std::io::Error) -> Error {
        let message = e.to_string();
        Error {
            class: ErrorClass::Io,
            message,
            source: Some(Box::new(e)),
        }
    }
}

impl From<crypto::Error> for Error {
    fn from(e: crypto::Error) -> Error {
        let class = match &e {
            crypto::Error::NoMatchingKey
            | crypto::Error::WrongPassphrase
            | crypto::Error::NeedsPassphrase
            | crypto::Error::NeedsIdentity => ErrorClass::NoMatchingKey,
            crypto::Error::NotAnArchive => ErrorClass::NotAnArchive,
            crypto::Error::Corrupt(_) => ErrorClass::Corrupt,
            crypto::Error::Truncated => ErrorClass::Truncated,
            crypto::Error::KeyFile { .. }
            | crypto::Error::BadRecipient(_)
            | crypto::Error::UnsupportedRecipient(_)
            | crypto::Error::OpenPgpDisabled => ErrorClass::KeyInvalid,
            crypto::Error::Io(_) => ErrorClass::Io,
        };
        Error {
            class,
            message: e.to_string(),
            source: Some(Box::new(e)),
        }
    }
}

impl From<crypto::sign::SignError> for Error {
    fn from(e: crypto::sign::SignError) -> Error {
        let class = match &e {
            crypto::sign::SignError::KeyFile { .. } => ErrorClass::KeyInvalid,
            _ => ErrorClass::SignatureInvalid,
        };
        Error {
            class,
            message: e.to_string(),
            source: Some(Box::new(e)),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
