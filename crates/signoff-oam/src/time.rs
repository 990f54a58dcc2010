//! [`Timestamp`]: the session times, parsed by hand (no date crate).

use std::fmt;

use serde::Serialize;

/// An instant with the UTC offset it was written in, as OAM writes session
/// times: `2017-05-31T13:57:59.545-07:00`.
///
/// [`Timestamp::parse`] reads `YYYY-MM-DDTHH:MM:SS`, an optional fraction
/// (1 to 9 digits, kept to the millisecond, truncated), then `Z` or
/// `±HH:MM` (`±HHMM` is tolerated). `Display` writes it back with
/// milliseconds.
///
/// ```
/// use signoff_oam::Timestamp;
/// let t = Timestamp::parse("2017-05-31T13:57:59.545-07:00").unwrap();
/// assert_eq!(t.unix_millis(), 1_496_264_279_545);
/// assert_eq!(t.offset_minutes(), -420);
/// assert_eq!(t.to_string(), "2017-05-31T13:57:59.545-07:00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Timestamp {
    unix_millis: i64,
    offset_minutes: i16,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (`civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A cursor over ASCII digits and separators.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize) -> Option<i64> {
        let mut v = 0i64;
        for _ in 0..n {
            let b = *self.bytes.get(self.pos)?;
            if !b.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(b - b'0');
            self.pos += 1;
        }
        Some(v)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.pos += 1)
    }
}

impl Timestamp {
    /// The largest offset accepted, in minutes (23:59).
    const MAX_OFFSET: i64 = 23 * 60 + 59;

    /// Parses `YYYY-MM-DDTHH:MM:SS(.f{1,9})?(Z|±HH:MM|±HHMM)`; `None` for
    /// anything else, an impossible date or time included. Surrounding
    /// whitespace is ignored; `t` and `z` are accepted for `T` and `Z`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut c = Cursor {
            bytes: text.trim().as_bytes(),
            pos: 0,
        };
        let year = c.digits(4)?;
        c.eat(b'-')?;
        let month = c.digits(2)?;
        c.eat(b'-')?;
        let day = c.digits(2)?;
        match c.peek()? {
            b'T' | b't' => c.pos += 1,
            _ => return None,
        }
        let hour = c.digits(2)?;
        c.eat(b':')?;
        let minute = c.digits(2)?;
        c.eat(b':')?;
        let second = c.digits(2)?;
        let mut millis = 0;
        if c.eat(b'.').is_some() {
            let start = c.pos;
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                let digit = i64::from(c.peek()? - b'0');
                match c.pos - start {
                    0 => millis += digit * 100,
                    1 => millis += digit * 10,
                    2 => millis += digit,
                    _ => {}
                }
                c.pos += 1;
            }
            if !(1..=9).contains(&(c.pos - start)) {
                return None;
            }
        }
        let offset = match c.peek()? {
            b'Z' | b'z' => {
                c.pos += 1;
                0
            }
            sign @ (b'+' | b'-') => {
                c.pos += 1;
                let h = c.digits(2)?;
                let _ = c.eat(b':');
                let m = c.digits(2)?;
                if m > 59 {
                    return None;
                }
                let total = h * 60 + m;
                if sign == b'-' { -total } else { total }
            }
            _ => return None,
        };
        if c.pos != c.bytes.len()
            || !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
            || offset.abs() > Self::MAX_OFFSET
        {
            return None;
        }
        let local_seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
        let unix_millis = (local_seconds - offset * 60) * 1000 + millis;
        Some(Self {
            unix_millis,
            offset_minutes: i16::try_from(offset).ok()?,
        })
    }

    /// A timestamp from milliseconds since the Unix epoch and an offset in
    /// minutes; `None` when the offset is 24 hours or more, or the local
    /// date falls outside the years 0000 to 9999 (which `Display` could not
    /// write in the parsed form).
    pub fn from_unix_millis(unix_millis: i64, offset_minutes: i16) -> Option<Self> {
        if i64::from(offset_minutes).abs() > Self::MAX_OFFSET {
            return None;
        }
        let t = Self {
            unix_millis,
            offset_minutes,
        };
        let local_days = t.local_millis()?.div_euclid(86_400_000);
        let min = days_from_civil(0, 1, 1);
        let max = days_from_civil(9999, 12, 31);
        (min..=max).contains(&local_days).then_some(t)
    }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub fn unix_millis(&self) -> i64 {
        self.unix_millis
    }

    /// The UTC offset the time was written in, in minutes (`-420` for
    /// `-07:00`).
    pub fn offset_minutes(&self) -> i16 {
        self.offset_minutes
    }

    fn local_millis(&self) -> Option<i64> {
        self.unix_millis
            .checked_add(i64::from(self.offset_minutes).checked_mul(60_000)?)
    }
}

impl fmt::Display for Timestamp {
    /// `YYYY-MM-DDTHH:MM:SS.mmm` then `Z` or `±HH:MM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let local = self.local_millis().ok_or(fmt::Error)?;
        let days = local.div_euclid(86_400_000);
        let ms = local.rem_euclid(86_400_000);
        let (y, m, d) = civil_from_days(days);
        let (hh, mm, ss, mmm) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
        write!(f, "{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{mmm:03}")?;
        let off = i64::from(self.offset_minutes);
        if off == 0 {
            f.write_str("Z")
        } else {
            let sign = if off < 0 { '-' } else { '+' };
            write!(f, "{sign}{:02}:{:02}", off.abs() / 60, off.abs() % 60)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_page_times() {
        let t = Timestamp::parse("2017-05-31T13:57:59.545-07:00").unwrap();
        assert_eq!((t.unix_millis(), t.offset_minutes()), (1_496_264_279_545, -420));
        let e = Timestamp::parse("2017-05-31T21:57:59.545-07:00").unwrap();
        assert_eq!(e.unix_millis() - t.unix_millis(), 8 * 3_600_000);
        assert_eq!(Timestamp::parse("1970-01-01T00:00:00Z").unwrap().unix_millis(), 0);
        assert_eq!(Timestamp::parse("1969-12-31T23:59:59.999Z").unwrap().unix_millis(), -1);
        assert_eq!(
            Timestamp::parse("2000-02-29T05:30:00+0530").unwrap().unix_millis(),
            Timestamp::parse("2000-02-29T00:00:00Z").unwrap().unix_millis()
        );
        // Fractions are truncated to the millisecond.
        assert_eq!(
            Timestamp::parse("1970-01-01T00:00:00.1234567Z").unwrap().unix_millis(),
            123
        );
        assert_eq!(Timestamp::parse("1970-01-01T00:00:00.5Z").unwrap().unix_millis(), 500);
    }

    #[test]
    fn refuses_what_is_not_a_timestamp() {
        for bad in [
            "",
            "2017-05-31",
            "2017-05-31T13:57:59",
            "2017-05-31 13:57:59Z",
            "2017-13-01T00:00:00Z",
            "2017-02-29T00:00:00Z",
            "2017-04-31T00:00:00Z",
            "2017-05-31T24:00:00Z",
            "2017-05-31T23:60:00Z",
            "2017-05-31T23:59:60Z",
            "2017-05-31T23:59:59.Z",
            "2017-05-31T23:59:59.1234567890Z",
            "2017-05-31T23:59:59+24:00",
            "2017-05-31T23:59:59+01:60",
            "2017-05-31T23:59:59Zjunk",
            "17-05-31T23:59:59Z",
            "２017-05-31T23:59:59Z",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn displays_what_it_parses() {
        for s in [
            "2017-05-31T13:57:59.545-07:00",
            "0000-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999+23:59",
        ] {
            assert_eq!(Timestamp::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Timestamp::from_unix_millis(0, 24 * 60), None);
        assert_eq!(Timestamp::from_unix_millis(i64::MAX, 0), None);
    }

    proptest::proptest! {
        #[test]
        fn display_then_parse_is_identity(
            ms in days_from_civil(0, 1, 2) * 86_400_000..days_from_civil(9999, 12, 30) * 86_400_000,
            off in -1439i16..=1439,
        ) {
            let t = Timestamp::from_unix_millis(ms, off).unwrap();
            proptest::prop_assert_eq!(Timestamp::parse(&t.to_string()), Some(t));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = Timestamp::parse(&s);
        }
    }
}
