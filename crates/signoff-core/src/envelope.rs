//! [`Envelope`]: a vendor's error document as a type, read from what the
//! call's error declaration accepted.

use bytestring::ByteString;
use serde::Serialize;

use crate::BodyTexts;
use crate::doc::Document;

/// A vendor's error envelope. Every call answering with it shares one
/// reading: the strict one from an accepted document, the optional fast
/// one straight from a flat JSON body, and what a report shows of it.
pub trait Envelope: Serialize + Sized {
    /// The envelope of a document the call's [`ERROR`](crate::Call::ERROR)
    /// declaration accepted; `None` when it carries nothing to report.
    fn of_document(doc: &Document<'_>, texts: &BodyTexts<'_>) -> Option<Self>;

    /// The envelope read straight from a JSON body with no tree, for the
    /// common flat shape; `None` leaves the body to the strict reading. It
    /// must agree with the strict reading on every body it settles (each
    /// vendor crate tests that).
    fn fast(texts: &BodyTexts<'_>) -> Option<Self> {
        let _ = texts;
        None
    }

    /// Whether the envelope, read on a success status, reports a failure
    /// (a vendor whose documents carry a success marker, such as an error
    /// code of `0`, says no for it): when not, the answer is `unexpected`,
    /// since it is not the declared success document either.
    fn is_failure(&self) -> bool {
        true
    }

    /// The code and the message a report shows.
    fn code_message(&self) -> (Option<ByteString>, Option<ByteString>);

    /// The kind of an error answer, when the vendor says more than its
    /// status (JD Edwards' 444 "Invalid Token" on every call); `None` takes
    /// the status's kind.
    fn error_kind(status: u16, envelope: Option<&Self>) -> Option<crate::ErrorKind> {
        let _ = (status, envelope);
        None
    }

    /// Whether the same request sent again may succeed, when the vendor's
    /// own retry rules say more than the status does (Compute Enclave's SDKs
    /// retry a 409 `IncorrectState`); `None` takes the status's rule.
    fn retryable(status: u16, envelope: Option<&Self>) -> Option<bool> {
        let _ = (status, envelope);
        None
    }
}
