//! [`Fault`]: what a test asks the next requests to one API to meet
//! instead of their answer: the vendor's error document for a status
//! (with a `Retry-After`), a connection closed before the status line, or
//! a server that says nothing. A fault changes nothing in the session
//! table.

/// The most requests one injection applies to.
pub const MAX_FAULT_COUNT: u32 = 10_000;

/// One injected fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// The vendor's error document for `status` (400-599), with
    /// `Retry-After: retry_after` when given.
    Status {
        /// The status.
        status: u16,
        /// Seconds for a `Retry-After` header.
        retry_after: Option<u64>,
    },
    /// The connection closes before any byte of the answer.
    Reset,
    /// Nothing is sent until the client gives up (or ten minutes pass, or
    /// the emulator shuts down).
    Stall,
}

impl Fault {
    /// The vendor's error document for `status`.
    pub fn status(status: u16) -> Self {
        Self::Status {
            status,
            retry_after: None,
        }
    }

    /// The same fault answering with `Retry-After: seconds` (a status
    /// fault only).
    pub fn with_retry_after(self, seconds: u64) -> Self {
        match self {
            Self::Status { status, .. } => Self::Status {
                status,
                retry_after: Some(seconds),
            },
            other => other,
        }
    }

    /// Whether it happens at the connection (no answer), not in an answer.
    pub(crate) fn is_connection_fault(self) -> bool {
        matches!(self, Self::Reset | Self::Stall)
    }

    /// Reads `POST /_emulator/fail`'s query: `vendor`, then `status` (with
    /// `retry_after`) or `fault=reset|stall`, and `count` (default 1).
    pub(crate) fn parse_query(query: &str) -> Result<(crate::Vendor, Self, u32), String> {
        let mut vendor = None;
        let mut status = None;
        let mut kind = None;
        let mut retry_after = None;
        let mut count = 1;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "vendor" => {
                    vendor = Some(
                        value
                            .parse::<crate::Vendor>()
                            .map_err(|_| "vendor is not oci, veridata, commvault, oam or jde".to_owned())?,
                    );
                }
                "status" => {
                    status = Some(
                        value
                            .parse::<u16>()
                            .ok()
                            .filter(|s| (400..=599).contains(s))
                            .ok_or("status is not 400..599")?,
                    );
                }
                "retry_after" => {
                    retry_after = Some(
                        value
                            .parse::<u64>()
                            .map_err(|_| "retry_after is not a number of seconds")?,
                    );
                }
                "fault" => {
                    kind = Some(match value {
                        "reset" => Self::Reset,
                        "stall" => Self::Stall,
                        _ => return Err("fault is not reset or stall".to_owned()),
                    });
                }
                "count" => {
                    count = value
                        .parse::<u32>()
                        .ok()
                        .filter(|n| (1..=MAX_FAULT_COUNT).contains(n))
                        .ok_or_else(|| format!("count is not 1..{MAX_FAULT_COUNT}"))?;
                }
                other => {
                    return Err(format!(
                        "unknown parameter {:?}",
                        other.chars().take(32).collect::<String>()
                    ));
                }
            }
        }
        let vendor = vendor.ok_or("vendor is missing")?;
        let fault = match (status, kind) {
            (Some(status), None) => Self::Status { status, retry_after },
            (None, Some(kind)) if retry_after.is_none() => kind,
            (None, Some(_)) => return Err("retry_after goes with a status".to_owned()),
            (Some(_), Some(_)) => return Err("give a status or a fault, not both".to_owned()),
            (None, None) => return Err("give a status (400..599) or a fault (reset, stall)".to_owned()),
        };
        Ok((vendor, fault, count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Vendor;

    #[test]
    fn the_query_is_read_strictly() {
        assert_eq!(
            Fault::parse_query("vendor=jde&status=429&retry_after=1&count=3"),
            Ok((Vendor::Jde, Fault::status(429).with_retry_after(1), 3))
        );
        assert_eq!(
            Fault::parse_query("vendor=oam&fault=reset"),
            Ok((Vendor::Oam, Fault::Reset, 1))
        );
        assert_eq!(
            Fault::parse_query("vendor=oci&fault=stall&count=2"),
            Ok((Vendor::Oci, Fault::Stall, 2))
        );
        for bad in [
            "",
            "vendor=sap&status=500",
            "vendor=jde",
            "vendor=jde&status=200",
            "vendor=jde&status=500&fault=reset",
            "vendor=jde&fault=explode",
            "vendor=jde&fault=reset&retry_after=1",
            "vendor=jde&status=500&count=0",
            "vendor=jde&status=500&count=10001",
            "vendor=jde&status=500&colour=red",
        ] {
            assert!(Fault::parse_query(bad).is_err(), "{bad}");
        }
    }
}
