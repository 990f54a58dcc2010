//! The registry's view of this codec.

use bytes::Bytes;
use http::{Request, Response};
use signoff_core::{BuildError, Codec, DecodeOptions, Report, ResponseView, params, unknown_call};

use crate::request::{LoginParams, LogoutParams};
use crate::response::{REQUEST_ID_HEADERS, decode_login_view, decode_view};

/// The Oracle GoldenGate Veridata codec for the registry: calls `logout`
/// (session invalidate, the default) and `login`.
#[derive(Debug, Clone, Copy, Default)]
pub struct VeridataCodec;

const CALLS: &[&str] = &["logout", "login"];

impl Codec for VeridataCodec {
    fn vendor(&self) -> &'static str {
        crate::VENDOR
    }

    fn secret_params(&self, call: &str) -> &'static [&'static str] {
        match call {
            "logout" => &["token"],
            "login" => &["password"],
            _ => &[],
        }
    }

    fn calls(&self) -> &'static [&'static str] {
        CALLS
    }

    fn build(&self, call: &str, value: serde_json::Value) -> Result<Request<Bytes>, BuildError> {
        match call {
            "logout" => Ok(params::<LogoutParams>(value)?.build()?.to_request()),
            "login" => Ok(params::<LoginParams>(value)?.build()?.to_request()),
            _ => Err(unknown_call(crate::VENDOR, call, CALLS)),
        }
    }

    fn decode(&self, call: &str, response: &Response<Bytes>, options: &DecodeOptions) -> Result<Report, BuildError> {
        let view = ResponseView::of_bytes(response, REQUEST_ID_HEADERS);
        match call {
            "logout" => Ok(Report::of_view(
                crate::VENDOR,
                call,
                &view,
                &decode_view(&view, options),
            )),
            "login" => Ok(Report::of_view(
                crate::VENDOR,
                call,
                &view,
                &decode_login_view(&view, options),
            )),
            _ => Err(unknown_call(crate::VENDOR, call, CALLS)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::BuildErrorKind;

    #[test]
    fn calls_logout_first() {
        assert_eq!(VeridataCodec.vendor(), "veridata");
        assert_eq!(VeridataCodec.calls(), ["logout", "login"]);
    }

    #[test]
    fn builds_and_decodes_through_the_registry() {
        let r = VeridataCodec
            .build(
                "logout",
                serde_json::json!({"base_url": "http://h:8830", "token": "eyJ"}),
            )
            .unwrap();
        assert_eq!(r.uri().path(), "/veridata/v1/session/invalidate");
        let r = VeridataCodec
            .build(
                "login",
                serde_json::json!({"base_url": "http://h:8830", "username": "u", "password": "p"}),
            )
            .unwrap();
        assert_eq!(r.uri().path(), "/veridata/v1/auth/login");
        let e = VeridataCodec
            .build(
                "logout",
                serde_json::json!({"base_url": "http://h", "token": "t", "tokn": 1}),
            )
            .unwrap_err();
        assert_eq!(e.kind(), BuildErrorKind::InvalidParams);
        let e = VeridataCodec
            .build("logout", serde_json::json!({"base_url": "http://h"}))
            .unwrap_err();
        assert_eq!((e.kind(), e.param()), (BuildErrorKind::MissingParam, "token"));
        assert_eq!(
            VeridataCodec.build("extend", serde_json::json!({})).unwrap_err().kind(),
            BuildErrorKind::UnknownCall
        );

        let response = Response::builder()
            .status(200)
            .header("x-request-id", "r-1")
            .body(Bytes::from_static(br#"{"token":"eyJ","sessionTimeout":3600}"#))
            .unwrap();
        let v = VeridataCodec
            .decode("login", &response, &DecodeOptions::default())
            .unwrap()
            .to_value();
        assert_eq!(v["success"]["token"], "[REDACTED]");
        assert_eq!(v["success"]["session_timeout"], 3600);
        assert_eq!(v["request_id"], "r-1");
        let v = VeridataCodec
            .decode("logout", &response, &DecodeOptions::default())
            .unwrap()
            .to_value();
        assert_eq!(
            (v["outcome"].as_str(), v["call"].as_str()),
            (Some("success"), Some("logout"))
        );
        assert_eq!(
            VeridataCodec
                .decode("extend", &response, &DecodeOptions::default())
                .unwrap_err()
                .kind(),
            BuildErrorKind::UnknownCall
        );
    }
}
