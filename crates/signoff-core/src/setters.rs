//! [`setters!`](crate::setters): the setter methods of a request builder,
//! declared as a list of fields.

/// Writes a builder's setter methods from a list of its fields, each with
/// its docs: `name: Type` for a field held as `Option<Type>` (the setter
/// takes `impl Into<Type>` and sets `Some`), `name = Type` for a field
/// held as `Type` with a default. Each setter takes and returns the
/// builder by value. Validation stays in the builder's `build`.
///
/// ```
/// #[derive(Default)]
/// pub struct LogoutBuilder {
///     base_url: Option<String>,
///     token: Option<signoff_core::Secret>,
///     accept: signoff_core::Accept,
/// }
///
/// impl LogoutBuilder {
///     signoff_core::setters! {
///         /// The server root.
///         base_url: String,
///         /// The session token.
///         token: signoff_core::Secret,
///         /// The media type asked for.
///         accept = signoff_core::Accept,
///     }
/// }
///
/// let b = LogoutBuilder::default().base_url("https://h").token("t");
/// assert_eq!(b.base_url.as_deref(), Some("https://h"));
/// ```
#[macro_export]
macro_rules! setters {
    () => {};
    ($(#[$doc:meta])* $name:ident : $ty:ty $(, $($rest:tt)*)?) => {
        $(#[$doc])*
        #[must_use]
        pub fn $name(mut self, $name: impl Into<$ty>) -> Self {
            self.$name = Some($name.into());
            self
        }
        $($crate::setters! { $($rest)* })?
    };
    ($(#[$doc:meta])* $name:ident = $ty:ty $(, $($rest:tt)*)?) => {
        $(#[$doc])*
        #[must_use]
        pub fn $name(mut self, $name: impl Into<$ty>) -> Self {
            self.$name = $name.into();
            self
        }
        $($crate::setters! { $($rest)* })?
    };
}
