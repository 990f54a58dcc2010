//! Declarations of documents: what a vendor says its success document and
//! its error envelope are, as data, and the one judge of a read document
//! against them.

use super::{Document, Json, XmlElement};

/// What is done with members (or attributes, or child elements) a
/// declaration does not name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Others {
    /// Tolerated, whatever they hold.
    Tolerated,
    /// Refused: the document is not this one.
    Refused,
    /// Tolerated, except these names, which are refused wherever they
    /// appear inside the unnamed content (at any depth): an error member
    /// tucked into a success is not a success.
    TolerateExcept(&'static [&'static str]),
}

/// The type a JSON value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonType {
    /// Any value.
    Any,
    /// A string; when the list is not empty, one of these exactly.
    String(&'static [&'static str]),
    /// A string or a number (codes vendors send both ways), read as text;
    /// when the list is not empty, one of these spellings exactly.
    Text(&'static [&'static str]),
    /// `true` or `false`.
    Bool,
    /// A string, a number or a boolean (JAXB servers send each as any).
    Scalar,
    /// One of these types (a document with several documented forms).
    OneOf(&'static [JsonType]),
    /// An object of this declaration.
    Object(JsonObject),
    /// An array of values of this type.
    ArrayOf(&'static JsonType),
}

impl JsonType {
    /// An object of these members; `others` says what is done with the
    /// rest.
    pub const fn object(members: &'static [JsonMember], others: Others) -> Self {
        Self::Object(JsonObject { members, others })
    }
}

/// A declared member of a JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonMember {
    /// The name, exactly.
    pub name: &'static str,
    /// Its type.
    pub ty: JsonType,
    /// Whether it must be present. An optional member given as `null` is
    /// taken as absent.
    pub required: bool,
}

impl JsonMember {
    /// A member that may be absent (or `null`).
    pub const fn optional(name: &'static str, ty: JsonType) -> Self {
        Self {
            name,
            ty,
            required: false,
        }
    }

    /// A member that must be present.
    pub const fn required(name: &'static str, ty: JsonType) -> Self {
        Self {
            name,
            ty,
            required: true,
        }
    }

    /// The same member, required.
    pub const fn made_required(self) -> Self {
        Self { required: true, ..self }
    }
}

/// A declared JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonObject {
    /// The members it may hold.
    pub members: &'static [JsonMember],
    /// What is done with the others.
    pub others: Others,
}

/// How often a declared child element appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Occurs {
    /// Exactly once.
    One,
    /// At most once.
    Optional,
    /// Any number of times.
    Many,
}

/// A declared attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlAttribute {
    /// The local name, exactly.
    pub name: &'static str,
    /// Whether it must be present.
    pub required: bool,
    /// When not empty, the values allowed, exactly.
    pub values: &'static [&'static str],
}

/// A declared child element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlChild {
    /// The child's declaration.
    pub decl: &'static XmlDecl,
    /// How often it appears.
    pub occurs: Occurs,
}

/// What character data an element may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum XmlText {
    /// Only whitespace.
    None,
    /// Any text.
    Any,
}

/// A declared XML element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlDecl {
    /// The local name, exactly; [`XmlDecl::ANY_NAME`] for a root of any
    /// name (a vendor whose error documents come under several roots).
    pub name: &'static str,
    /// The attributes it may carry.
    pub attributes: &'static [XmlAttribute],
    /// What is done with other attributes.
    pub other_attributes: Others,
    /// The child elements it may hold.
    pub children: &'static [XmlChild],
    /// What is done with other child elements.
    pub other_children: Others,
    /// Its character data.
    pub text: XmlText,
}

impl XmlDecl {
    /// The name that matches any element name.
    pub const ANY_NAME: &'static str = "*";

    fn names(&self, name: &str) -> bool {
        self.name == Self::ANY_NAME || self.name == name
    }

    /// An element with no attributes, no children and no text: the form of
    /// an empty success such as `<Api_LogoffUsersResponse/>`.
    pub const fn empty(name: &'static str) -> Self {
        Self {
            name,
            attributes: &[],
            other_attributes: Others::Refused,
            children: &[],
            other_children: Others::Refused,
            text: XmlText::None,
        }
    }
}

/// The documents of one answer (a call's success, or its error envelope),
/// per media type. A media type left `None` has no such document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Documents {
    /// Whether an empty body (or only whitespace) is this document.
    pub empty: bool,
    /// The JSON document's root type.
    pub json: Option<JsonType>,
    /// The XML document's root element.
    pub xml: Option<XmlDecl>,
    /// Plain texts that are this document, compared exactly after trimming
    /// whitespace.
    pub text: &'static [&'static str],
}

impl Documents {
    /// No document at all.
    pub const NONE: Self = Self {
        empty: false,
        json: None,
        xml: None,
        text: &[],
    };

    /// A JSON document of this root type, nothing else.
    pub const fn json(ty: JsonType) -> Self {
        Self {
            json: Some(ty),
            ..Self::NONE
        }
    }

    /// An XML document of this root element, nothing else.
    pub const fn xml(decl: XmlDecl) -> Self {
        Self {
            xml: Some(decl),
            ..Self::NONE
        }
    }

    /// The same documents, and an empty body as well.
    pub const fn or_empty(self) -> Self {
        Self { empty: true, ..self }
    }

    /// The same documents, and an XML form as well.
    pub const fn or_xml(self, decl: XmlDecl) -> Self {
        Self {
            xml: Some(decl),
            ..self
        }
    }

    /// Whether this answer has a document of the JSON type.
    pub fn has_json(&self) -> bool {
        self.json.is_some()
    }

    /// Whether this answer has a document of the XML type.
    pub fn has_xml(&self) -> bool {
        self.xml.is_some()
    }

    /// Whether this answer has a plain-text form.
    pub fn has_text(&self) -> bool {
        !self.text.is_empty()
    }

    /// Judges a read document: `Ok` when the declaration accepts it, else
    /// where and why not.
    pub fn accepts(&self, doc: &Document<'_>) -> Result<(), Mismatch> {
        match doc {
            Document::Empty if self.empty => Ok(()),
            Document::Empty => Err(Mismatch::at("", "an empty body is not this document")),
            Document::Json(value) => match &self.json {
                Some(ty) => check_json(ty, value, &mut Path::root()),
                None => Err(Mismatch::at("", "a JSON body is not this document")),
            },
            Document::Xml(root) => match &self.xml {
                Some(decl) if decl.names(root.name) => check_xml(decl, root, &mut Path::root()),
                Some(decl) => Err(Mismatch::at(
                    "",
                    format!(
                        "the root element is {}, not {}",
                        super::json::quoted(root.name),
                        decl.name
                    ),
                )),
                None => Err(Mismatch::at("", "an XML body is not this document")),
            },
            Document::Text(text) => {
                if self.text.contains(text) {
                    Ok(())
                } else {
                    Err(Mismatch::at("", "the text is not this document"))
                }
            }
        }
    }
}

/// Why a declaration does not accept a document: a path into it and a
/// sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Where (`/status`, `/sessions/sessionData[2]`; empty for the root).
    pub path: String,
    /// Why.
    pub message: String,
}

impl Mismatch {
    fn at(path: &str, message: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at {}: {}", self.path, self.message)
        }
    }
}

/// A path being walked, kept as one string that grows and shrinks.
struct Path(String);

impl Path {
    fn root() -> Self {
        Self(String::new())
    }

    fn with<T>(&mut self, part: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.0.len();
        self.0.push('/');
        self.0.extend(part.chars().take(64));
        let out = f(self);
        self.0.truncate(len);
        out
    }

    fn with_index<T>(&mut self, index: usize, f: impl FnOnce(&mut Self) -> T) -> T {
        use std::fmt::Write as _;
        let len = self.0.len();
        let _ = write!(self.0, "/{index}");
        let out = f(self);
        self.0.truncate(len);
        out
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, Mismatch> {
        Err(Mismatch::at(&self.0, message))
    }
}

fn check_json(ty: &JsonType, value: &Json<'_>, path: &mut Path) -> Result<(), Mismatch> {
    match (ty, value) {
        (JsonType::Any, _)
        | (JsonType::Bool, Json::Bool(_))
        | (JsonType::Scalar, Json::String(_) | Json::Number(_) | Json::Bool(_)) => Ok(()),
        (JsonType::OneOf(types), _) => {
            // The form that got furthest says best what is wrong (the
            // first such, on a tie).
            let mut deepest: Option<Mismatch> = None;
            for ty in *types {
                match check_json(ty, value, path) {
                    Ok(()) => return Ok(()),
                    Err(e) => {
                        let depth = |m: &Mismatch| m.path.matches('/').count();
                        if deepest.as_ref().is_none_or(|d| depth(&e) > depth(d)) {
                            deepest = Some(e);
                        }
                    }
                }
            }
            deepest.map_or_else(|| path.fail("no form is declared"), Err)
        }
        (JsonType::String(values), Json::String(s)) => allowed(values, s, path),
        (JsonType::Text(values), Json::String(s)) => allowed(values, s, path),
        (JsonType::Text(values), Json::Number(n)) => allowed(values, n, path),
        (JsonType::ArrayOf(item), Json::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                path.with_index(i, |path| check_json(item, v, path))?;
            }
            Ok(())
        }
        (JsonType::Object(decl), Json::Object(members)) => {
            for (name, v) in members {
                match decl.members.iter().find(|m| m.name == name) {
                    Some(m) if !m.required && *v == Json::Null => {}
                    Some(m) => path.with(name, |path| check_json(&m.ty, v, path))?,
                    None => match decl.others {
                        Others::Tolerated => {}
                        Others::Refused => return path.with(name, |p| p.fail("a member this document does not have")),
                        Others::TolerateExcept(refused) => {
                            if refused.contains(&&**name) {
                                return path.with(name, |p| p.fail("a member that only an error document has"));
                            }
                            path.with(name, |path| no_refused_json(refused, v, path))?;
                        }
                    },
                }
            }
            for m in decl.members.iter().filter(|m| m.required) {
                if !members.iter().any(|(k, v)| k == m.name && *v != Json::Null) {
                    return path.with(m.name, |p| p.fail("a required member is missing"));
                }
            }
            Ok(())
        }
        (expected, got) => {
            let name = got.type_name();
            let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            path.fail(format!("{article} {name} where {} belongs", expected_name(expected)))
        }
    }
}

fn expected_name(ty: &JsonType) -> &'static str {
    match ty {
        JsonType::Any => "any value",
        JsonType::String(_) => "a string",
        JsonType::Text(_) => "a string or a number",
        JsonType::Bool => "a boolean",
        JsonType::Scalar => "a string, a number or a boolean",
        JsonType::OneOf(_) => "one of the declared forms",
        JsonType::Object(_) => "an object",
        JsonType::ArrayOf(_) => "an array",
    }
}

fn allowed(values: &[&str], got: &str, path: &Path) -> Result<(), Mismatch> {
    if values.is_empty() || values.contains(&got) {
        Ok(())
    } else {
        path.fail(format!("{} is not one of {values:?}", super::json::quoted(got)))
    }
}

/// Refused names anywhere inside tolerated content.
fn no_refused_json(refused: &[&str], value: &Json<'_>, path: &mut Path) -> Result<(), Mismatch> {
    match value {
        Json::Object(members) => {
            for (name, v) in members {
                if refused.contains(&&**name) {
                    return path.with(name, |p| p.fail("a member that only an error document has"));
                }
                path.with(name, |path| no_refused_json(refused, v, path))?;
            }
            Ok(())
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.with_index(i, |path| no_refused_json(refused, v, path))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn check_xml(decl: &XmlDecl, element: &XmlElement<'_>, path: &mut Path) -> Result<(), Mismatch> {
    // The vendors' XML names no namespace: an element in one is another
    // element that happens to share the local name.
    if let Some(namespace) = &element.namespace {
        return path.fail(format!(
            "an element in the namespace {}, where the declared one is in none",
            super::json::quoted(namespace)
        ));
    }
    for (name, value) in &element.attributes {
        match decl.attributes.iter().find(|a| a.name == *name) {
            Some(a) => {
                if !a.values.is_empty() && !a.values.contains(&&**value) {
                    return path.with(&format!("@{name}"), |p| {
                        p.fail(format!("{} is not one of {:?}", super::json::quoted(value), a.values))
                    });
                }
            }
            None => match decl.other_attributes {
                Others::Tolerated => {}
                Others::TolerateExcept(refused) if !refused.contains(name) => {}
                _ => {
                    return path.with(&format!("@{name}"), |p| {
                        p.fail("an attribute this element does not have")
                    });
                }
            },
        }
    }
    for a in decl.attributes.iter().filter(|a| a.required) {
        if element.attribute(a.name).is_none() {
            return path.with(&format!("@{}", a.name), |p| p.fail("a required attribute is missing"));
        }
    }
    if decl.text == XmlText::None && !element.text_is_blank() {
        return path.fail("text inside an element that holds none");
    }
    // How often each declared child appears: on the stack for the usual
    // handful of declared children.
    let mut small = [0usize; 32];
    let mut large = Vec::new();
    let counts: &mut [usize] = match small.get_mut(..decl.children.len()) {
        Some(counts) => counts,
        None => {
            large.resize(decl.children.len(), 0);
            &mut large
        }
    };
    for child in &element.children {
        match decl.children.iter().position(|c| c.decl.names(child.name)) {
            Some(i) => {
                if let Some(n) = counts.get_mut(i) {
                    *n += 1;
                }
                if let Some(c) = decl.children.get(i) {
                    path.with(child.name, |path| check_xml(c.decl, child, path))?;
                }
            }
            None => match decl.other_children {
                Others::Tolerated => {}
                Others::Refused => return path.with(child.name, |p| p.fail("an element this document does not have")),
                Others::TolerateExcept(refused) => {
                    path.with(child.name, |path| no_refused_xml(refused, child, path))?;
                }
            },
        }
    }
    for (c, &mut n) in decl.children.iter().zip(counts) {
        let fits = match c.occurs {
            Occurs::One => n == 1,
            Occurs::Optional => n <= 1,
            Occurs::Many => true,
        };
        if !fits {
            return path.with(c.decl.name, |p| {
                p.fail(format!("the element appears {n} times ({:?} declared)", c.occurs))
            });
        }
    }
    Ok(())
}

fn no_refused_xml(refused: &[&str], element: &XmlElement<'_>, path: &mut Path) -> Result<(), Mismatch> {
    if refused.contains(&element.name) {
        return path.fail("an element that only an error document has");
    }
    if let Some((name, _)) = element.attributes.iter().find(|(k, _)| refused.contains(k)) {
        return path.with(&format!("@{name}"), |p| {
            p.fail("an attribute that only an error document has")
        });
    }
    for child in &element.children {
        path.with(child.name, |path| no_refused_xml(refused, child, path))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{read_json, read_xml};

    const STATUS: JsonObject = JsonObject {
        members: &[JsonMember {
            name: "status",
            ty: JsonType::String(&["Success"]),
            required: true,
        }],
        others: Others::TolerateExcept(&["message", "errorText", "exception"]),
    };
    const SUCCESS: Documents = Documents {
        empty: false,
        json: Some(JsonType::Object(STATUS)),
        xml: None,
        text: &[],
    };

    fn json(body: &str) -> Result<(), Mismatch> {
        SUCCESS.accepts(&Document::Json(read_json(body.as_bytes()).unwrap()))
    }

    #[test]
    fn json_declarations_judge_shape_values_and_refused_names() {
        assert!(json(r#"{"status":"Success"}"#).is_ok());
        assert!(json(r#"{"status":"Success","extra":{"a":[1]}}"#).is_ok());
        for bad in [
            r#"["Success"]"#,
            r#"{"status":["Success"]}"#,
            r#"{"status":"success"}"#,
            r#"{"status":"Success","message":"no"}"#,
            r#"{"status":"Success","extra":{"errorText":"no"}}"#,
            r#"{"status":"Success","extra":[{"exception":"x"}]}"#,
            r#"{}"#,
            r#"{"status":null}"#,
            r#""Success""#,
        ] {
            assert!(json(bad).is_err(), "{bad}");
        }
        assert!(SUCCESS.accepts(&Document::Empty).is_err());
    }

    #[test]
    fn of_several_forms_the_one_that_got_furthest_says_what_is_wrong() {
        const RECORDS: JsonType = JsonType::ArrayOf(&JsonType::Object(STATUS));
        const FORMS: Documents = Documents {
            empty: false,
            json: Some(JsonType::OneOf(&[
                RECORDS,
                JsonType::object(
                    &[JsonMember {
                        name: "records",
                        ty: RECORDS,
                        required: true,
                    }],
                    Others::Tolerated,
                ),
            ])),
            xml: None,
            text: &[],
        };
        let judge = |body: &str| FORMS.accepts(&Document::Json(read_json(body.as_bytes()).unwrap()));
        assert!(judge(r#"{"records":[{"status":"Success"}]}"#).is_ok());
        let wrong = judge(r#"{"records":[1]}"#).unwrap_err();
        assert_eq!(wrong.path, "/records/0");
        assert_eq!(wrong.message, "a number where an object belongs");
        let wrong = judge(r#"[["Success"]]"#).unwrap_err();
        assert_eq!(wrong.message, "an array where an object belongs");
    }

    const EMPTY_ROOT: XmlDecl = XmlDecl::empty("R");
    const XML: Documents = Documents {
        empty: false,
        json: None,
        xml: Some(EMPTY_ROOT),
        text: &[],
    };

    #[test]
    fn xml_declarations_judge_text_children_and_attributes() {
        let judge = |body: &str| XML.accepts(&Document::Xml(read_xml(body.as_bytes()).unwrap()));
        assert!(judge("<R/>").is_ok());
        assert!(judge("<R>\n </R>").is_ok());
        assert!(judge("<R><!-- Success --></R>").is_ok());
        assert!(judge("<R xmlns=\"\"/>").is_ok());
        for bad in [
            "<R>x</R>",
            "<R><c/></R>",
            "<R errorCode=\"1\"/>",
            "<S/>",
            "<R xmlns=\"urn:x\"/>",
            "<p:R xmlns:p=\"urn:x\"/>",
        ] {
            assert!(judge(bad).is_err(), "{bad}");
        }
    }
}
