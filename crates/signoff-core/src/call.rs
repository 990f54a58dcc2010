//! The codec contract: a vendor call is a declaration ([`Call`]); decoding
//! any call's response ([`decode`], [`decode_with`], [`decode_view`]) and
//! serving it to the registry ([`VendorCodec`]) is written once, here.
//!
//! What a call declares is vendor knowledge and nothing more: its name, its
//! parameters and which of them are secret or filled by a caller's clock,
//! the headers carrying a request id, the statuses that mean success, its
//! success document and its error envelope ([`Documents`]), and how to turn
//! an accepted document into its typed value. The machinery below holds
//! every call to the same rules:
//!
//! - only a declared success status (200, or 204 where the success has no
//!   body) can be success; another 2xx is `unexpected`;
//! - a body is read by a strict reader in one media type, chosen from the
//!   `Content-Type` and the body among the media types the call declares; a
//!   declared type the call has no document for (`image/png`,
//!   `text/plain` where no text is declared) is never sniffed into success;
//!   two different `Content-Type` headers are ambiguous; a
//!   `Content-Encoding` other than identity is never read as plain;
//! - a success is made only from a document the success declaration
//!   accepts; a 2xx carrying the declared error envelope is `api_error`;
//!   anything else is `unexpected`;
//! - an error's code and message come only from a document the error
//!   declaration accepts (or the call's own fast reading of it).

use std::marker::PhantomData;

use bytes::Bytes;
use bytestring::ByteString;
use http::{HeaderMap, Request, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::doc::{DocError, Document, Documents, read_json, read_xml};
use crate::envelope::Envelope;
use crate::probe::{Liveness, Probe};
use crate::{
    ApiError, BodyTexts, BuildError, Codec, DecodeOptions, Error, ErrorKind, MediaType, Report, ResponseView,
    UnexpectedReason, html_title, is_blank, strip_bom,
};

/// What a vendor declares once for all its calls: its name, where its
/// request id travels, its error envelope.
pub trait Vendor: 'static {
    /// The vendor's short name (`jde`, `oci`, ...).
    const NAME: &'static str;
    /// Headers that may carry the vendor's request id, by preference.
    const REQUEST_ID_HEADERS: &'static [&'static str];
    /// The error envelope.
    const ERROR: Documents;
    /// The error envelope as it is recognised on a success status (a 2xx
    /// carrying the vendor's error document): by default the envelope
    /// itself; a vendor whose envelope has no required member narrows it,
    /// so that an unrelated document on a 2xx stays `unexpected`.
    const ERROR_ON_SUCCESS: Documents = Self::ERROR;
    /// Whether an HTML error page's `<title>` is taken as the message (a
    /// web server's own error page, where the vendor's front end sends one).
    const HTML_TITLE_IS_MESSAGE: bool = false;

    /// The error envelope as a type, shared by every call of the vendor.
    type Envelope: Envelope;
}

/// The error envelope type of call `C`: its vendor's.
pub type EnvelopeOf<C> = <<C as Call>::Vendor as Vendor>::Envelope;

/// One vendor call, declared.
pub trait Call: 'static {
    /// The vendor it belongs to: name, request ids, error envelope.
    type Vendor: Vendor;
    /// The vendor's short name (`jde`, `oci`, ...).
    const VENDOR: &'static str = <Self::Vendor as Vendor>::NAME;
    /// The call's registry name (`logout`, `login`, ...).
    const NAME: &'static str;
    /// Headers that may carry the vendor's request id, by preference.
    const REQUEST_ID_HEADERS: &'static [&'static str] = <Self::Vendor as Vendor>::REQUEST_ID_HEADERS;
    /// Every parameter the call takes, as a caller looks them up (a
    /// registry test checks the names against the params struct).
    const PARAMS: &'static [crate::Param];
    /// Parameters (snake_case) that hold secrets.
    const SECRET_PARAMS: &'static [&'static str] = &[];
    /// Parameters a caller's clock fills (an OCI signature's `date`): a
    /// sender supplies them when absent, a plain `request` requires them.
    const CLOCK_PARAMS: &'static [&'static str] = &[];
    /// The statuses that mean success.
    const SUCCESS_STATUSES: &'static [u16] = &[200];
    /// Every status the vendor documents for this call (the conformance
    /// suite holds a case for each).
    const DOCUMENTED_STATUSES: &'static [u16] = &[];
    /// The success document.
    const SUCCESS: Documents;
    /// The error envelope (the vendor's, unless the call says otherwise).
    const ERROR: Documents = <Self::Vendor as Vendor>::ERROR;
    /// The error envelope as it is recognised on a success status.
    const ERROR_ON_SUCCESS: Documents = <Self::Vendor as Vendor>::ERROR_ON_SUCCESS;
    /// Whether the success document carries secrets (a login's token):
    /// then any answer on a success status that is not a success (cut
    /// short, wrapped in a page, an error beside the token) keeps no
    /// excerpt of its body, only [`REDACTED`](crate::REDACTED).
    const SUCCESS_HOLDS_SECRETS: bool = false;
    /// Whether an HTML error page's `<title>` is taken as the message.
    const HTML_TITLE_IS_MESSAGE: bool = <Self::Vendor as Vendor>::HTML_TITLE_IS_MESSAGE;
    /// For a session-ending call: how to check afterwards that the session
    /// is gone. `None` where the vendor documents no way to ask (its docs
    /// say so; every check is then [`Liveness::CannotTell`]).
    const PROBE: Option<Probe> = None;
    /// For a probe call: the statuses whose API error means "no such
    /// session" (a 401 for a dead token, a 404 for an unknown session id).
    const GONE_STATUSES: &'static [u16] = &[];

    /// The parameters, as data (unknown keys refused).
    type Params: DeserializeOwned;
    /// The typed success.
    type Success: Serialize;

    /// Builds the request.
    fn build(params: Self::Params) -> Result<Request<Bytes>, BuildError>;

    /// The typed success of a document [`Self::SUCCESS`] accepted; `Err`
    /// with a sentence when a value the declaration cannot express is out
    /// of range (the answer is then `unexpected`).
    /// The view gives the response around the document (its request id,
    /// its buffer through [`ResponseView::body_texts`]).
    fn success(doc: &Document<'_>, view: &ResponseView<'_>) -> Result<Self::Success, String>;

    /// The secrets a success holds (a login's token), by the name its
    /// report shows them under: what a caller that asked to see them (the
    /// CLI's `--reveal-secrets`) puts in place of `[REDACTED]`.
    fn revealed(success: &Self::Success) -> Vec<(&'static str, String)> {
        let _ = success;
        Vec::new()
    }

    /// For a probe call: what its decoded answer says about the session.
    /// By default a success is [`Liveness::Alive`], an API error on one of
    /// [`Self::GONE_STATUSES`] is [`Liveness::Gone`], anything else
    /// [`Liveness::CannotTell`]; a probe whose success can also say "gone"
    /// (a session list without it) says so here.
    ///
    /// `ended` is the session-ending call's parameters (a list probe finds
    /// the ended ids there).
    fn liveness(result: &Result<Self::Success, Error<EnvelopeOf<Self>>>, ended: &serde_json::Value) -> Liveness {
        let _ = ended;
        match result {
            Ok(_) => Liveness::Alive,
            Err(Error::Api(e)) if Self::GONE_STATUSES.contains(&e.status) => Liveness::Gone,
            Err(_) => Liveness::CannotTell,
        }
    }

    /// Decodes a response to this call with the default options: texts
    /// kept in an error share the response's buffer.
    fn decode(response: &Response<Bytes>) -> Result<Self::Success, Error<EnvelopeOf<Self>>>
    where
        Self: Sized,
    {
        decode::<Self>(response)
    }

    /// Decodes a response to this call given as parts plus a body.
    fn decode_with(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        options: &DecodeOptions,
    ) -> Result<Self::Success, Error<EnvelopeOf<Self>>>
    where
        Self: Sized,
    {
        decode_with::<Self>(status, headers, body, options)
    }

    /// The kind of an error answer, when the vendor says more than its
    /// status (JD Edwards' 444); `None` takes the status's kind.
    fn error_kind(status: u16, envelope: Option<&EnvelopeOf<Self>>) -> Option<ErrorKind> {
        <Self::Vendor as Vendor>::Envelope::error_kind(status, envelope)
    }
}

/// Decodes a response to call `C` with the default options; texts kept in
/// an error share the response's buffer.
pub fn decode<C: Call>(response: &Response<Bytes>) -> Result<C::Success, Error<EnvelopeOf<C>>> {
    decode_view::<C>(
        &ResponseView::of_bytes(response, C::REQUEST_ID_HEADERS),
        &DecodeOptions::default(),
    )
}

/// Decodes a response to call `C` given as parts plus a body.
pub fn decode_with<C: Call>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    options: &DecodeOptions,
) -> Result<C::Success, Error<EnvelopeOf<C>>> {
    decode_view::<C>(
        &ResponseView::new(status, headers, body, C::REQUEST_ID_HEADERS),
        options,
    )
}

/// Decodes a response to call `C` from a view.
pub fn decode_view<C: Call>(
    view: &ResponseView<'_>,
    options: &DecodeOptions,
) -> Result<C::Success, Error<EnvelopeOf<C>>> {
    view.check_limit(options)?;
    if view.has_content_encoding()
        && let Some(encoding) = content_encoding(view.headers())
    {
        return Err(view
            .unexpected(
                UnexpectedReason::EncodedBody,
                format!(
                    "the body is sent with Content-Encoding {}; it is never read as plain (decode it first and remove the header)",
                    bounded(&encoding)
                ),
            )
            .into());
    }
    let status = view.status().as_u16();
    if C::SUCCESS_STATUSES.contains(&status) {
        let result = read_success::<C>(view);
        if C::SUCCESS_HOLDS_SECRETS {
            return result.map_err(redact_excerpt);
        }
        result
    } else if (400..=599).contains(&status) {
        Err(read_error::<C>(view).into())
    } else {
        Err(view.unexpected_status().into())
    }
}

fn redact_excerpt<D>(mut error: Error<D>) -> Error<D> {
    match &mut error {
        Error::Api(e) => e.excerpt = ByteString::from_static(crate::REDACTED),
        Error::Unexpected(u) => u.excerpt = ByteString::from_static(crate::REDACTED),
    }
    error
}

/// The media type a body is read as, or why it is not read.
enum Format {
    Empty,
    Json,
    Xml,
    Text,
    Html,
    /// A type none of the call's documents has.
    Foreign(MediaType),
    /// Two different `Content-Type` headers.
    Ambiguous,
}

/// Chooses the media type among those `offered` (the call's documents):
/// the declared one must be offered or absent; the body's own look decides
/// between offered types (the OAM page labels its XML as JSON, a JAX-RS
/// resource labels a plain text as JSON).
fn format(view: &ResponseView<'_>, offered: &[&Documents]) -> Format {
    if view.content_type_conflict() {
        return Format::Ambiguous;
    }
    let body = view.body();
    let declared = view.declared_media_type();
    let has = |m: MediaType| {
        offered.iter().any(|d| match m {
            MediaType::Json => d.has_json(),
            MediaType::Xml => d.has_xml(),
            MediaType::Text => d.has_text(),
            _ => false,
        })
    };
    if is_blank(body) {
        // Even no body is read under its label: an empty page labelled
        // HTML or an image is not this call's empty answer.
        return if declared == MediaType::Missing || has(declared) {
            Format::Empty
        } else {
            Format::Foreign(declared)
        };
    }
    let sniffed = match MediaType::sniff(body) {
        // A JSON scalar (a string, a number, a literal) opens like text:
        // where the call has a JSON document, it is read as JSON, so a
        // broken JSON value is never taken for a text answer.
        MediaType::Text if opens_json_scalar(body) => MediaType::Json,
        m => m,
    };
    if declared == MediaType::Html || sniffed == MediaType::Html {
        return Format::Html;
    }
    if declared != MediaType::Missing && !has(declared) {
        return Format::Foreign(declared);
    }
    let chosen = if has(sniffed) {
        sniffed
    } else if declared != MediaType::Missing {
        declared
    } else {
        return Format::Foreign(sniffed);
    };
    match chosen {
        MediaType::Json => Format::Json,
        MediaType::Xml => Format::Xml,
        _ => Format::Text,
    }
}

fn opens_json_scalar(body: &[u8]) -> bool {
    let body = crate::trim_start(strip_bom(body));
    let word = body.split(|b| crate::is_space(*b)).next().unwrap_or_default();
    matches!(body.first(), Some(b'"' | b'-' | b'0'..=b'9' | b']' | b'}'))
        || [&b"true"[..], b"false", b"null"]
            .iter()
            .any(|lit| word.starts_with(lit) || lit.starts_with(word))
}

/// Reads the body strictly in the chosen media type.
fn read<'a>(format: &Format, body: &'a [u8]) -> Result<Document<'a>, DocError> {
    match format {
        Format::Json => read_json(body).map(Document::Json),
        Format::Xml => read_xml(body).map(Document::Xml),
        Format::Text => std::str::from_utf8(strip_bom(body))
            .map(|t| Document::Text(t.trim_matches([' ', '\t', '\r', '\n'])))
            .map_err(|e| DocError {
                offset: e.valid_up_to(),
                message: "the body is not UTF-8".into(),
            }),
        _ => Ok(Document::Empty),
    }
}

fn read_success<C: Call>(view: &ResponseView<'_>) -> Result<C::Success, Error<EnvelopeOf<C>>> {
    let texts = view.body_texts();
    let unexpected = |reason, detail: String| -> Error<EnvelopeOf<C>> { view.unexpected(reason, detail).into() };
    // A text's or an XML document's charset says what its bytes mean
    // (RFC 2046, RFC 7303); JSON's has no effect (RFC 8259, section 11).
    // No bytes are no characters in any charset.
    if let Some(charset) = view.foreign_charset()
        && view.declared_media_type() != MediaType::Json
        && !view.body().is_empty()
    {
        return Err(unexpected(
            UnexpectedReason::UnsupportedContentType,
            format!(
                "the body is declared in charset {}, which does not read as UTF-8; it is not read",
                bounded(&String::from_utf8_lossy(charset))
            ),
        ));
    }
    let format = format(view, &[&C::SUCCESS, &C::ERROR]);
    let doc = match format {
        Format::Ambiguous => {
            return Err(unexpected(
                UnexpectedReason::UnsupportedContentType,
                "the response carries two different Content-Type headers; its body is ambiguous".into(),
            ));
        }
        Format::Html => {
            let title = html_title(view.body())
                .map(|t| format!(" (title {:?})", t))
                .unwrap_or_default();
            return Err(unexpected(
                UnexpectedReason::UnrecognizedBody,
                format!("an HTML page{title} is not proof of this call's success"),
            ));
        }
        Format::Foreign(m) => {
            return Err(unexpected(
                UnexpectedReason::UnsupportedContentType,
                format!("a body of media type {} is not an answer this call gives", m.name()),
            ));
        }
        Format::Empty => Document::Empty,
        Format::Json | Format::Xml | Format::Text => read(&format, view.body()).map_err(|e| {
            unexpected(
                UnexpectedReason::MalformedBody,
                format!(
                    "the body is not one well-formed document, at byte {}: {}",
                    e.offset, e.message
                ),
            )
        })?,
    };
    match C::SUCCESS.accepts(&doc) {
        Ok(()) => C::success(&doc, view).map_err(|why| unexpected(UnexpectedReason::UnrecognizedBody, why)),
        Err(mismatch) => {
            let envelope = (doc != Document::Empty && C::ERROR_ON_SUCCESS.accepts(&doc).is_ok())
                .then(|| EnvelopeOf::<C>::of_document(&doc, texts))
                .flatten()
                .filter(Envelope::is_failure);
            if envelope.is_some() {
                let kind = C::error_kind(view.status().as_u16(), envelope.as_ref()).unwrap_or(ErrorKind::Other);
                return Err(api_error::<C>(view, Some(kind), envelope, None).into());
            }
            Err(unexpected(
                UnexpectedReason::UnrecognizedBody,
                format!("the body is not this call's success document: {mismatch}"),
            ))
        }
    }
}

fn read_error<C: Call>(view: &ResponseView<'_>) -> ApiError<EnvelopeOf<C>> {
    let texts = view.body_texts();
    let format = format(view, &[&C::ERROR]);
    let envelope = match format {
        Format::Json => EnvelopeOf::<C>::fast(texts).or_else(|| strict_envelope::<C>(&format, view)),
        Format::Xml | Format::Text => strict_envelope::<C>(&format, view),
        Format::Html if C::HTML_TITLE_IS_MESSAGE => {
            let title = html_title(view.body()).map(ByteString::from);
            return api_error::<C>(view, None, None, title);
        }
        _ => None,
    };
    api_error::<C>(view, None, envelope, None)
}

/// The envelope of call `C` in a body (whatever its status): the call's
/// fast reading, else the strict reading judged by [`Call::ERROR`]. The
/// media type is the body's own look.
pub fn envelope_of<C: Call>(texts: &BodyTexts<'_>) -> Option<EnvelopeOf<C>> {
    let format = match MediaType::sniff(texts.bytes()) {
        MediaType::Json if C::ERROR.has_json() => Format::Json,
        MediaType::Xml if C::ERROR.has_xml() => Format::Xml,
        _ => return None,
    };
    if let Format::Json = format
        && let Some(envelope) = EnvelopeOf::<C>::fast(texts)
    {
        return Some(envelope);
    }
    let doc = read(&format, texts.bytes()).ok()?;
    C::ERROR.accepts(&doc).ok()?;
    EnvelopeOf::<C>::of_document(&doc, texts)
}

fn strict_envelope<C: Call>(format: &Format, view: &ResponseView<'_>) -> Option<EnvelopeOf<C>> {
    let doc = read(format, view.body()).ok()?;
    C::ERROR.accepts(&doc).ok()?;
    EnvelopeOf::<C>::of_document(&doc, view.body_texts())
}

fn api_error<C: Call>(
    view: &ResponseView<'_>,
    kind: Option<ErrorKind>,
    envelope: Option<EnvelopeOf<C>>,
    message: Option<ByteString>,
) -> ApiError<EnvelopeOf<C>> {
    let status = view.status().as_u16();
    let kind = kind.or_else(|| C::error_kind(status, envelope.as_ref()));
    let retryable = EnvelopeOf::<C>::retryable(status, envelope.as_ref());
    let (code, from_envelope) = envelope.as_ref().map(Envelope::code_message).unwrap_or_default();
    let mut error = view.api_error(kind, code, from_envelope.or(message), envelope);
    if let Some(retryable) = retryable {
        error.retryable = retryable;
    }
    error
}

/// The `Content-Encoding` of a response when it is anything but identity
/// (all its values, comma-joined).
fn content_encoding(headers: &HeaderMap) -> Option<String> {
    let mut codings = Vec::new();
    for value in headers.get_all(http::header::CONTENT_ENCODING) {
        let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
        // HTTP's optional whitespace is space and tab only: a no-break
        // space is no blank but a coding no one can undo.
        for coding in text
            .split(',')
            .map(|c| c.trim_matches([' ', '\t']))
            .filter(|c| !c.is_empty())
        {
            if !coding.eq_ignore_ascii_case("identity") {
                codings.push(coding.to_owned());
            }
        }
    }
    (!codings.is_empty()).then(|| codings.join(", "))
}

/// A header-borne text for a sentence: at most 64 characters, escaped.
fn bounded(text: &str) -> String {
    let short: String = text.chars().take(64).collect();
    short.escape_default().to_string()
}

/// What a call declares about its answers, as the registry shows it (the
/// conformance completeness test and the adversarial oracle read it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Declaration {
    /// The statuses that mean success.
    pub success_statuses: &'static [u16],
    /// Every status the vendor documents.
    pub documented_statuses: &'static [u16],
    /// The success document.
    pub success: Documents,
    /// The error envelope.
    pub error: Documents,
}

/// One call as the registry drives it: by name, with data parameters, into
/// a [`Report`].
pub trait CallEntry: Send + Sync {
    /// The call's registry name.
    fn name(&self) -> &'static str;
    /// Its secret parameters.
    fn secret_params(&self) -> &'static [&'static str];
    /// Every parameter it takes.
    fn params(&self) -> &'static [crate::Param];
    /// Its parameters a caller's clock fills.
    fn clock_params(&self) -> &'static [&'static str];
    /// What it declares about its answers.
    fn declaration(&self) -> Declaration;
    /// Builds its request from data parameters.
    fn build(&self, params: serde_json::Value) -> Result<Request<Bytes>, BuildError>;
    /// Decodes a response into the report.
    fn decode(&self, response: &Response<Bytes>, options: &DecodeOptions) -> Report;
    /// Decodes a response into the report, the secrets its success holds
    /// shown (asked for by the caller: `--reveal-secrets`).
    fn decode_revealing(&self, response: &Response<Bytes>, options: &DecodeOptions) -> Report;
    /// Its probe, for a session-ending call.
    fn probe(&self) -> Option<Probe>;
    /// What a response to it, as a probe, says about the session the call
    /// with parameters `ended` ended.
    fn liveness(&self, response: &Response<Bytes>, options: &DecodeOptions, ended: &serde_json::Value) -> Liveness;
}

/// The registry's entry of call `C`.
pub struct Entry<C>(PhantomData<fn() -> C>);

impl<C> Entry<C> {
    /// The entry (a constant: `&Entry::<Logout>::NEW` is `'static`).
    pub const NEW: Self = Self(PhantomData);
}

impl<C> std::fmt::Debug for Entry<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(std::any::type_name::<C>())
    }
}

impl<C: Call> CallEntry for Entry<C> {
    fn name(&self) -> &'static str {
        C::NAME
    }

    fn secret_params(&self) -> &'static [&'static str] {
        C::SECRET_PARAMS
    }

    fn params(&self) -> &'static [crate::Param] {
        C::PARAMS
    }

    fn clock_params(&self) -> &'static [&'static str] {
        C::CLOCK_PARAMS
    }

    fn declaration(&self) -> Declaration {
        Declaration {
            success_statuses: C::SUCCESS_STATUSES,
            documented_statuses: C::DOCUMENTED_STATUSES,
            success: C::SUCCESS,
            error: C::ERROR,
        }
    }

    fn build(&self, params: serde_json::Value) -> Result<Request<Bytes>, BuildError> {
        C::build(crate::params::<C::Params>(params)?)
    }

    fn decode(&self, response: &Response<Bytes>, options: &DecodeOptions) -> Report {
        let view = ResponseView::of_bytes(response, C::REQUEST_ID_HEADERS);
        Report::of_view(C::VENDOR, C::NAME, &view, &decode_view::<C>(&view, options))
    }

    fn decode_revealing(&self, response: &Response<Bytes>, options: &DecodeOptions) -> Report {
        let view = ResponseView::of_bytes(response, C::REQUEST_ID_HEADERS);
        let result = decode_view::<C>(&view, options);
        let mut report = Report::of_view(C::VENDOR, C::NAME, &view, &result);
        if let (Ok(success), Some(serde_json::Value::Object(shown))) = (&result, report.success.as_mut()) {
            for (name, value) in C::revealed(success) {
                shown.insert(name.to_owned(), serde_json::Value::String(value));
            }
        }
        report
    }

    fn probe(&self) -> Option<Probe> {
        C::PROBE
    }

    fn liveness(&self, response: &Response<Bytes>, options: &DecodeOptions, ended: &serde_json::Value) -> Liveness {
        let view = ResponseView::of_bytes(response, C::REQUEST_ID_HEADERS);
        C::liveness(&decode_view::<C>(&view, options), ended)
    }
}

/// A vendor's codec for the registry: its calls, the first the
/// session-ending one. Every vendor's [`Codec`] is this one type.
#[derive(Clone, Copy)]
pub struct VendorCodec {
    vendor: &'static str,
    calls: &'static [&'static dyn CallEntry],
    sweep: Option<crate::Sweep>,
}

impl std::fmt::Debug for VendorCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VendorCodec")
            .field("vendor", &self.vendor)
            .field("calls", &self.calls.iter().map(|c| c.name()).collect::<Vec<_>>())
            .finish()
    }
}

impl VendorCodec {
    /// A vendor's codec serving these calls.
    pub const fn new(vendor: &'static str, calls: &'static [&'static dyn CallEntry]) -> Self {
        Self {
            vendor,
            calls,
            sweep: None,
        }
    }

    /// The same codec, declaring how every session of one user ends.
    pub const fn with_sweep(mut self, sweep: crate::Sweep) -> Self {
        self.sweep = Some(sweep);
        self
    }

    fn call(&self, name: &str) -> Result<&'static dyn CallEntry, BuildError> {
        self.calls.iter().copied().find(|c| c.name() == name).ok_or_else(|| {
            let known: Vec<&str> = self.calls.iter().map(|c| c.name()).collect();
            crate::unknown_call(self.vendor, name, &known)
        })
    }
}

impl Codec for VendorCodec {
    fn vendor(&self) -> &'static str {
        self.vendor
    }

    fn sweep(&self) -> Option<crate::Sweep> {
        self.sweep
    }

    fn calls(&self) -> Vec<&'static str> {
        self.calls.iter().map(|c| c.name()).collect()
    }

    fn secret_params(&self, call: &str) -> &'static [&'static str] {
        self.call(call).map(|c| c.secret_params()).unwrap_or(&[])
    }

    fn params_of(&self, call: &str) -> &'static [crate::Param] {
        self.call(call).map(|c| c.params()).unwrap_or(&[])
    }

    fn clock_params(&self, call: &str) -> &'static [&'static str] {
        self.call(call).map(|c| c.clock_params()).unwrap_or(&[])
    }

    fn declaration(&self, call: &str) -> Option<Declaration> {
        self.call(call).ok().map(|c| c.declaration())
    }

    fn build(&self, call: &str, params: serde_json::Value) -> Result<Request<Bytes>, BuildError> {
        self.call(call)?.build(params)
    }

    fn decode(&self, call: &str, response: &Response<Bytes>, options: &DecodeOptions) -> Result<Report, BuildError> {
        Ok(self.call(call)?.decode(response, options))
    }

    fn decode_revealing(
        &self,
        call: &str,
        response: &Response<Bytes>,
        options: &DecodeOptions,
    ) -> Result<Report, BuildError> {
        Ok(self.call(call)?.decode_revealing(response, options))
    }

    fn probe(&self, call: &str) -> Option<Probe> {
        self.call(call).ok().and_then(|c| c.probe())
    }

    fn liveness(
        &self,
        probe: &str,
        response: &Response<Bytes>,
        options: &DecodeOptions,
        ended: &serde_json::Value,
    ) -> Result<Liveness, BuildError> {
        Ok(self.call(probe)?.liveness(response, options, ended))
    }
}
