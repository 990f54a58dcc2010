//! [`BodyTexts`]: texts of a body kept as slices of the response's buffer.

use std::cell::OnceCell;

use bytes::Bytes;
use bytestring::ByteString;

use super::*;

/// A body whose texts a reader keeps as [`ByteString`]s: slices of the
/// response's own buffer when the caller holds it and it is UTF-8, else
/// copies.
///
/// A shared body is checked UTF-8 once, over the whole buffer, the first
/// time a text is asked for; the readers then scan that text
/// ([`BodyTexts::text`]) and keep parts of it ([`BodyTexts::keep`]) without
/// checking again, and keeping a part costs a reference count, not an
/// allocation.
///
/// ```
/// use bytes::Bytes;
/// use signoff_core::BodyTexts;
/// let buffer = Bytes::from(br#"{"code":"NotAuthenticated"}"#.to_vec());
/// let body = BodyTexts::shared(&buffer);
/// let [code] = body.flat_strings(["code"]).unwrap();
/// let kept = body.keep(code.unwrap());
/// assert_eq!(kept, "NotAuthenticated");
/// assert_eq!(kept.as_bytes().as_ptr(), buffer[9..].as_ptr()); // no copy
/// assert_eq!(BodyTexts::copied(b"\xff").text(), None);
/// ```
#[derive(Debug, Clone)]
pub struct BodyTexts<'a> {
    body: &'a [u8],
    /// The body as the response's own buffer, when the caller holds it.
    shared: Option<&'a Bytes>,
    /// `shared` as text, checked on first use (`None` inside: not UTF-8).
    whole: OnceCell<Option<ByteString>>,
}

impl<'a> BodyTexts<'a> {
    /// A body given as a slice: texts kept are copies.
    pub fn copied(body: &'a [u8]) -> Self {
        Self {
            body,
            shared: None,
            whole: OnceCell::new(),
        }
    }

    /// A body given as the response's own buffer: texts kept are slices of
    /// it when it is UTF-8, else copies.
    pub fn shared(body: &'a Bytes) -> Self {
        Self {
            body,
            shared: Some(body),
            whole: OnceCell::new(),
        }
    }

    /// The body's bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.body
    }

    /// The shared body as text: checked UTF-8 on the first call only;
    /// `None` for a copied body or one that is not UTF-8.
    pub fn shared_text(&self) -> Option<&ByteString> {
        let bytes = self.shared?;
        self.whole
            .get_or_init(|| ByteString::try_from(bytes.clone()).ok())
            .as_ref()
    }

    /// The body as text (for a copied body, checked at each call); `None`
    /// when it is not UTF-8.
    pub fn text(&self) -> Option<&str> {
        match self.shared {
            Some(_) => self.shared_text().map(|whole| &**whole),
            None => std::str::from_utf8(self.body).ok(),
        }
    }

    /// The whole body as one [`ByteString`]: the shared buffer itself (its
    /// check done once), else a copy; `None` when it is not UTF-8.
    pub fn whole(&self) -> Option<ByteString> {
        match self.shared {
            Some(_) => self.shared_text().cloned(),
            None => ByteString::try_from(self.body).ok(),
        }
    }

    /// [`flat_strings_of_text`](crate::flat_strings_of_text) of the body's
    /// text: the envelopes' fast path.
    pub fn flat_strings<const N: usize>(&self, names: [&str; N]) -> Option<[Option<&str>; N]> {
        crate::flat_strings_of_text(self.text()?, names)
    }

    /// `text` as a [`ByteString`]: a slice of the shared buffer when it lies
    /// in it (checked by address), else a copy.
    pub fn keep(&self, text: &str) -> ByteString {
        match self.shared_text() {
            Some(whole) if range_within(whole.as_bytes(), text.as_bytes()).is_some() => whole.slice_ref(text),
            _ => ByteString::from(text),
        }
    }

    /// [`BodyTexts::keep`] of a text a reader borrowed or built.
    pub fn keep_cow(&self, text: std::borrow::Cow<'_, str>) -> ByteString {
        match text {
            std::borrow::Cow::Borrowed(s) => self.keep(s),
            std::borrow::Cow::Owned(s) => ByteString::from(s),
        }
    }

    /// [`excerpt`] of the body: the shared buffer itself when it is UTF-8
    /// and short enough to be its own excerpt.
    pub fn excerpt(&self) -> ByteString {
        if self.shared.is_some_and(|b| b.len() <= EXCERPT_LIMIT)
            && let Some(whole) = self.shared_text()
        {
            return whole.clone();
        }
        ByteString::from(excerpt(self.body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_texts_share_only_what_lies_in_a_utf8_buffer() {
        let shared = |t: &ByteString, buffer: &Bytes| range_within(buffer, t.as_bytes()).is_some();
        let buffer = Bytes::from(b"{\"m\":\"caf\xc3\xa9\"}".to_vec());
        let body = BodyTexts::shared(&buffer);
        let text = body.text().unwrap_or_default();
        assert_eq!(text, "{\"m\":\"café\"}");
        let part = text.get(6..11).unwrap_or_default();
        assert!(shared(&body.keep(part), &buffer));
        // A text from elsewhere, or any text of a copied body, is copied.
        assert!(!shared(&body.keep("café"), &buffer));
        assert!(!shared(&BodyTexts::copied(&buffer).keep(part), &buffer));
        // The short body is its own excerpt, shared.
        assert!(shared(&body.excerpt(), &buffer));
        assert!(body.whole().is_some_and(|w| shared(&w, &buffer)));
        assert!(BodyTexts::copied(&buffer).whole().is_some_and(|w| !shared(&w, &buffer)));
        // Not UTF-8: no text, texts copied, the excerpt lossy.
        let bad = Bytes::from(b"{\"m\":\"\xff\"}".to_vec());
        let body = BodyTexts::shared(&bad);
        assert_eq!(body.text(), None);
        assert_eq!(body.flat_strings(["m"]), None);
        assert_eq!(body.whole(), None);
        assert_eq!(body.excerpt(), "{\"m\":\"\u{FFFD}\"}");
        // A long body's excerpt is bounded (a copy).
        let long = Bytes::from(vec![b'a'; EXCERPT_LIMIT + 10]);
        let excerpt = BodyTexts::shared(&long).excerpt();
        assert!(excerpt.len() <= EXCERPT_LIMIT + '…'.len_utf8() && excerpt.ends_with('…'));
    }
}
