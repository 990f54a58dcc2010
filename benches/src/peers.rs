//! The peers: what a Rust developer would write instead of signoff's
//! decoders, each written the way its crate's documentation shows.
//!
//! - XML: `quick_xml::de` into `#[derive(Deserialize)]` structs with owned
//!   `String` fields (what most users write); `roxmltree` parse plus a
//!   walk extracting the same fields as borrowed `&str`; the raw
//!   `quick_xml::Reader` event loop that only counts events (the ceiling:
//!   no decoder beats the tokenizer it runs on).
//! - JSON: `serde_json` typed derive with borrowed `Cow` fields (the
//!   strongest generic peer), the owned derive, and `serde_json::Value`.
//!
//! The tests of this crate check that each peer extracts the same fields as
//! signoff from the bench inputs.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event;
use serde::{Deserialize, Serialize};

/// One OAM record's fields as borrowed text, the common form every XML
/// peer and signoff's output are compared in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record<'a> {
    /// `sessionId`.
    pub session_id: Option<&'a str>,
    /// `sessionIndex`.
    pub session_index: Option<&'a str>,
    /// `userId`.
    pub user_id: Option<&'a str>,
    /// `clientIp`.
    pub client_ip: Option<&'a str>,
    /// `idStoreName`.
    pub id_store_name: Option<&'a str>,
    /// `isImpersonating`.
    pub is_impersonating: Option<bool>,
    /// `createTime`.
    pub create_time: Option<&'a str>,
    /// `updateTime`.
    pub update_time: Option<&'a str>,
    /// `lastAccessTime`.
    pub last_access_time: Option<&'a str>,
    /// `expiryTime`.
    pub expiry_time: Option<&'a str>,
}

impl<'a> Record<'a> {
    /// signoff's borrowed record in the common form.
    pub fn of_ours(d: &'a signoff_oam::SessionDataRef<'_>) -> Self {
        Self {
            session_id: d.session_id.as_deref(),
            session_index: d.session_index.as_deref(),
            user_id: d.user_id.as_deref(),
            client_ip: d.client_ip.as_deref(),
            id_store_name: d.id_store_name.as_deref(),
            is_impersonating: d.is_impersonating,
            create_time: d.create_time.as_deref(),
            update_time: d.update_time.as_deref(),
            last_access_time: d.last_access_time.as_deref(),
            expiry_time: d.expiry_time.as_deref(),
        }
    }
}

// ---- OAM, quick_xml::de -----------------------------------------------------

/// `SessionResults` for `quick_xml::de` (owned fields).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeResults {
    /// `totalRecords`.
    pub total_records: Option<u64>,
    /// `sessions`.
    #[serde(default)]
    pub sessions: DeSessions,
}

/// `sessions`.
#[derive(Debug, Default, Deserialize)]
pub struct DeSessions {
    /// `sessionData`.
    #[serde(rename = "sessionData", default)]
    pub session_data: Vec<DeRecord>,
}

/// `sessionData`, owned.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeRecord {
    /// `sessionId`.
    pub session_id: Option<String>,
    /// `sessionIndex`.
    pub session_index: Option<String>,
    /// `userId`.
    pub user_id: Option<String>,
    /// `clientIp`.
    pub client_ip: Option<String>,
    /// `idStoreName`.
    pub id_store_name: Option<String>,
    /// `isImpersonating`.
    pub is_impersonating: Option<bool>,
    /// `createTime`.
    pub create_time: Option<String>,
    /// `updateTime`.
    pub update_time: Option<String>,
    /// `lastAccessTime`.
    pub last_access_time: Option<String>,
    /// `expiryTime`.
    pub expiry_time: Option<String>,
}

impl DeRecord {
    /// In the common form.
    pub fn record(&self) -> Record<'_> {
        Record {
            session_id: self.session_id.as_deref(),
            session_index: self.session_index.as_deref(),
            user_id: self.user_id.as_deref(),
            client_ip: self.client_ip.as_deref(),
            id_store_name: self.id_store_name.as_deref(),
            is_impersonating: self.is_impersonating,
            create_time: self.create_time.as_deref(),
            update_time: self.update_time.as_deref(),
            last_access_time: self.last_access_time.as_deref(),
            expiry_time: self.expiry_time.as_deref(),
        }
    }
}

/// The `quick_xml::de` peer.
pub fn oam_quick_xml_de(body: &[u8]) -> Result<DeResults, quick_xml::DeError> {
    let text = std::str::from_utf8(body).map_err(|e| quick_xml::DeError::Custom(e.to_string()))?;
    quick_xml::de::from_str(text)
}

// ---- OAM, roxmltree ---------------------------------------------------------

/// The `roxmltree` peer's walk over a parsed document: `totalRecords` and
/// the records under `sessions`.
pub fn oam_roxmltree<'a>(doc: &'a roxmltree::Document<'_>) -> Option<(Option<u64>, Vec<Record<'a>>)> {
    let root = doc.root_element();
    if root.tag_name().name() != "SessionResults" {
        return None;
    }
    let mut total = None;
    let mut records = Vec::new();
    for child in root.children().filter(roxmltree::Node::is_element) {
        match child.tag_name().name() {
            "totalRecords" => total = child.text().and_then(|t| t.trim().parse().ok()),
            "sessions" => {
                for data in child
                    .children()
                    .filter(|n| n.is_element() && n.tag_name().name() == "sessionData")
                {
                    let mut r = Record::default();
                    for field in data.children().filter(roxmltree::Node::is_element) {
                        let text = Some(field.text().unwrap_or(""));
                        match field.tag_name().name() {
                            "sessionId" => r.session_id = text,
                            "sessionIndex" => r.session_index = text,
                            "userId" => r.user_id = text,
                            "clientIp" => r.client_ip = text,
                            "idStoreName" => r.id_store_name = text,
                            "createTime" => r.create_time = text,
                            "updateTime" => r.update_time = text,
                            "lastAccessTime" => r.last_access_time = text,
                            "expiryTime" => r.expiry_time = text,
                            "isImpersonating" => r.is_impersonating = text.and_then(|t| t.trim().parse().ok()),
                            _ => {}
                        }
                    }
                    records.push(r);
                }
            }
            _ => {}
        }
    }
    Some((total, records))
}

/// Parses with `roxmltree` and walks: the record count (the walk's output
/// borrows the document, so the bench keeps only this).
pub fn oam_roxmltree_count(body: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(body).ok()?;
    let doc = roxmltree::Document::parse(text).ok()?;
    oam_roxmltree(&doc).map(|(_, r)| std::hint::black_box(r).len())
}

// ---- the tokenizers ---------------------------------------------------------

/// roxmltree's own tokenizer (`xmlparser`) over the text: reads every token
/// and counts them, nothing else (a second ceiling beside quick-xml's).
pub fn xmlparser_tokenize(body: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(body).ok()?;
    let mut tokens = 0;
    for token in xmlparser::Tokenizer::from(text) {
        token.ok()?;
        tokens += 1;
    }
    Some(tokens)
}

/// The raw `quick_xml::Reader` loop over a byte slice: reads every event
/// and counts them, nothing else.
pub fn tokenize(body: &[u8]) -> Result<usize, quick_xml::Error> {
    let mut reader = Reader::from_reader(body);
    let mut events = 0;
    loop {
        match reader.read_event()? {
            Event::Eof => return Ok(events),
            _ => events += 1,
        }
    }
}

// ---- OAM JSON ---------------------------------------------------------------

/// The JSON object form, borrowed derive.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonResultsRef<'a> {
    /// `totalRecords`.
    pub total_records: Option<u64>,
    /// `sessions`.
    #[serde(borrow, default)]
    pub sessions: Vec<JsonRecordRef<'a>>,
}

/// One record, borrowed derive.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonRecordRef<'a> {
    /// `sessionId`.
    #[serde(borrow)]
    pub session_id: Option<Cow<'a, str>>,
    /// `sessionIndex`.
    #[serde(borrow)]
    pub session_index: Option<Cow<'a, str>>,
    /// `userId`.
    #[serde(borrow)]
    pub user_id: Option<Cow<'a, str>>,
    /// `clientIp`.
    #[serde(borrow)]
    pub client_ip: Option<Cow<'a, str>>,
    /// `idStoreName`.
    #[serde(borrow)]
    pub id_store_name: Option<Cow<'a, str>>,
    /// `isImpersonating`.
    pub is_impersonating: Option<bool>,
    /// `createTime`.
    #[serde(borrow)]
    pub create_time: Option<Cow<'a, str>>,
    /// `updateTime`.
    #[serde(borrow)]
    pub update_time: Option<Cow<'a, str>>,
    /// `lastAccessTime`.
    #[serde(borrow)]
    pub last_access_time: Option<Cow<'a, str>>,
    /// `expiryTime`.
    #[serde(borrow)]
    pub expiry_time: Option<Cow<'a, str>>,
}

impl JsonRecordRef<'_> {
    /// In the common form.
    pub fn record(&self) -> Record<'_> {
        Record {
            session_id: self.session_id.as_deref(),
            session_index: self.session_index.as_deref(),
            user_id: self.user_id.as_deref(),
            client_ip: self.client_ip.as_deref(),
            id_store_name: self.id_store_name.as_deref(),
            is_impersonating: self.is_impersonating,
            create_time: self.create_time.as_deref(),
            update_time: self.update_time.as_deref(),
            last_access_time: self.last_access_time.as_deref(),
            expiry_time: self.expiry_time.as_deref(),
        }
    }
}

/// The JSON object form, owned derive.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonResults {
    /// `totalRecords`.
    pub total_records: Option<u64>,
    /// `sessions`.
    #[serde(default)]
    pub sessions: Vec<DeRecord>,
}

// ---- error envelopes --------------------------------------------------------

/// Compute Enclave `Error`, borrowed.
#[derive(Debug, Deserialize, PartialEq, Eq)]
pub struct OciRef<'a> {
    /// `code`.
    #[serde(borrow)]
    pub code: Option<Cow<'a, str>>,
    /// `message`.
    #[serde(borrow)]
    pub message: Option<Cow<'a, str>>,
}

/// Compute Enclave `Error`, owned.
#[derive(Debug, Deserialize, PartialEq, Eq)]
pub struct OciOwned {
    /// `code`.
    pub code: Option<String>,
    /// `message`.
    pub message: Option<String>,
}

/// Veridata `{errCode, errMsg}`, borrowed.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct VeridataRef<'a> {
    /// `errCode`.
    #[serde(borrow)]
    pub err_code: Option<Cow<'a, str>>,
    /// `errMsg`.
    #[serde(borrow)]
    pub err_msg: Option<Cow<'a, str>>,
}

/// Veridata `{errCode, errMsg}`, owned.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct VeridataOwned {
    /// `errCode`.
    pub err_code: Option<String>,
    /// `errMsg`.
    pub err_msg: Option<String>,
}

/// JD Edwards `ServiceErrorResponse`, borrowed.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct JdeRef<'a> {
    /// `errorText`.
    #[serde(borrow)]
    pub error_text: Option<Cow<'a, str>>,
    /// `exception`.
    #[serde(borrow)]
    pub exception: Option<Cow<'a, str>>,
    /// `exceptionId`.
    #[serde(borrow)]
    pub exception_id: Option<Cow<'a, str>>,
    /// `message`.
    #[serde(borrow)]
    pub message: Option<Cow<'a, str>>,
    /// `status`.
    #[serde(borrow)]
    pub status: Option<Cow<'a, str>>,
    /// `timeStamp`.
    #[serde(borrow)]
    pub time_stamp: Option<Cow<'a, str>>,
    /// `type`.
    #[serde(borrow, rename = "type")]
    pub r#type: Option<Cow<'a, str>>,
    /// `userDefinedErrorText`.
    #[serde(borrow)]
    pub user_defined_error_text: Option<Cow<'a, str>>,
}

/// JD Edwards `ServiceErrorResponse`, owned.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct JdeOwned {
    /// `errorText`.
    pub error_text: Option<String>,
    /// `exception`.
    pub exception: Option<String>,
    /// `exceptionId`.
    pub exception_id: Option<String>,
    /// `message`.
    pub message: Option<String>,
    /// `status`.
    pub status: Option<String>,
    /// `timeStamp`.
    pub time_stamp: Option<String>,
    /// `type`.
    #[serde(rename = "type")]
    pub r#type: Option<String>,
    /// `userDefinedErrorText`.
    pub user_defined_error_text: Option<String>,
}

/// OAM's loose error body, borrowed.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct OamErrorRef<'a> {
    /// `errorCode`.
    #[serde(borrow)]
    pub error_code: Option<Cow<'a, str>>,
    /// `errorMessage`.
    #[serde(borrow)]
    pub error_message: Option<Cow<'a, str>>,
}

// ---- Commvault --------------------------------------------------------------

/// `Api_LogoffUsersRequest` for `quick_xml::de` / `quick_xml::se`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Api_LogoffUsersRequest")]
pub struct DeLogoff {
    /// The `sessions` elements.
    #[serde(default)]
    pub sessions: Vec<DeSession>,
}

/// `<sessions val=".."/>`.
#[derive(Debug, Deserialize, Serialize)]
pub struct DeSession {
    /// The `val` attribute.
    #[serde(rename = "@val")]
    pub val: String,
}

/// A Commvault error document (`<App_GenericResp errorCode=".."
/// errorMessage=".."/>`, any root) read by `quick_xml::de` into a borrowed
/// derive: the bare body parse of the whole-response row (the XML twin of
/// the JSON rows' borrowed derive).
#[derive(Debug, Deserialize)]
pub struct CommvaultErrorRef<'a> {
    /// The `errorCode` attribute.
    #[serde(rename = "@errorCode", borrow, default)]
    pub error_code: Option<Cow<'a, str>>,
    /// The `errorMessage` attribute.
    #[serde(rename = "@errorMessage", borrow, default)]
    pub error_message: Option<Cow<'a, str>>,
}

/// [`CommvaultErrorRef`] from a body.
pub fn commvault_error_quick_xml_de(body: &[u8]) -> Result<CommvaultErrorRef<'_>, quick_xml::DeError> {
    let text = std::str::from_utf8(body).map_err(|e| quick_xml::DeError::Custom(e.to_string()))?;
    quick_xml::de::from_str(text)
}

/// The `quick_xml::de` peer of the server-side request decode.
pub fn commvault_quick_xml_de(body: &[u8]) -> Result<Vec<String>, quick_xml::DeError> {
    let text = std::str::from_utf8(body).map_err(|e| quick_xml::DeError::Custom(e.to_string()))?;
    let r: DeLogoff = quick_xml::de::from_str(text)?;
    Ok(r.sessions.into_iter().map(|s| s.val).collect())
}

/// The `roxmltree` peer of the server-side request decode (owned ids, as
/// signoff returns).
pub fn commvault_roxmltree(body: &[u8]) -> Option<Vec<String>> {
    let text = std::str::from_utf8(body).ok()?;
    let doc = roxmltree::Document::parse(text).ok()?;
    let root = doc.root_element();
    (root.tag_name().name() == "Api_LogoffUsersRequest").then(|| {
        root.children()
            .filter(|n| n.is_element() && n.tag_name().name() == "sessions")
            .filter_map(|n| n.attribute("val").map(str::to_owned))
            .collect()
    })
}

/// The `quick_xml::se` peer of the request encode.
pub fn commvault_quick_xml_se(ids: &[String]) -> Result<String, quick_xml::SeError> {
    let r = DeLogoff {
        sessions: ids.iter().map(|v| DeSession { val: v.clone() }).collect(),
    };
    quick_xml::se::to_string(&r)
}

/// The bare RSASSA-PKCS1-v1_5/SHA-256 signature of `message` with ring.
pub fn rsa_sign(pair: &ring::signature::RsaKeyPair, message: &[u8]) -> Vec<u8> {
    let rng = ring::rand::SystemRandom::new();
    let mut out = vec![0; pair.public().modulus_len()];
    match pair.sign(&ring::signature::RSA_PKCS1_SHA256, &rng, message, &mut out) {
        Ok(()) => out,
        Err(_) => Vec::new(),
    }
}

/// The same bare signature with aws-lc-rs (the signer's default backend).
pub fn rsa_sign_aws_lc(pair: &aws_lc_rs::signature::RsaKeyPair, message: &[u8]) -> Vec<u8> {
    let rng = aws_lc_rs::rand::SystemRandom::new();
    let mut out = vec![0; pair.public_modulus_len()];
    match pair.sign(&aws_lc_rs::signature::RSA_PKCS1_SHA256, &rng, message, &mut out) {
        Ok(()) => out,
        Err(_) => Vec::new(),
    }
}
