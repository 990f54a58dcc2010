//! The registry's view of this codec.

use bytes::Bytes;
use http::{Request, Response};
use signoff_core::{BuildError, Codec, DecodeOptions, Report, ResponseView, params, unknown_call};

use crate::request::LogoffParams;
use crate::response::{REQUEST_ID_HEADERS, decode_view};

/// The Commvault codec for the registry: call `logout` (`DELETE
/// {base_url}/Sessions`).
#[derive(Debug, Clone, Copy, Default)]
pub struct CommvaultCodec;

const CALLS: &[&str] = &["logout"];

impl Codec for CommvaultCodec {
    fn vendor(&self) -> &'static str {
        crate::VENDOR
    }

    fn secret_params(&self, call: &str) -> &'static [&'static str] {
        match call {
            "logout" => &["authtoken"],
            _ => &[],
        }
    }

    fn calls(&self) -> &'static [&'static str] {
        CALLS
    }

    fn build(&self, call: &str, value: serde_json::Value) -> Result<Request<Bytes>, BuildError> {
        match call {
            "logout" => Ok(params::<LogoffParams>(value)?.build()?.to_request()),
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

    const CANARY: &str = "QSDK CANARY-b7e1c0ffee-SECRET";

    #[test]
    fn builds_and_decodes_through_the_registry() {
        let c = CommvaultCodec;
        assert_eq!((c.vendor(), c.calls()), ("commvault", &["logout"][..]));
        let r = c
            .build(
                "logout",
                serde_json::json!({"base_url": "https://h/webconsole/api/", "authtoken": "QSDK t", "session_ids": ["a", "b"]}),
            )
            .unwrap();
        assert_eq!(r.uri(), "https://h/webconsole/api/Sessions");
        let e = c.build("login", serde_json::json!({})).unwrap_err();
        assert_eq!(e.kind(), BuildErrorKind::UnknownCall);
        let e = c
            .build(
                "logout",
                serde_json::json!({"base_url": "https://h", "authtoken": "t", "session_ids": ["a"], "token": "x"}),
            )
            .unwrap_err();
        assert_eq!(e.kind(), BuildErrorKind::InvalidParams);
        let e = c
            .build(
                "logout",
                serde_json::json!({"base_url": "https://h", "session_ids": ["a"]}),
            )
            .unwrap_err();
        assert_eq!((e.kind(), e.param()), (BuildErrorKind::MissingParam, "authtoken"));

        let resp = Response::builder()
            .status(200)
            .header("x-request-id", "rid")
            .body(Bytes::from_static(
                br#"<App_GenericResp errorCode="12" errorMessage="m"/>"#,
            ))
            .unwrap();
        let v = c.decode("logout", &resp, &DecodeOptions::default()).unwrap().to_value();
        assert_eq!(v["outcome"], "api_error");
        assert_eq!(v["request_id"], "rid");
        assert_eq!(v["error"]["kind"], "other");
        assert_eq!(v["error"]["code"], "12");
        assert_eq!(v["error"]["details"]["error_message"], "m");
        assert_eq!(v["error"]["details"]["root_element"], "App_GenericResp");
        let ok = Response::builder()
            .status(200)
            .body(Bytes::from_static(b"<Api_LogoffUsersResponse />"))
            .unwrap();
        let v = c.decode("logout", &ok, &DecodeOptions::default()).unwrap().to_value();
        assert_eq!(v["outcome"], "success");
        assert_eq!(
            v["success"],
            serde_json::json!({"body": "xml", "root_element": "Api_LogoffUsersResponse"})
        );
    }

    #[test]
    fn the_token_appears_in_no_debug_error_or_report() {
        let c = CommvaultCodec;
        let good = serde_json::json!({"base_url": "https://h/api", "authtoken": CANARY, "session_ids": ["a"]});
        let r = c.build("logout", good).unwrap();
        assert_eq!(r.headers()["authtoken"], CANARY);
        assert!(!format!("{r:?}").contains("CANARY"));
        for bad in [
            serde_json::json!({"base_url": "https://h/api", "authtoken": format!("{CANARY}\r\nX: 1"), "session_ids": ["a"]}),
            serde_json::json!({"base_url": "https://h/api", "authtoken": format!("{CANARY}\u{0}"), "session_ids": ["a"]}),
            serde_json::json!({"base_url": "https://h/api", "authtoken": CANARY, "session_ids": []}),
            serde_json::json!({"base_url": "https://h/api", "authtoken": CANARY, "session_ids": "a"}),
            serde_json::json!({"base_url": "nope", "authtoken": CANARY, "session_ids": ["a"]}),
        ] {
            let e = c.build("logout", bad).unwrap_err();
            assert!(!format!("{e} {e:?}").contains("CANARY"), "{e:?}");
        }
        // a server echoing nothing of the token: the report carries only the body
        let resp = Response::builder().status(401).body(Bytes::new()).unwrap();
        let report = c.decode("logout", &resp, &DecodeOptions::default()).unwrap();
        assert!(!format!("{report:?} {}", report.to_value()).contains("CANARY"));
    }
}
