//! The derive's attributes, parsed with darling: `#[schema(…)]` on the struct and on
//! fields, `#[check(…)]` (data tests) on fields and on the struct.

use darling::FromMeta;
use darling::util::Flag;
use syn::spanned::Spanned;

/// `#[schema(model = "…", layer = "…", grain = "a, b", materialized = "view", from = Upstream)]`.
#[derive(Default, FromMeta)]
pub struct StructAttrs {
    pub model: Option<String>,
    pub layer: Option<String>,
    #[darling(default)]
    pub grain: Option<String>,
    pub materialized: Option<String>,
    /// Default upstream of pass-through columns.
    pub from: Option<syn::Path>,
}

impl StructAttrs {
    pub fn grain(&self) -> Vec<String> {
        self.grain
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// Field-level `#[schema(…)]`.
#[derive(Default, FromMeta)]
pub struct FieldAttrs {
    /// Computed by a raw model, not read from its source file.
    pub derived: Flag,
    /// Defined by the build function (in the generated `…Computed` struct).
    pub computed: Flag,
    /// `from = Model` or `from = Model::column`: pass-through from another upstream.
    pub from: Option<syn::Path>,
    /// A nullable source copied into a non-null column (a claim audited at run time).
    pub not_null: Flag,
}

/// A data test: `#[check(…)]` on a field (column tests) or on the struct (rules).
#[derive(Default, FromMeta)]
pub struct CheckAttrs {
    /// `accepted_values = ["A", "B"]`.
    pub accepted_values: Option<syn::Expr>,
    /// `min = 0`, `max = 65` (numbers).
    pub min: Option<syn::Lit>,
    pub max: Option<syn::Lit>,
    /// `references = Model::column`: every non-NULL value exists there.
    pub references: Option<syn::Path>,
    /// `max_null_ratio = 0.005`: at most 0.5 % NULL.
    pub max_null_ratio: Option<f64>,
    /// Struct level: `rule = path::to::fn` with `fn(&Frame<Self>) -> Expr`, true for a valid row.
    pub rule: Option<syn::Path>,
    /// Struct level: the rule's name.
    pub name: Option<String>,
    /// The spec rule or invariant enforced (`R-…`, `I-…`).
    pub cite: Option<String>,
    /// Severity `warn` (default `error`).
    pub warn: Flag,
}

fn parse_all<T: FromMeta + Default>(attrs: &[syn::Attribute], name: &str) -> syn::Result<Vec<T>> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident(name))
        .map(|a| T::from_meta(&a.meta).map_err(|e| syn::Error::from(e.with_span(&a.meta.span()))))
        .collect()
}

/// The one `#[schema(…)]` of an item (several are an error), or defaults.
pub fn schema_attr<T: FromMeta + Default>(attrs: &[syn::Attribute]) -> syn::Result<T> {
    let mut all = parse_all::<T>(attrs, "schema")?;
    match all.len() {
        0 => Ok(T::default()),
        1 => Ok(all.remove(0)),
        _ => Err(syn::Error::new(attrs[0].span(), "give one #[schema(…)] attribute")),
    }
}

/// Every `#[check(…)]` of an item.
pub fn checks(attrs: &[syn::Attribute]) -> syn::Result<Vec<CheckAttrs>> {
    parse_all(attrs, "check")
}

/// `["A", "B"]` as string values.
pub fn string_list(e: &syn::Expr) -> syn::Result<Vec<String>> {
    let syn::Expr::Array(a) = e else {
        return Err(syn::Error::new(e.span(), "expected a list of strings: [\"A\", \"B\"]"));
    };
    a.elems
        .iter()
        .map(|x| match x {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Ok(s.value()),
            other => Err(syn::Error::new(other.span(), "expected a string literal")),
        })
        .collect()
}

/// A numeric literal as f64.
pub fn number(l: &syn::Lit) -> syn::Result<f64> {
    match l {
        syn::Lit::Int(i) => i.base10_parse::<i64>().map(|v| v as f64),
        syn::Lit::Float(f) => f.base10_parse::<f64>(),
        other => Err(syn::Error::new(other.span(), "expected a number")),
    }
}
