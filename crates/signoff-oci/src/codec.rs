//! The registry's view of this codec.

use bytes::Bytes;
use http::{Request, Response};
use signoff_core::{BuildError, Codec, DecodeOptions, Report, ResponseView, params, unknown_call};

use crate::request::LogoutParams;
use crate::response::{REQUEST_ID_HEADERS, decode_view};

/// The Oracle Compute Enclave codec for the registry: call `logout`. Each
/// `build` parses the key anew; the typed API ([`crate::Signer`]) parses it
/// once.
#[derive(Debug, Clone, Copy, Default)]
pub struct OciCodec;

const CALLS: &[&str] = &["logout"];

impl Codec for OciCodec {
    fn vendor(&self) -> &'static str {
        crate::VENDOR
    }

    fn secret_params(&self, call: &str) -> &'static [&'static str] {
        match call {
            "logout" => &["private_key_pem", "passphrase"],
            _ => &[],
        }
    }

    fn calls(&self) -> &'static [&'static str] {
        CALLS
    }

    fn build(&self, call: &str, value: serde_json::Value) -> Result<Request<Bytes>, BuildError> {
        match call {
            "logout" => Ok(params::<LogoutParams>(value)?.build()?.to_request()),
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

    const KEY: &str = include_str!("../testdata/vector-key.pem");

    fn params() -> serde_json::Value {
        serde_json::json!({
            "endpoint": "https://iaas.enclave.example.com",
            "tenancy_ocid": "ocid1.tenancy.oc1..aaaaaaaatestenancy",
            "user_ocid": "ocid1.user.oc1..aaaaaaaatestuser",
            "fingerprint": "53:75:5d:7d:ef:ff:5b:63:7c:fd:33:87:a1:7f:03:cd",
            "private_key_pem": KEY,
            "date": "Mon, 23 Nov 2026 22:00:00 GMT",
        })
    }

    #[test]
    fn builds_and_decodes_through_the_registry() {
        let r = OciCodec.build("logout", params()).unwrap();
        assert_eq!(r.uri().path(), "/20160918/logout");
        assert!(r.headers()["authorization"].is_sensitive());
        let resp = Response::builder()
            .status(401)
            .header("opc-request-id", "RID")
            .header("content-type", "application/json")
            .body(Bytes::from_static(
                br#"{"code":"NotAuthenticated","message":"no","x":1}"#,
            ))
            .unwrap();
        let v = OciCodec
            .decode("logout", &resp, &DecodeOptions::default())
            .unwrap()
            .to_value();
        assert_eq!(v["outcome"], "api_error");
        assert_eq!(v["request_id"], "RID");
        assert_eq!(v["error"]["code"], "NotAuthenticated");
        assert_eq!(
            v["error"]["details"],
            serde_json::json!({"code": "NotAuthenticated", "message": "no"})
        );
        let ok = Response::builder()
            .status(200)
            .header("opc-request-id", "RID2")
            .body(Bytes::new())
            .unwrap();
        let v = OciCodec
            .decode("logout", &ok, &DecodeOptions::default())
            .unwrap()
            .to_value();
        assert_eq!(v["success"], serde_json::json!({"request_id": "RID2"}));
    }

    #[test]
    fn registry_refusals() {
        let mut p = params();
        p.as_object_mut().unwrap().remove("date");
        let e = OciCodec.build("logout", p).unwrap_err();
        assert_eq!((e.kind(), e.param()), (BuildErrorKind::MissingParam, "date"));
        let mut p = params();
        p["nope"] = serde_json::json!(1);
        assert_eq!(
            OciCodec.build("logout", p).unwrap_err().kind(),
            BuildErrorKind::InvalidParams
        );
        assert_eq!(
            OciCodec.build("login", params()).unwrap_err().kind(),
            BuildErrorKind::UnknownCall
        );
        let resp = Response::builder().status(200).body(Bytes::new()).unwrap();
        assert!(OciCodec.decode("login", &resp, &DecodeOptions::default()).is_err());
        assert_eq!(OciCodec.calls(), ["logout"]);
        assert_eq!(OciCodec.vendor(), "oci");
    }

    #[test]
    fn registry_errors_never_quote_the_key() {
        let mut p = params();
        p["private_key_pem"] =
            serde_json::json!("-----BEGIN RSA PRIVATE KEY-----\nCANARY\n-----END RSA PRIVATE KEY-----\n");
        let e = OciCodec.build("logout", p).unwrap_err();
        assert_eq!(e.kind(), BuildErrorKind::InvalidKey);
        assert!(!e.to_string().contains("CANARY"));
        let mut p = params();
        p["private_key_pem"] = serde_json::json!(12);
        let e = OciCodec.build("logout", p).unwrap_err();
        assert_eq!(e.kind(), BuildErrorKind::InvalidParams);
    }
}
