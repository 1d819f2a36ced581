//! Durations and byte sizes as people write them in coffer.toml:
//! `"26h"`, `"7d"`, `"90m"`; `"2GiB"`, `"500 MB"`, or a plain number of bytes.
//!
//! Days and weeks are fixed lengths here (86,400 s, 7 days): these are
//! thresholds ("a backup older than 26 h", "a drill every 7 days"), not
//! calendar arithmetic, which retention does on UTC dates (spec/retention.md).

use std::fmt;

use serde::{Deserialize, Deserializer};

/// A non-negative length of time from the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval(pub jiff::SignedDuration);

impl Interval {
    pub const fn hours(h: i64) -> Interval {
        Interval(jiff::SignedDuration::from_hours(h))
    }

    pub const fn days(d: i64) -> Interval {
        Interval(jiff::SignedDuration::from_hours(d * 24))
    }

    pub fn as_secs(self) -> i64 {
        self.0.as_secs()
    }
}

impl std::str::FromStr for Interval {
    type Err = String;

    /// `<number><unit>` with unit one of s, m, h, d, w; several may follow
    /// each other (`1d12h`).
    fn from_str(s: &str) -> Result<Interval, String> {
        let bad = || format!("{s:?} is not a duration (write e.g. \"26h\", \"7d\", \"90m\")");
        let mut total: i64 = 0;
        let mut rest = s.trim();
        if rest.is_empty() {
            return Err(bad());
        }
        while !rest.is_empty() {
            let digits = rest.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
            if digits == 0 {
                return Err(bad());
            }
            let n: i64 = rest[..digits].parse().map_err(|_| bad())?;
            let unit = rest[digits..].chars().next().ok_or_else(bad)?;
            let secs = match unit {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86_400,
                'w' => 7 * 86_400,
                _ => return Err(bad()),
            };
            total = n
                .checked_mul(secs)
                .and_then(|x| total.checked_add(x))
                .filter(|t| *t <= 100 * 365 * 86_400)
                .ok_or_else(bad)?;
            rest = rest[digits + unit.len_utf8()..].trim_start();
        }
        Ok(Interval(jiff::SignedDuration::from_secs(total)))
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0.as_secs();
        match s {
            0 => write!(f, "0s"),
            s if s % 86_400 == 0 => write!(f, "{}d", s / 86_400),
            s if s % 3600 == 0 => write!(f, "{}h", s / 3600),
            s if s % 60 == 0 => write!(f, "{}m", s / 60),
            s => write!(f, "{s}s"),
        }
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Interval, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Interval {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A number of bytes: an integer, or a string with a unit (B, kB, MB, GB,
/// TB powers of 1000; KiB, MiB, GiB, TiB powers of 1024).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ByteSize(pub u64);

impl std::str::FromStr for ByteSize {
    type Err = String;

    fn from_str(s: &str) -> Result<ByteSize, String> {
        let bad = || format!("{s:?} is not a size (write e.g. \"2GiB\", \"500MB\", or bytes)");
        let t = s.trim();
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let (num, unit) = t.split_at(split);
        let n: f64 = num.parse().map_err(|_| bad())?;
        let mult: f64 = match unit.trim() {
            "" | "B" => 1.0,
            "kB" | "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "KiB" => 1024.0,
            "MiB" => 1024.0 * 1024.0,
            "GiB" => 1024.0 * 1024.0 * 1024.0,
            "TiB" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
            _ => return Err(bad()),
        };
        let v = n * mult;
        if !v.is_finite() || v < 0.0 || v > u64::MAX as f64 {
            return Err(bad());
        }
        Ok(ByteSize(v.round() as u64))
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ByteSize, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(u64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) => Ok(ByteSize(n)),
            Raw::S(s) => s.parse().map_err(serde::de::Error::custom),
        }
    }
}

impl serde::Serialize for ByteSize {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse_and_print() {
        let i: Interval = "26h".parse().unwrap_or(Interval::hours(0));
        assert_eq!(i.as_secs(), 26 * 3600);
        assert_eq!(i.to_string(), "26h");
        assert_eq!(
            "1w".parse::<Interval>().map(|i| i.to_string()),
            Ok("7d".into())
        );
        assert_eq!(
            "1d12h".parse::<Interval>().map(|i| i.as_secs()),
            Ok(129_600)
        );
        for bad in ["", "h", "7", "7x", "-1d", "1.5h", "99999999999999d"] {
            assert!(bad.parse::<Interval>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn sizes_parse() {
        assert_eq!("2GiB".parse::<ByteSize>(), Ok(ByteSize(2 << 30)));
        assert_eq!("500 MB".parse::<ByteSize>(), Ok(ByteSize(500_000_000)));
        assert_eq!("1.5KiB".parse::<ByteSize>(), Ok(ByteSize(1536)));
        for bad in ["", "GiB", "1 PB", "-1", "1e3"] {
            assert!(bad.parse::<ByteSize>().is_err(), "{bad:?}");
        }
    }
}
