//! The registry's view of this codec.

use bytes::Bytes;
use http::{Request, Response};
use signoff_core::{BuildError, Codec, DecodeOptions, Report, ResponseView, params, unknown_call};

use crate::request::LogoutParams;
use crate::response::{REQUEST_ID_HEADERS, decode_view};

/// The JD Edwards AIS codec for the registry: call `logout`.
#[derive(Debug, Clone, Copy, Default)]
pub struct JdeCodec;

const CALLS: &[&str] = &["logout"];

impl Codec for JdeCodec {
    fn vendor(&self) -> &'static str {
        crate::VENDOR
    }

    fn secret_params(&self, call: &str) -> &'static [&'static str] {
        match call {
            "logout" => &["token"],
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
