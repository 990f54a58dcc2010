//! Finding the few bytes a reader must look at, eight bytes at a time.
//!
//! Texts in the documents these codecs read are mostly plain: no control
//! character, no quote, no reference. The XML checks, the XML fast path and
//! the JSON envelopes' fast path all ask the same question ("where is the
//! first byte of this small set?"), answered here once, a word at a time
//! (SWAR), with no `unsafe` and no dependency.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `v` that is zero: exact for the lowest such
/// byte (a borrow only flows upward).
const fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(ONES) & !v & HIGHS
}

/// The offset of the first byte of `bytes` that is below `below` (at most
/// 0x80) or equal to one of `any_of`.
///
/// ```
/// use signoff_core::first_special;
/// assert_eq!(first_special(b"plain text, then \"quoted\"", 0x20, [b'"', b'\\', b'"']), Some(17));
/// assert_eq!(first_special(b"tab\there", 0x20, [b'&'; 3]), Some(3));
/// assert_eq!(first_special(b"nothing to see", 0x20, [b'&', b'<', 0xEF]), None);
/// ```
// Always inlined: its callers pass constant sets, which fold into the
// word masks, and a call per short string costs about a tenth of an
// envelope's fast path; left to itself, the compiler does not always
// inline it.
#[inline(always)]
pub fn first_special(bytes: &[u8], below: u8, any_of: [u8; 3]) -> Option<usize> {
    let below = below.min(0x80);
    let special = |b: u8| b < below || any_of.contains(&b);
    let [a, b, c] = any_of.map(|x| ONES * u64::from(x));
    let under = ONES * u64::from(below);
    // Each term's lowest flag is exact, so the lowest flag of the union is
    // the first special byte.
    let flags = |word: &[u8]| {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let x = u64::from_le_bytes(w);
        (x.wrapping_sub(under) & !x & HIGHS) | zero_bytes(x ^ a) | zero_bytes(x ^ b) | zero_bytes(x ^ c)
    };
    // Two words a turn (half the loop overhead on long texts), then one.
    let mut pairs = bytes.chunks_exact(16);
    let mut from = 0;
    for pair in &mut pairs {
        let (lo, hi) = pair.split_at(8);
        let (l, h) = (flags(lo), flags(hi));
        if l | h != 0 {
            let first = if l != 0 {
                l.trailing_zeros()
            } else {
                64 + h.trailing_zeros()
            };
            return Some(from + first as usize / 8);
        }
        from += 16;
    }
    let mut words = pairs.remainder().chunks_exact(8);
    for word in &mut words {
        let flagged = flags(word);
        if flagged != 0 {
            return Some(from + flagged.trailing_zeros() as usize / 8);
        }
        from += 8;
    }
    words.remainder().iter().position(|&b| special(b)).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_word_scan_agrees_with_the_byte_scan(
            bytes in proptest::collection::vec(prop_oneof![any::<u8>(), Just(b'a'), Just(b' ')], 0..80),
            below in prop_oneof![Just(0u8), Just(0x20), Just(0x80), any::<u8>()],
            any_of in any::<[u8; 3]>(),
        ) {
            let b = below.min(0x80);
            let slow = bytes.iter().position(|&x| x < b || any_of.contains(&x));
            prop_assert_eq!(first_special(&bytes, below, any_of), slow);
        }
    }
}
