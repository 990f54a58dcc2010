//! Building the log-off request, and reading its body back (for servers,
//! proxies and emulators).

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, HOST};
use http::{HeaderValue, Method, Request, Uri};
use serde::Deserialize;
use signoff_core::{Accept, BaseUrl, BuildError, BuildErrorKind, MediaType, Secret, header_value};

pub use crate::request_body::{
    decode_request_body, decode_request_body_as, decode_request_body_xml_strict, encode_request_body,
};

/// The path joined to the web service root (`{base_url}/Sessions`).
pub const SESSIONS_PATH: &str = "Sessions";

/// The token header. Commvault's is `Authtoken`, not `Authorization`
/// (HTTP header names are case-insensitive; `http` stores them lower-case).
pub const AUTHTOKEN_HEADER: &str = "authtoken";

/// The request body's root element.
pub const REQUEST_ROOT: &str = "Api_LogoffUsersRequest";

/// The element (XML) or member (JSON) naming one session.
pub const SESSIONS_ELEMENT: &str = "sessions";

/// The format of the request body.
///
/// Deserializes from `"xml"` / `"json"` or the media types
/// `"application/xml"` / `"application/json"` (any case).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyFormat {
    /// `<Api_LogoffUsersRequest><sessions val=".."/></Api_LogoffUsersRequest>`,
    /// sent as `application/xml` (the page's form, the default).
    #[default]
    Xml,
    /// `{"sessions":[{"val":".."}]}`, sent as `application/json` (inferred:
    /// the page publishes no JSON form).
    Json,
}

impl BodyFormat {
    /// The `Content-Type` sent with a body of this format.
    pub const fn content_type(self) -> &'static str {
        match self {
            Self::Xml => "application/xml",
            Self::Json => "application/json",
        }
    }

    /// The `Accept` that goes with this format when none is given.
    pub const fn default_accept(self) -> Accept {
        match self {
            Self::Xml => Accept::Xml,
            Self::Json => Accept::Json,
        }
    }

    /// Parses `xml`, `json` or a media type (`application/xml`,
    /// `text/xml; charset=utf-8`, `application/json`, ...).
    pub fn parse(param: &str, value: &str) -> Result<Self, BuildError> {
        let essence = value.split(';').next().unwrap_or("").trim();
        if essence.eq_ignore_ascii_case("xml") {
            return Ok(Self::Xml);
        }
        if essence.eq_ignore_ascii_case("json") {
            return Ok(Self::Json);
        }
        match MediaType::from_content_type(value) {
            MediaType::Xml => Ok(Self::Xml),
            MediaType::Json => Ok(Self::Json),
            _ => Err(BuildError::new(
                BuildErrorKind::InvalidParam,
                param,
                "must be xml or json",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for BodyFormat {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse("body_format", &s).map_err(|e| serde::de::Error::custom(e.detail()))
    }
}

/// The log-off call's parameters as data (the registry and conformance
/// cases use this; unknown keys are refused).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogoffParams {
    /// The web service root, e.g. `https://host/webconsole/api`.
    pub base_url: String,
    /// The token from `POST /Login` (`QSDK ...`) or an access token
    /// (`Bearer ...`), sent verbatim.
    pub authtoken: Secret,
    /// The session ids to log off, in order (at least one).
    pub session_ids: Vec<String>,
    /// `application/xml` or `application/json`; by default the body
    /// format's media type.
    #[serde(default)]
    pub accept: Option<Accept>,
    /// `xml` (default) or `json`.
    #[serde(default)]
    pub body_format: Option<BodyFormat>,
}

impl LogoffParams {
    /// Validates the parameters.
    pub fn build(self) -> Result<Logoff, BuildError> {
        let mut b = Logoff::builder()
            .base_url(self.base_url)
            .authtoken(self.authtoken)
            .session_ids(self.session_ids);
        if let Some(a) = self.accept {
            b = b.accept(a);
        }
        if let Some(f) = self.body_format {
            b = b.body_format(f);
        }
        b.build()
    }
}

/// A validated log-off call. Its `Debug` shows the token as `Sensitive`.
#[derive(Debug, Clone)]
pub struct Logoff {
    uri: Uri,
    host: HeaderValue,
    authtoken: HeaderValue,
    accept: Accept,
    format: BodyFormat,
    body: Bytes,
}

impl Logoff {
    /// A builder.
    pub fn builder() -> LogoffBuilder {
        LogoffBuilder::default()
    }

    /// The body format.
    pub fn body_format(&self) -> BodyFormat {
        self.format
    }

    /// The encoded body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The request: `DELETE {base}/Sessions` with `host`, `accept`,
    /// `authtoken` (marked sensitive), `content-type` and `content-length`,
    /// and the encoded body.
    pub fn to_request(&self) -> Request<Bytes> {
        let mut request = Request::new(self.body.clone());
        *request.method_mut() = Method::DELETE;
        *request.uri_mut() = self.uri.clone();
        let headers = request.headers_mut();
        headers.insert(HOST, self.host.clone());
        headers.insert(ACCEPT, self.accept.header_value());
        headers.insert(AUTHTOKEN_HEADER, self.authtoken.clone());
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(self.format.content_type()));
        headers.insert(CONTENT_LENGTH, HeaderValue::from(self.body.len()));
        request
    }
}

/// Builds a [`Logoff`]; [`LogoffBuilder::build`] validates everything.
#[derive(Debug, Clone, Default)]
pub struct LogoffBuilder {
    base_url: Option<String>,
    authtoken: Option<Secret>,
    session_ids: Vec<String>,
    accept: Option<Accept>,
    format: BodyFormat,
}

impl LogoffBuilder {
    signoff_core::setters! {
        /// The web service root (`https://host/webconsole/api`,
        /// `https://host/commandcenter/api`, `http://host:81/SearchSvc/CVWebService.svc`).
        base_url: String,
        /// The token, sent verbatim in `Authtoken` (`QSDK ...`, `Bearer ...`).
        authtoken: Secret,
    }

    /// Adds one session id.
    pub fn session_id(mut self, id: impl Into<String>) -> Self {
        self.session_ids.push(id.into());
        self
    }

    /// Adds session ids, in order.
    pub fn session_ids<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.session_ids.extend(ids.into_iter().map(Into::into));
        self
    }

    /// The media type asked for (default: the body format's).
    pub fn accept(mut self, accept: Accept) -> Self {
        self.accept = Some(accept);
        self
    }

    /// The body format (default XML).
    pub fn body_format(mut self, format: BodyFormat) -> Self {
        self.format = format;
        self
    }

    /// Validates: a base URL, a token that can stand in a header value, at
    /// least one session id, each non-empty and free of control characters.
    pub fn build(self) -> Result<Logoff, BuildError> {
        let base = BaseUrl::required("base_url", self.base_url.as_deref())?;
        let authtoken = BuildError::required("authtoken", self.authtoken)?;
        let authtoken = header_value("authtoken", authtoken.expose(), true)?;
        let body = encode_request_body(self.format, &self.session_ids)?;
        let host = header_value("base_url", base.authority(), false)?;
        Ok(Logoff {
            uri: base.join(SESSIONS_PATH, None)?,
            host,
            authtoken,
            accept: self.accept.unwrap_or(self.format.default_accept()),
            format: self.format,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::RequestBodyErrorKind;
    use crate::request_body::check_id;
    use signoff_core::DEFAULT_BODY_LIMIT;

    /// The page's sample token, its six wrapped lines joined.
    const SAMPLE_TOKEN: &str = concat!(
        "QSDK 38568012f4d1e8ee1841d283a47aa3ba78e124ea58354b5fc6",
        "0f4dab8a63347d05cf5552484dafda3bfa4c5db84e580b1cb37bcf8e65b39f7f",
        "8549a443e6f78a2c7be3f31b3d845e24776c835e498e8e883bb40c46bd15af4f",
        "40ca94e823acedcdd4e9659e74b34a07a85c4586cd2ed914b6dce015874783ef7",
        "68fda78183a4208930954a377f66eb56c8b92cexampl4s437a19317ca6ce7f323",
        "3d5a01aca35dbad93468b833f2cf71010809006a937670adce711ca8be46638e8",
    );
    const ID1: &str = "EMCAE92D1DD-0C68-49A6-BEBB-404D96D7A4BF";
    const ID2: &str = "CF1C660B-396F-44B7-86DA-5608CEC97453";

    fn base() -> LogoffBuilder {
        Logoff::builder()
            .base_url("https://client.mydomain.com/webconsole/api")
            .authtoken(SAMPLE_TOKEN)
            .session_ids([ID1, ID2])
    }

    fn kind(b: LogoffBuilder) -> BuildErrorKind {
        b.build().unwrap_err().kind()
    }

    #[test]
    fn builds_the_documented_request() {
        let r = base().build().unwrap().to_request();
        assert_eq!(r.method(), Method::DELETE);
        assert_eq!(r.uri(), "https://client.mydomain.com/webconsole/api/Sessions");
        assert_eq!(r.headers()["host"], "client.mydomain.com");
        assert_eq!(r.headers()["accept"], "application/xml");
        assert_eq!(r.headers()["authtoken"], SAMPLE_TOKEN);
        assert!(r.headers()["authtoken"].is_sensitive());
        assert_eq!(r.headers()["content-type"], "application/xml");
        let body = format!(
            "<Api_LogoffUsersRequest><sessions val=\"{ID1}\"/><sessions val=\"{ID2}\"/></Api_LogoffUsersRequest>"
        );
        assert_eq!(r.body(), body.as_bytes());
        assert_eq!(r.headers()["content-length"], body.len().to_string().as_str());
        assert!(r.headers().get("accep").is_none());
    }

    #[test]
    fn json_body_and_accept_follow_the_format() {
        let r = base().body_format(BodyFormat::Json).build().unwrap().to_request();
        assert_eq!(r.headers()["content-type"], "application/json");
        assert_eq!(r.headers()["accept"], "application/json");
        let v: serde_json::Value = serde_json::from_slice(r.body()).unwrap();
        assert_eq!(v, serde_json::json!({"sessions": [{"val": ID1}, {"val": ID2}]}));
        assert_eq!(r.headers()["content-length"], r.body().len().to_string().as_str());
        // an explicit accept wins over the format's
        let r = base()
            .body_format(BodyFormat::Json)
            .accept(Accept::Xml)
            .build()
            .unwrap()
            .to_request();
        assert_eq!(r.headers()["accept"], "application/xml");
        let r = base().accept(Accept::Json).build().unwrap().to_request();
        assert_eq!(
            (
                r.headers()["accept"].to_str().unwrap(),
                r.headers()["content-type"].to_str().unwrap()
            ),
            ("application/json", "application/xml")
        );
    }

    #[test]
    fn trailing_slash_does_not_double() {
        for b in ["https://h/commandcenter/api/", "https://h/commandcenter/api"] {
            let r = base().base_url(b).build().unwrap().to_request();
            assert_eq!(r.uri(), "https://h/commandcenter/api/Sessions");
        }
    }

    #[test]
    fn tokens_are_sent_verbatim() {
        for t in ["QSDK abc", "Bearer eyJhbGciOi.x.y", "SAML zzz", "bare-token"] {
            let r = base().authtoken(t).build().unwrap().to_request();
            assert_eq!(r.headers()["authtoken"], t);
        }
    }

    #[test]
    fn ids_are_attribute_escaped() {
        let r = Logoff::builder()
            .base_url("https://h/api")
            .authtoken("QSDK t")
            .session_id(r#"a"&<>'b"#)
            .session_id(r#""/><sessions val="x"#)
            .build()
            .unwrap();
        assert_eq!(
            std::str::from_utf8(r.body()).unwrap(),
            "<Api_LogoffUsersRequest><sessions val=\"a&quot;&amp;&lt;&gt;&apos;b\"/>\
             <sessions val=\"&quot;/&gt;&lt;sessions val=&quot;x\"/></Api_LogoffUsersRequest>"
        );
        // no id can add an element: the body reads back as exactly two ids
        assert_eq!(
            decode_request_body("application/xml", r.body()).unwrap(),
            [r#"a"&<>'b"#, r#""/><sessions val="x"#]
        );
    }

    #[test]
    fn refuses_what_cannot_be_sent() {
        assert_eq!(
            kind(Logoff::builder().base_url("https://h").authtoken("t")),
            BuildErrorKind::EmptyList
        );
        assert_eq!(kind(base().session_id("")), BuildErrorKind::EmptyParam);
        assert_eq!(kind(base().session_id("  ")), BuildErrorKind::EmptyParam);
        for bad in [
            "a\r\nb",
            "a\nb",
            "a\rb",
            "a\0b",
            "a\tb",
            "a\x7fb",
            "a\u{85}b",
            "a\u{FFFF}",
        ] {
            let e = base().session_id(bad).build().unwrap_err();
            assert_eq!(
                (e.kind(), e.param()),
                (BuildErrorKind::InvalidParam, "session_ids"),
                "{bad:?}"
            );
            assert!(e.detail().contains("entry 2"), "{e}");
        }
        assert_eq!(kind(base().authtoken("")), BuildErrorKind::EmptyParam);
        for bad in ["QSDK a\r\nX-Evil: 1", "QSDK a\n", "QSDK\ra", "QSDK a\0", "QSDK é"] {
            assert_eq!(
                kind(base().authtoken(bad)),
                BuildErrorKind::InvalidHeaderValue,
                "{bad:?}"
            );
        }
        assert_eq!(
            kind(Logoff::builder().authtoken("t").session_id("a")),
            BuildErrorKind::MissingParam
        );
        assert_eq!(
            kind(Logoff::builder().base_url("https://h").session_id("a")),
            BuildErrorKind::MissingParam
        );
        assert_eq!(
            kind(base().base_url("client.mydomain.com")),
            BuildErrorKind::InvalidBaseUrl
        );
        assert_eq!(
            kind(base().base_url("https://h/api\r\nX: 1")),
            BuildErrorKind::InvalidBaseUrl
        );
    }

    #[test]
    fn params_map_to_the_builder() {
        let p: LogoffParams = signoff_core::params(serde_json::json!({
            "base_url": "https://h/api/", "authtoken": "QSDK t", "session_ids": ["a"],
            "accept": "application/json", "body_format": "json"
        }))
        .unwrap();
        let r = p.build().unwrap().to_request();
        assert_eq!(r.body(), &br#"{"sessions":[{"val":"a"}]}"#[..]);
        let e = signoff_core::params::<LogoffParams>(serde_json::json!({
            "base_url": "https://h", "authtoken": "t", "session_ids": ["a"], "body_format": "yaml"
        }))
        .unwrap_err();
        assert_eq!(e.kind(), BuildErrorKind::InvalidParams);
        let e = signoff_core::params::<LogoffParams>(serde_json::json!({
            "base_url": "https://h", "authtoken": "t", "session_ids": []
        }))
        .unwrap()
        .build()
        .unwrap_err();
        assert_eq!(e.kind(), BuildErrorKind::EmptyList);
        assert_eq!(
            BodyFormat::parse("f", "Text/XML; charset=utf-8").unwrap(),
            BodyFormat::Xml
        );
        assert_eq!(BodyFormat::parse("f", "JSON").unwrap(), BodyFormat::Json);
    }

    #[test]
    fn debug_never_shows_the_token() {
        let canary = "QSDK CANARY-7f3a9-SECRET";
        let b = base().authtoken(canary);
        assert!(!format!("{b:?}").contains("CANARY"));
        let l = b.build().unwrap();
        assert!(!format!("{l:?}").contains("CANARY"));
        assert!(!format!("{:?}", l.to_request()).contains("CANARY"));
        let p = LogoffParams {
            base_url: "https://h".into(),
            authtoken: Secret::new(canary),
            session_ids: vec!["a".into()],
            accept: None,
            body_format: None,
        };
        assert!(!format!("{p:?}").contains("CANARY"));
        for bad in ["QSDK CANARY-7f3a9\r\n", "CANARY-7f3a9\0", "  "] {
            let e = base().authtoken(bad).build().unwrap_err();
            assert!(!format!("{e} {e:?}").contains("CANARY"), "{e:?}");
        }
    }

    #[test]
    fn decodes_the_page_sample_and_its_scars() {
        let sample = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n <Api_LogoffUsersRequest>\n   <sessions val=\"{ID1}\"/>\n   <sessions val=\"{ID2}\"/>\n</Api_LogoffUsersRequest >\n    \n"
        );
        assert_eq!(
            decode_request_body("application/xml", sample.as_bytes()).unwrap(),
            [ID1, ID2]
        );
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), sample.as_bytes()].concat();
        assert_eq!(decode_request_body("", &with_bom).unwrap(), [ID1, ID2]);
        assert_eq!(
            decode_request_body("text/xml", b"<Api_LogoffUsersRequest xmlns:x='u'>\r\n\t<!-- c --><sessions val='a' other='1'></sessions></Api_LogoffUsersRequest>").unwrap(),
            ["a"]
        );
        assert_eq!(
            decode_request_body(
                "xml",
                b"<Api_LogoffUsersRequest><sessions val=\"&#65;&amp;&quot;\"/></Api_LogoffUsersRequest>"
            )
            .unwrap(),
            ["A&\""]
        );
    }

    #[test]
    fn decodes_json_forms() {
        assert_eq!(
            decode_request_body(
                "application/json; charset=utf-8",
                br#"{"sessions":[{"val":"a"},{"val":"b","x":1}],"y":2}"#
            )
            .unwrap(),
            ["a", "b"]
        );
        assert_eq!(
            decode_request_body("", b"\xEF\xBB\xBF {\"sessions\":{\"val\":\"a\"}}").unwrap(),
            ["a"]
        );
    }

    #[test]
    fn refuses_bodies_that_are_not_log_off_requests() {
        use RequestBodyErrorKind as K;
        let k = |ct: &str, b: &[u8]| decode_request_body(ct, b).unwrap_err().kind();
        let doctype = b"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e \"x\">]><Api_LogoffUsersRequest><sessions val=\"&e;\"/></Api_LogoffUsersRequest>";
        let e = decode_request_body("application/xml", doctype).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (K::Doctype, Some(21)));
        assert_eq!(
            k(
                "xml",
                b"<Api_LogoffUsersRequest><sessions val=\"&e;\"/></Api_LogoffUsersRequest>"
            ),
            K::Malformed
        );
        assert_eq!(k("xml", b"<Api_LogoffUsersResponse/>"), K::WrongRoot);
        assert_eq!(k("xml", b"<Api_LogoffUsersRequest/>"), K::NoSessions);
        assert_eq!(
            k("xml", b"<Api_LogoffUsersRequest><sessions/></Api_LogoffUsersRequest>"),
            K::MissingVal
        );
        assert_eq!(
            k(
                "xml",
                b"<Api_LogoffUsersRequest><sessions val=\" \"/></Api_LogoffUsersRequest>"
            ),
            K::EmptyId
        );
        assert_eq!(
            k(
                "xml",
                b"<Api_LogoffUsersRequest><sessions val=\"a&#10;\"/></Api_LogoffUsersRequest>"
            ),
            K::InvalidId
        );
        assert_eq!(
            k(
                "xml",
                b"<Api_LogoffUsersRequest><other val=\"a\"/></Api_LogoffUsersRequest>"
            ),
            K::UnexpectedContent
        );
        assert_eq!(
            k(
                "xml",
                b"<Api_LogoffUsersRequest>x<sessions val=\"a\"/></Api_LogoffUsersRequest>"
            ),
            K::UnexpectedContent
        );
        assert_eq!(k("xml", b"<Api_LogoffUsersRequest><sessions val=\"a\"><sessions val=\"b\"/></sessions></Api_LogoffUsersRequest>"), K::UnexpectedContent);
        let e = decode_request_body("xml", b"<Api_LogoffUsersRequest><sessions val=\"a\"/>").unwrap_err();
        assert_eq!((e.kind(), e.offset()), (K::Malformed, Some(43)));
        assert_eq!(k("json", br#"{"sessions":[]}"#), K::NoSessions);
        assert_eq!(k("json", br#"{"session":[{"val":"a"}]}"#), K::WrongRoot);
        assert_eq!(k("json", br#"{"sessions":["a"]}"#), K::UnexpectedContent);
        assert_eq!(k("json", br#"{"sessions":[{"val":1}]}"#), K::UnexpectedContent);
        assert_eq!(k("json", br#"{"sessions":[{"id":"a"}]}"#), K::MissingVal);
        assert_eq!(k("json", br#"{"sessions":[{"val":""}]}"#), K::EmptyId);
        assert_eq!(k("json", br#"{"sessions":[{"val":"a\u0000"}]}"#), K::InvalidId);
        let e = decode_request_body("json", b"{\"sessions\": x}").unwrap_err();
        assert_eq!((e.kind(), e.offset()), (K::Malformed, Some(13)));
        assert_eq!(k("text/plain", b"<Api_LogoffUsersRequest/>"), K::UnsupportedMediaType);
        assert_eq!(k("", b"hello"), K::UnsupportedMediaType);
        assert_eq!(k("", b""), K::Malformed);
        let big = vec![b' '; DEFAULT_BODY_LIMIT + 1];
        assert_eq!(k("xml", &big), K::TooLarge);
    }

    fn id_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::collection::vec(proptest::char::any(), 1..24)
            .prop_map(|cs| cs.into_iter().collect::<String>())
            .prop_filter("sendable ids only", |s| check_id(s).is_none())
    }

    proptest::proptest! {
        #[test]
        fn encode_then_decode_gives_back_the_ids(
            ids in proptest::collection::vec(id_strategy(), 1..6),
            json in proptest::bool::ANY,
        ) {
            let format = if json { BodyFormat::Json } else { BodyFormat::Xml };
            let body = encode_request_body(format, &ids).unwrap();
            proptest::prop_assert_eq!(decode_request_body(format.content_type(), &body).unwrap(), ids.clone());
            proptest::prop_assert_eq!(decode_request_body("", &body).unwrap(), ids);
        }

        #[test]
        fn decoding_arbitrary_bytes_never_panics(
            ct in "[a-z/+;= ]{0,24}",
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..512),
        ) {
            let _ = decode_request_body(&ct, &body);
            let _ = decode_request_body_as(BodyFormat::Xml, &body);
            let _ = decode_request_body_as(BodyFormat::Json, &body);
        }

        #[test]
        fn decoding_near_miss_xml_never_panics(s in "[<>/=\"' a-z&;#0-9?!\\[\\]-]{0,80}") {
            let body = format!("<Api_LogoffUsersRequest>{s}</Api_LogoffUsersRequest>");
            let _ = decode_request_body("xml", body.as_bytes());
            let _ = decode_request_body("xml", s.as_bytes());
        }
    }
}
