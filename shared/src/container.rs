//! The container id: a short, safe identifier that needs no quoting in CSV or JSON.

use std::fmt;
use std::str::FromStr;

use crate::error::ParseError;

/// Longest container id accepted.
pub const MAX_CONTAINER_ID_LEN: usize = 64;

/// A container id: 1–64 ASCII letters, digits, `-`, `_` or `.`.
///
/// The id is kept inline (no heap), so every record can carry a copy cheaply. Because of its
/// alphabet, it is written as-is in CSV and JSON without escaping.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContainerId {
    len: u8,
    bytes: [u8; MAX_CONTAINER_ID_LEN],
}

impl ContainerId {
    /// The four demo presets, C01–C04.
    pub const PRESETS: [&'static str; 4] = ["C01", "C02", "C03", "C04"];

    /// Parses and validates an id; surrounding spaces are not allowed.
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        let ok = !s.is_empty()
            && s.len() <= MAX_CONTAINER_ID_LEN
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !ok {
            return Err(ParseError::new(
                "container id",
                s,
                "expected 1 to 64 ASCII letters, digits, '-', '_' or '.', e.g. C01",
            ));
        }
        let mut bytes = [0u8; MAX_CONTAINER_ID_LEN];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Ok(Self {
            len: s.len() as u8,
            bytes,
        })
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever stored (checked in `parse`).
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl Default for ContainerId {
    /// C01, as in the original tool.
    fn default() -> Self {
        Self::parse("C01").expect("C01 is a valid id")
    }
}

impl FromStr for ContainerId {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for ContainerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ContainerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContainerId({:?})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_presets_and_safe_ids() {
        for id in ContainerId::PRESETS
            .iter()
            .copied()
            .chain(["a", "reefer-7_b.2", &"x".repeat(64)])
        {
            assert_eq!(ContainerId::parse(id).unwrap().as_str(), id);
        }
    }

    #[test]
    fn rejects_empty_long_and_unsafe_ids() {
        for id in ["", &"x".repeat(65), "C 01", "C01,", "\"C01\"", "é", " C01"] {
            let err = ContainerId::parse(id).unwrap_err();
            assert!(err.to_string().contains("1 to 64 ASCII letters"), "{err}");
        }
    }
}
