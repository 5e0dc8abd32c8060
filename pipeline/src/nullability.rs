//! How a column's declared type reads through a frame, at the type level.
//!
//! A column reads [`Direct`]ly (as declared) through its own model, either side of an inner
//! join and the left side of a left join; it reads through [`RightOfLeftJoin`] on the right
//! side of a left join, where every column may be NULL. [`ReadInto`] and [`ReadNonNull`] say
//! which output column types such a read can feed; [`SameBase`] says two column types hold
//! the same values (join keys, pass-through). Their impls are concrete per column type (see
//! the `column_type_impls!` macro in `schema.rs` and the derive), so a mismatch is reported
//! with the messages below rather than as an opaque type-equality error.

/// A column read as declared.
pub struct Direct;
/// A column of the right side of a LEFT join: NULL where unmatched, so `T` reads as
/// `Option<T>`.
pub struct RightOfLeftJoin;

/// Marks the two read modes.
pub trait Mode {}
impl Mode for Direct {}
impl Mode for RightOfLeftJoin {}

/// A column declared `U` upstream, read through `Self`, can be copied into an output column
/// of type `T`.
#[diagnostic::on_unimplemented(
    message = "cannot copy a column declared `{U}` upstream, read through `{Self}`, into an output column of type `{T}`",
    label = "the output column is `{T}`",
    note = "`RightOfLeftJoin`: the right side of a left join is nullable, so its columns read as `Option<_>` (NULL where unmatched): declare the output column `Option<_>`, join with `inner_join`, or, where a filter guarantees a value, mark the field `#[schema(not_null)]`",
    note = "`Direct`: the column is read as declared; a nullable upstream column needs an `Option<_>` output column (or `#[schema(not_null)]` after a filter), and the value types must agree"
)]
pub trait ReadInto<U, T> {}
impl<T> ReadInto<T, T> for Direct {}

/// `#[schema(not_null)]`: a column declared `U` upstream, read through `Self` (so nullable),
/// feeds a non-null output column of type `T`. The claim is audited on every output.
#[diagnostic::on_unimplemented(
    message = "`#[schema(not_null)]` expects a nullable column, but the column declared `{U}` upstream reads through `{Self}` as a non-null value for an output column of type `{T}`",
    label = "remove `not_null`: nothing here can be NULL",
    note = "`not_null` is for a nullable source (declared `Option<_>`, or on the right side of a left join) copied into a non-`Option` output column"
)]
pub trait ReadNonNull<U, T> {}
impl<T> ReadNonNull<Option<T>, T> for Direct {}

/// Two column types hold the same values, nullability aside.
#[diagnostic::on_unimplemented(
    message = "column types differ: `{Self}` and `{Other}`",
    label = "expected a column of type `{Other}` (or its `Option`), found `{Self}`",
    note = "join keys, and a pass-through column and its upstream column, must have the same value type"
)]
pub trait SameBase<Other> {}

// Generic over every column type: an `Option` read through a left join stays that `Option`,
// and two `Option`s of one type match (the per-type impls below cannot say so for a model
// crate's struct types: the orphan rule forbids it there).
impl<X> ReadInto<Option<X>, Option<X>> for RightOfLeftJoin {}
impl<X> SameBase<Option<X>> for Option<X> {}

/// The impls of the traits above for one non-`Option` column type `$t`: used by
/// `schema.rs` for the spec's scalar types and by the derive for struct types.
#[doc(hidden)]
#[macro_export]
macro_rules! __column_type_impls {
    ($t:ty) => {
        impl $crate::nullability::ReadInto<$t, ::std::option::Option<$t>> for $crate::nullability::RightOfLeftJoin {}
        impl $crate::nullability::ReadNonNull<$t, $t> for $crate::nullability::RightOfLeftJoin {}
        impl $crate::nullability::ReadNonNull<::std::option::Option<$t>, $t> for $crate::nullability::RightOfLeftJoin {}
        impl $crate::nullability::SameBase<$t> for $t {}
        impl $crate::nullability::SameBase<::std::option::Option<$t>> for $t {}
        impl $crate::nullability::SameBase<$t> for ::std::option::Option<$t> {}
    };
}
