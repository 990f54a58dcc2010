//! The registry's view of this codec.

use bytes::Bytes;
use http::{Request, Response};
use signoff_core::{BuildError, Codec, DecodeOptions, Report, ResponseView, params, unknown_call};

use crate::request::DeleteSessionsParams;
use crate::response::{REQUEST_ID_HEADERS, decode_view};

/// The OAM codec for the registry: call `logout` (delete sessions by
/// session id or by user).
#[derive(Debug, Clone, Copy, Default)]
pub struct OamCodec;

const CALLS: &[&str] = &["logout"];

impl Codec for OamCodec {
    fn vendor(&self) -> &'static str {
        crate::VENDOR
    }

    fn secret_params(&self, call: &str) -> &'static [&'static str] {
        match call {
            "logout" => &["password"],
            _ => &[],
        }
    }

    fn calls(&self) -> &'static [&'static str] {
        CALLS
    }

    fn build(&self, call: &str, value: serde_json::Value) -> Result<Request<Bytes>, BuildError> {
        match call {
            "logout" => Ok(params::<DeleteSessionsParams>(value)?.build()?.to_request()),
            _ => Err(unknown_call(crate::VENDOR, call, CALLS)),
        }
    }

    fn decode(&self, call: &str, response: &Response<Bytes>, options: &DecodeOptions) -> Result<Report, BuildError> {
        match call {
            "logout" => {
                let view = ResponseView::of_bytes(response, REQUEST_ID_HEADERS);
                Ok(Report::of_view(
                    crate::VENDOR,
                    call,
                    &view,
                    &decode_view(&view, options),
                ))
            }
            _ => Err(unknown_call(crate::VENDOR, call, CALLS)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::BuildErrorKind;

    #[test]
    fn builds_and_decodes_through_the_registry_contract() {
        let c = OamCodec;
        assert_eq!((c.vendor(), c.calls()), ("oam", &["logout"][..]));
        let r = c
            .build(
                "logout",
                serde_json::json!({"base_url": "http://h:14100", "username": "a", "password": "p", "user_id": "user3"}),
            )
            .unwrap();
        assert_eq!(r.uri().query(), Some("userId=user3"));
        let e = c
            .build(
                "logout",
                serde_json::json!({"base_url": "http://h", "username": "a", "password": "p"}),
            )
            .unwrap_err();
        assert_eq!(e.kind(), BuildErrorKind::MissingSelector);
        let e = c
            .build(
                "logout",
                serde_json::json!({"base_url": "http://h", "username": "a", "password": "p", "sessionId": "s"}),
            )
            .unwrap_err();
        assert_eq!(e.kind(), BuildErrorKind::InvalidParams);
        let e = c
            .build("logout", serde_json::json!({"base_url": "http://h", "password": "p"}))
            .unwrap_err();
        assert_eq!(e.kind(), BuildErrorKind::MissingParam);
        assert_eq!(
            c.build("nope", serde_json::json!({})).unwrap_err().kind(),
            BuildErrorKind::UnknownCall
        );

        let response = Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .header("x-oracle-dms-ecid", "ecid-9")
            .body(Bytes::from_static(
                br#"{"totalRecords":30,"sessions":[{"userId":"u","isImpersonating":"true"}]}"#,
            ))
            .unwrap();
        let v = c
            .decode("logout", &response, &DecodeOptions::default())
            .unwrap()
            .to_value();
        assert_eq!(v["outcome"], "success");
        assert_eq!(v["request_id"], "ecid-9");
        assert_eq!(v["success"]["total_records"], 30);
        assert_eq!(v["success"]["more_may_remain"], true);
        assert_eq!(v["success"]["sessions"][0]["is_impersonating"], true);
        assert!(c.decode("nope", &response, &DecodeOptions::default()).is_err());
    }

    #[test]
    fn reports_never_hold_the_password() {
        const CANARY: &str = "CANARY-oam-pw-51";
        let c = OamCodec;
        for params in [
            serde_json::json!({"base_url": "http://h", "username": "a", "password": CANARY}),
            serde_json::json!({"base_url": "http://h", "username": "a:b", "password": CANARY, "user_id": "u"}),
            serde_json::json!({"base_url": "http://h", "username": "a", "password": CANARY, "user_id": "u", "x": 1}),
        ] {
            let e = c.build("logout", params).unwrap_err();
            assert!(!format!("{e} {e:?}").contains(CANARY));
        }
        let r = c
            .build(
                "logout",
                serde_json::json!({"base_url": "http://h", "username": "a", "password": CANARY, "user_id": "u"}),
            )
            .unwrap();
        assert!(!format!("{r:?}").contains(CANARY));
    }
}
