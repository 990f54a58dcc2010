//! The session search, `search`: `POST
//! {base}/oam/services/rest/access/api/v1/sessions` ("Retrieve Sessions
//! based on provided query filter", OAM Session Management REST reference)
//! with the administrator's Basic credentials and the `SessionSearchQuery`
//! as a JSON body: `userId`, `idStoreName`, `clientIp`, `sessionId` (the
//! filters the codec offers; at least one).
//!
//! It answers `SessionResults`, read as the deletion's answer is, with at
//! most 28 sessions and no pagination ("Searching a session lists out only
//! 28 sessions per query and the displayed search results are not
//! paginated"): [`SessionResults::more_may_remain`] says when more may
//! exist. Documented statuses: 200, 401, 404 ("Requested Data Not found")
//! and 500.

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HOST};
use http::{HeaderValue, Method, Request, Response, Uri};
use serde::{Deserialize, Serialize};
use signoff_core::doc::{Document, Documents};
use signoff_core::{
    Accept, BaseUrl, BuildError, BuildErrorKind, Call, Liveness, Param, ResponseView, Secret, basic_authorization,
    header_value, plain_text,
};

use crate::error::Error;
use crate::model::SessionResults;
use crate::response::{RESULTS, results_of};

/// The search resource, joined to the base URL.
pub const SEARCH_PATH: &str = "/oam/services/rest/access/api/v1/sessions";

/// The search's parameters as data (unknown keys are refused).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// The OAM server root.
    pub base_url: String,
    /// The administrator's user name.
    pub username: String,
    /// The administrator's password.
    pub password: Secret,
    /// The user whose sessions are searched.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The identity store of the sessions.
    #[serde(default)]
    pub id_store: Option<String>,
    /// The client address of the sessions.
    #[serde(default)]
    pub client_ip: Option<String>,
    /// One session's id.
    #[serde(default)]
    pub session_id: Option<String>,
}

/// The `SessionSearchQuery` body: the filters given, as the schema names
/// them.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
struct Query {
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id_store_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_id: Option<String>,
}

/// A validated session search. Its `Debug` shows the authorization as
/// `Sensitive`.
#[derive(Debug, Clone)]
pub struct Search {
    uri: Uri,
    host: HeaderValue,
    authorization: HeaderValue,
    body: Bytes,
}

impl SearchParams {
    /// Validates: a base URL, Basic credentials, at least one filter, each
    /// with no control character and not blank once trimmed.
    pub fn build(self) -> Result<Search, BuildError> {
        let base = BaseUrl::parse("base_url", &self.base_url)?;
        let authorization = basic_authorization(&self.username, &self.password)?;
        let filter = |param: &str, value: Option<String>| -> Result<Option<String>, BuildError> {
            let Some(value) = value else { return Ok(None) };
            plain_text(param, &value)?;
            let value = value.trim();
            if value.is_empty() {
                return Err(BuildError::new(
                    BuildErrorKind::EmptyParam,
                    param,
                    "must not be empty or only whitespace",
                ));
            }
            Ok(Some(value.to_owned()))
        };
        let query = Query {
            user_id: filter("user_id", self.user_id)?,
            id_store_name: filter("id_store", self.id_store)?,
            client_ip: filter("client_ip", self.client_ip)?,
            session_id: filter("session_id", self.session_id)?,
        };
        if query == Query::default() {
            return Err(BuildError::new(
                BuildErrorKind::MissingSelector,
                "user_id",
                "a search needs a filter: user_id, id_store, client_ip or session_id",
            ));
        }
        let body = serde_json::to_vec(&query)
            .map_err(|_| BuildError::new(BuildErrorKind::InvalidParam, "user_id", "cannot be written as JSON"))?;
        Ok(Search {
            uri: base.join(SEARCH_PATH, None)?,
            host: header_value("base_url", base.authority(), false)?,
            authorization,
            body: Bytes::from(body),
        })
    }
}

impl Search {
    /// The request: `POST {base}/oam/services/rest/access/api/v1/sessions`
    /// with `host`, JSON both ways, the Basic `authorization`, and the
    /// filters as the body.
    pub fn to_request(&self) -> Request<Bytes> {
        let mut request = Request::new(self.body.clone());
        *request.method_mut() = Method::POST;
        *request.uri_mut() = self.uri.clone();
        let headers = request.headers_mut();
        headers.insert(HOST, self.host.clone());
        headers.insert(ACCEPT, Accept::Json.header_value());
        headers.insert(CONTENT_TYPE, Accept::Json.header_value());
        headers.insert(AUTHORIZATION, self.authorization.clone());
        request
    }
}

impl Call for Search {
    type Vendor = crate::Oam;
    const NAME: &'static str = "search";
    const PARAMS: &'static [Param] = &[
        Param::required("base_url", "the OAM server root"),
        Param::required("username", "the administrator's user name"),
        Param::required("password", "the administrator's password"),
        Param::optional("user_id", "the user whose sessions are searched (at least one filter)"),
        Param::optional("id_store", "the identity store of the sessions"),
        Param::optional("client_ip", "the client address of the sessions"),
        Param::optional("session_id", "one session's id"),
    ];
    const SECRET_PARAMS: &'static [&'static str] = &["password"];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 401, 404, 500];
    const SUCCESS: Documents = RESULTS;
    /// Nothing matched the filter.
    const GONE_STATUSES: &'static [u16] = &[404];

    type Params = SearchParams;
    type Success = SessionResults;

    fn build(params: SearchParams) -> Result<Request<Bytes>, BuildError> {
        Ok(params.build()?.to_request())
    }

    fn success(doc: &Document<'_>, view: &ResponseView<'_>) -> Result<SessionResults, String> {
        results_of(doc, view)
    }

    /// As a check by filter: a 404 or an empty result means no session
    /// matches (gone); any session listed means one lives.
    fn liveness(result: &Result<SessionResults, Error>, _: &serde_json::Value) -> Liveness {
        match result {
            Ok(r) if r.sessions.is_empty() && r.total_records.unwrap_or(0) == 0 => Liveness::Gone,
            Ok(_) => Liveness::Alive,
            Err(signoff_core::Error::Api(e)) if Self::GONE_STATUSES.contains(&e.status) => Liveness::Gone,
            Err(_) => Liveness::CannotTell,
        }
    }
}

/// Decodes a search response with the default options.
pub fn decode_search(response: &Response<Bytes>) -> Result<SessionResults, Error> {
    Search::decode(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::testing::response as resp;

    fn params(filters: serde_json::Value) -> SearchParams {
        let mut p = serde_json::json!({"base_url": "http://oam:14100", "username": "weblogic", "password": "p"});
        if let (Some(p), Some(f)) = (p.as_object_mut(), filters.as_object()) {
            p.extend(f.clone());
        }
        serde_json::from_value(p).unwrap()
    }

    #[test]
    fn the_filters_are_the_body() {
        let r = params(serde_json::json!({"user_id": " user2 ", "id_store": "UserIdentityStore1"}))
            .build()
            .unwrap()
            .to_request();
        assert_eq!(r.method(), Method::POST);
        assert_eq!(r.uri(), "http://oam:14100/oam/services/rest/access/api/v1/sessions");
        assert_eq!(
            r.body().as_ref(),
            br#"{"userId":"user2","idStoreName":"UserIdentityStore1"}"#
        );
        let quoted = params(serde_json::json!({"user_id": "a\"b"}))
            .build()
            .unwrap()
            .to_request();
        assert_eq!(quoted.body().as_ref(), br#"{"userId":"a\"b"}"#);
        assert!(params(serde_json::json!({})).build().is_err());
        assert!(params(serde_json::json!({"user_id": " "})).build().is_err());
    }

    #[test]
    fn the_answer_is_session_results() {
        let json = Some("application/json");
        let ok = decode_search(&resp(
            200,
            json,
            r#"{"totalRecords":"1","sessions":[{"userId":"user2","sessionId":"s1"}]}"#,
        ))
        .unwrap();
        assert_eq!(ok.sessions.len(), 1);
        assert!(!ok.more_may_remain());
        assert!(decode_search(&resp(404, None, "")).is_err());
    }

    #[test]
    fn as_a_check_only_no_match_is_gone() {
        let json = Some("application/json");
        let check = |status, body: &str| {
            let r = resp(status, json, body);
            Search::liveness(&Search::decode(&r), &serde_json::Value::Null)
        };
        assert_eq!(check(404, ""), Liveness::Gone);
        assert_eq!(check(200, r#"{"totalRecords":"0","sessions":[]}"#), Liveness::Gone);
        assert_eq!(
            check(200, r#"{"sessions":[{"userId":"u","sessionId":"s"}]}"#),
            Liveness::Alive
        );
        // A total saying some exist, with none listed, is no proof of none.
        assert_eq!(check(200, r#"{"totalRecords":"3","sessions":[]}"#), Liveness::Alive);
        assert_eq!(check(401, ""), Liveness::CannotTell);
        assert_eq!(check(500, ""), Liveness::CannotTell);
    }
}
