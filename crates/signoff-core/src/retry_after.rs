//! `Retry-After` (RFC 9110 §10.2.3): how long a server asks its client to
//! wait before sending again, as delay seconds or an HTTP date.

use std::time::SystemTime;

use http::HeaderMap;

/// The longest delay kept, in seconds (a day): a larger one is read as
/// this, since no retry loop waits longer and a huge number is no use.
pub const MAX_RETRY_AFTER: u64 = 86_400;

/// A `Retry-After` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryAfter {
    /// Delay seconds (capped at [`MAX_RETRY_AFTER`]).
    Seconds(u64),
    /// An HTTP date.
    Date(SystemTime),
}

impl RetryAfter {
    /// The value of the response's one `Retry-After` header: `None` when
    /// there is none, more than one, or one that is neither delay seconds
    /// (ASCII digits only) nor an HTTP date.
    pub fn of(headers: &HeaderMap) -> Option<Self> {
        let mut values = headers.get_all(http::header::RETRY_AFTER).iter();
        let value = values.next()?;
        if values.next().is_some() {
            return None;
        }
        let text = value.to_str().ok()?.trim();
        if !text.is_empty() && text.len() <= 32 && text.bytes().all(|b| b.is_ascii_digit()) {
            let seconds = text.parse::<u64>().unwrap_or(u64::MAX);
            return Some(Self::Seconds(seconds.min(MAX_RETRY_AFTER)));
        }
        httpdate::parse_http_date(text).ok().map(Self::Date)
    }

    /// The delay in seconds: delay seconds as given; a date less `now`,
    /// where `now` is the caller's clock or, when the caller has none, the
    /// response's own `Date` header (the server's clock, which the date was
    /// written against). A date already past is 0; without a reference, or
    /// with a `Date` that is not an HTTP date, `None`.
    pub fn seconds(self, headers: &HeaderMap, now: Option<SystemTime>) -> Option<u64> {
        match self {
            Self::Seconds(s) => Some(s),
            Self::Date(when) => {
                let now = match now {
                    Some(now) => now,
                    None => {
                        let date = headers.get(http::header::DATE)?.to_str().ok()?;
                        httpdate::parse_http_date(date.trim()).ok()?
                    }
                };
                let wait = when.duration_since(now).map_or(0, |d| d.as_secs());
                Some(wait.min(MAX_RETRY_AFTER))
            }
        }
    }
}

/// The delay a response asks for, in seconds, measured against its own
/// `Date` header when it gives a date (see [`RetryAfter::seconds`]).
pub fn retry_after_seconds(headers: &HeaderMap) -> Option<u64> {
    RetryAfter::of(headers)?.seconds(headers, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                http::HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn seconds_and_dates() {
        assert_eq!(retry_after_seconds(&headers(&[("retry-after", "30")])), Some(30));
        assert_eq!(retry_after_seconds(&headers(&[("retry-after", " 0 ")])), Some(0));
        assert_eq!(
            retry_after_seconds(&headers(&[("retry-after", "99999999999999999999999")])),
            Some(MAX_RETRY_AFTER)
        );
        let dated = headers(&[
            ("retry-after", "Sat, 05 Dec 2026 10:00:30 GMT"),
            ("date", "Sat, 05 Dec 2026 10:00:00 GMT"),
        ]);
        assert_eq!(retry_after_seconds(&dated), Some(30));
        // Past dates wait nothing; a caller's clock overrides the Date header.
        let later = httpdate::parse_http_date("Sat, 05 Dec 2026 10:01:00 GMT").unwrap();
        assert_eq!(RetryAfter::of(&dated).unwrap().seconds(&dated, Some(later)), Some(0));
        let earlier = later - Duration::from_secs(80);
        assert_eq!(RetryAfter::of(&dated).unwrap().seconds(&dated, Some(earlier)), Some(50));
        // A date with no reference is not a number of seconds.
        let undated = headers(&[("retry-after", "Sat, 05 Dec 2026 10:00:30 GMT")]);
        assert!(RetryAfter::of(&undated).is_some());
        assert_eq!(retry_after_seconds(&undated), None);
    }

    #[test]
    fn anything_else_is_none() {
        for bad in ["", "-1", "1.5", "30s", "soon", "0x10", "+5"] {
            assert_eq!(RetryAfter::of(&headers(&[("retry-after", bad)])), None, "{bad:?}");
        }
        assert_eq!(
            RetryAfter::of(&headers(&[("retry-after", "1"), ("retry-after", "2")])),
            None
        );
        assert_eq!(RetryAfter::of(&HeaderMap::new()), None);
    }
}
