//! `#[derive(Schema)]`: turns a plain struct into a typed relation of the pipeline.
//!
//! This crate only parses the struct and emits impls of traits defined in `pipeline`
//! (`Schema`, `ColumnType`, `HasColumn`), one typed column handle per field, and the
//! projection code of the model. It holds no logic of its own beyond that translation, so
//! what the generated code does is readable in `pipeline/src/schema.rs` and
//! `pipeline/src/frame.rs`.
//!
//! ```ignore
//! /// One row per kept user.
//! #[derive(Schema)]
//! #[schema(model = "mrt_global__user", layer = "mart", grain = "user_id", from = IntGlobalUser)]
//! pub struct MrtGlobalUser {
//!     /// user id                                  (pass-through: IntGlobalUser::user_id)
//!     pub user_id: String,
//!     /// first deposit amount                     (pass-through from another upstream)
//!     #[schema(from = IntGlobalDeposit::deposit_amount)]
//!     pub first_deposit_amount: Option<Dec2>,
//!     /// R-2                                      (defined by the build function)
//!     #[schema(computed)]
//!     pub user_category: Option<String>,
//! }
//! // generates MrtGlobalUser::user_id : Col<MrtGlobalUser, String>, ...,
//! // pub struct MrtGlobalUserComputed { pub user_category: Expr },
//! // MrtGlobalUser::project(frame, MrtGlobalUserComputed { .. }) -> Frame<MrtGlobalUser>,
//! // MrtGlobalUser::aggregate(frame, ..) (GROUP BY the pass-through columns).
//! ```
//!
//! Field options: `computed`; `from = Model` or `from = Model::column` (pass-through from
//! another upstream, or renamed); `not_null` (a nullable source into a non-null column,
//! audited at run time); `derived` (raw models: computed, not read from the file). Without
//! a struct-level `from`, unmarked fields are computed.
//!
//! Pass-through columns are checked twice: at the field, that the upstream column exists
//! and has the same value type (an upstream rename or type change fails there); at the call
//! of `project`, that its nullability as read through the frame (the right side of a LEFT
//! join reads as `Option`) fits the field.

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Expr, ExprLit, Fields, Lit, Meta, parse_macro_input};

mod attrs;

#[proc_macro_derive(Schema, attributes(schema, check))]
pub fn derive_schema(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn doc_of(attrs: &[syn::Attribute]) -> String {
    let mut lines = Vec::new();
    for a in attrs {
        if a.path().is_ident("doc")
            && let Meta::NameValue(nv) = &a.meta
            && let Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) = &nv.value
        {
            lines.push(s.value().trim().to_string());
        }
    }
    lines.join(" ").trim().to_string()
}

/// Splits `Model::column` into the model path and the column; `Model` alone keeps the
/// field's own name. A lower-case last segment is a column (models are CamelCase types).
fn split_from(path: &syn::Path, field: &syn::Ident) -> (syn::Path, syn::Ident) {
    let last_ident = path.segments.last().expect("non-empty path").ident.clone();
    let last = last_ident.to_string().trim_start_matches("r#").to_string();
    if path.segments.len() > 1 && last.chars().next().is_some_and(|c| c.is_lowercase() || c == '_') {
        let mut model = path.clone();
        model.segments.pop();
        // `pop` leaves the `::` before the column: keep the last model segment without it.
        if let Some(last_model) = model.segments.pop() {
            model.segments.push_value(last_model.into_value());
        }
        (model, last_ident)
    } else {
        (path.clone(), field.clone())
    }
}

/// Severity and citation modifiers of a test.
fn modifiers(c: &attrs::CheckAttrs) -> proc_macro2::TokenStream {
    let warn = c.warn.is_present().then(|| quote!(.warn()));
    let cite = c.cite.as_ref().map(|r| quote!(.cite(#r)));
    quote!(#warn #cite)
}

/// A field's `#[check(…)]`: the `DataTest` expression, and for `references` a compile-time
/// check (at the field) that the referenced column exists with the same value type.
fn column_check(
    c: &attrs::CheckAttrs,
    model: &proc_macro2::TokenStream,
    column: &str,
    ty: &syn::Type,
    fid: &syn::Ident,
) -> syn::Result<(proc_macro2::TokenStream, Option<proc_macro2::TokenStream>)> {
    let m = modifiers(c);
    if c.rule.is_some() || c.name.is_some() {
        return Err(syn::Error::new_spanned(fid, "`rule` and `name` go in a struct-level #[check(…)]"));
    }
    let kinds = [
        c.accepted_values.is_some(),
        c.min.is_some() || c.max.is_some(),
        c.references.is_some(),
        c.max_null_ratio.is_some(),
    ];
    if kinds.iter().filter(|k| **k).count() != 1 {
        return Err(syn::Error::new_spanned(
            fid,
            "one test per #[check(…)]: accepted_values = [..], min/max, references = Model::column or max_null_ratio",
        ));
    }
    if let Some(values) = &c.accepted_values {
        let values = attrs::string_list(values)?;
        return Ok((
            quote!(::pipeline::datatest::DataTest::accepted_values(#model, #column, &[#(#values),*]) #m),
            None,
        ));
    }
    if let Some(ratio) = c.max_null_ratio {
        return Ok((quote!(::pipeline::datatest::DataTest::max_null_ratio(#model, #column, #ratio) #m), None));
    }
    if let Some(path) = &c.references {
        let (target, target_col) = split_from(path, fid);
        if target_col == *fid && path.segments.len() < 2 {
            return Err(syn::Error::new_spanned(path, "write `references = Model::column`"));
        }
        let target_name = target_col.to_string().trim_start_matches("r#").to_string();
        let span = path.span();
        let col_ident = respan(&target_col, span);
        let check = quote_spanned! {span=>
            const _: () = ::pipeline::schema::pass_through_type::<#ty, _, _>(#target::#col_ident);
        };
        return Ok((
            quote!(::pipeline::datatest::DataTest::references(#model, #column, <#target as ::pipeline::Schema>::NAME, #target_name) #m),
            Some(check),
        ));
    }
    let bound = |l: &Option<syn::Lit>| -> syn::Result<proc_macro2::TokenStream> {
        Ok(match l {
            Some(l) => {
                let v = attrs::number(l)?;
                quote!(::std::option::Option::Some(#v))
            }
            None => quote!(::std::option::Option::None),
        })
    };
    let (min, max) = (bound(&c.min)?, bound(&c.max)?);
    Ok((quote!(::pipeline::datatest::DataTest::range(#model, #column, #min, #max) #m), None))
}

/// A struct-level `#[check(name = "…", rule = path)]`.
fn rule_check(c: &attrs::CheckAttrs, ident: &syn::Ident) -> syn::Result<proc_macro2::TokenStream> {
    let (Some(rule), Some(name)) = (&c.rule, &c.name) else {
        return Err(syn::Error::new_spanned(
            ident,
            "a struct-level #[check(…)] is `name = \"…\", rule = path::to::fn`",
        ));
    };
    let m = modifiers(c);
    Ok(quote! {
        ::pipeline::datatest::DataTest::rule(
            <#ident as ::pipeline::Schema>::NAME,
            #name,
            ::std::sync::Arc::new(|| #rule(&::pipeline::Frame::<#ident>::__handle())),
        ) #m
    })
}

/// `ident` with the span of the field that names it, so errors point at the field.
fn respan(ident: &syn::Ident, span: Span) -> syn::Ident {
    let mut i = ident.clone();
    i.set_span(span);
    i
}

/// FNV-1a, as `pipeline::schema::column_key`.
fn column_key(name: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in name.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

fn snake_case(ident: &str) -> String {
    let mut s = String::new();
    for (i, ch) in ident.chars().enumerate() {
        if ch.is_uppercase() {
            if i > 0 {
                s.push('_');
            }
            s.extend(ch.to_lowercase());
        } else {
            s.push(ch);
        }
    }
    s
}

fn expand(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let ident = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(&input.generics, "a schema struct cannot be generic"));
    }
    let fields = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(n) => n.named.iter().collect::<Vec<_>>(),
            _ => {
                return Err(syn::Error::new_spanned(ident, "a schema needs named fields (one per column)"));
            }
        },
        _ => {
            return Err(syn::Error::new_spanned(ident, "#[derive(Schema)] only applies to structs"));
        }
    };
    let attrs: attrs::StructAttrs = attrs::schema_attr(&input.attrs)?;
    let grain_cols = attrs.grain();
    let is_model = attrs.model.is_some();
    let name = attrs.model.clone().unwrap_or_else(|| snake_case(&ident.to_string()));
    let struct_doc = doc_of(&input.attrs);

    let layer = match attrs.layer.as_deref() {
        None => {
            if is_model {
                return Err(syn::Error::new_spanned(
                    ident,
                    "a model needs #[schema(layer = \"raw\" | \"intermediate\" | \"mart\" | \"export\")]",
                ));
            }
            quote!(::pipeline::Layer::Local)
        }
        Some("raw") => quote!(::pipeline::Layer::Raw),
        Some("intermediate") => quote!(::pipeline::Layer::Intermediate),
        Some("mart") => quote!(::pipeline::Layer::Mart),
        Some("export") => quote!(::pipeline::Layer::Export),
        Some(other) => {
            return Err(syn::Error::new(
                Span::call_site(),
                format!("unknown layer `{other}`: expected raw, intermediate, mart or export"),
            ));
        }
    };
    let materialized = match attrs.materialized.as_deref() {
        None | Some("table") => quote!(::pipeline::Materialization::Table),
        Some("view") => quote!(::pipeline::Materialization::View),
        Some(other) => {
            return Err(syn::Error::new(
                Span::call_site(),
                format!("unknown materialization `{other}`: expected table or view"),
            ));
        }
    };

    let field_names: Vec<String> =
        fields.iter().map(|f| f.ident.as_ref().unwrap().to_string().trim_start_matches("r#").to_string()).collect();
    for g in &grain_cols {
        if !field_names.contains(g) {
            return Err(syn::Error::new_spanned(ident, format!("grain column `{g}` is not a field of `{ident}`")));
        }
    }

    let mut specs = Vec::new();
    let mut has_column = Vec::new();
    // Distinct upstreams of pass-through columns: (path text, path).
    let mut upstreams: Vec<(String, syn::Path)> = Vec::new();
    let mut field_checks = Vec::new();
    let mut bounds = Vec::new();
    let mut pass_exprs = Vec::new();
    let mut computed_fields = Vec::new();
    let mut computed_exprs = Vec::new();
    let mut all_exprs = Vec::new();
    // Declared data tests (`#[check]`): one `DataTest` expression each.
    let mut tests = Vec::new();
    // Models named by `references` tests: (path text, path).
    let mut referenced: Vec<(String, syn::Path)> = Vec::new();
    let name_tokens = quote!(<#ident as ::pipeline::Schema>::NAME);
    let mut consts = Vec::new();
    let mut to_cols = Vec::new();
    let mut from_cols = Vec::new();
    let mut field_idents = Vec::new();
    let mut struct_fields = Vec::new();
    for f in &fields {
        let fid = f.ident.as_ref().unwrap();
        // `r#type` is column `type`.
        let fname = fid.to_string().trim_start_matches("r#").to_string();
        let ty = &f.ty;
        let doc = doc_of(&f.attrs);
        if is_model && doc.is_empty() {
            return Err(syn::Error::new_spanned(
                fid,
                format!(
                    "column `{fname}` of model `{name}` has no `///` doc comment; every model column is documented"
                ),
            ));
        }
        let fa: attrs::FieldAttrs = attrs::schema_attr(&f.attrs)?;
        let derived = fa.derived.is_present();
        if fa.computed.is_present() && (fa.from.is_some() || fa.not_null.is_present()) {
            return Err(syn::Error::new_spanned(fid, "a `computed` column has no `from` nor `not_null`"));
        }
        let key = column_key(&fname);
        has_column.push(quote! {
            impl ::pipeline::schema::HasColumn<#key> for #ident {
                type Ty = #ty;
            }
        });
        // Pass-through or computed (see the crate docs).
        let source = match (&fa.from, &attrs.from, fa.computed.is_present()) {
            (_, _, true) => None,
            (Some(p), _, false) => Some(split_from(p, fid)),
            (None, Some(p), false) => Some((p.clone(), fid.clone())),
            (None, None, false) => {
                if fa.not_null.is_present() {
                    return Err(syn::Error::new_spanned(fid, "`not_null` applies to a pass-through column (`from`)"));
                }
                None
            }
        };
        let lineage = match &source {
            Some((model, column_ident)) => {
                let column = column_ident.to_string().trim_start_matches("r#").to_string();
                quote! {
                ::std::option::Option::Some(::pipeline::schema::PassThrough {
                    model: <#model as ::pipeline::Schema>::NAME,
                    column: #column,
                })
                }
            }
            None => quote!(::std::option::Option::None),
        };
        specs.push(quote! {
            ::pipeline::ColumnSpec {
                name: #fname,
                dtype: <#ty as ::pipeline::ColumnType>::dtype(),
                logical: <#ty as ::pipeline::ColumnType>::logical(),
                nullable: <#ty as ::pipeline::ColumnType>::NULLABLE,
                doc: #doc,
                derived: #derived,
                from: #lineage,
            }
        });
        for c in attrs::checks(&f.attrs)? {
            if let Some(path) = &c.references {
                let target = split_from(path, fid).0;
                let key = quote!(#target).to_string();
                if !referenced.iter().any(|(k, _)| *k == key) {
                    referenced.push((key, target));
                }
            }
            let (test, check) = column_check(&c, &name_tokens, &fname, ty, fid)?;
            tests.push(test);
            field_checks.extend(check);
        }
        match source {
            Some((model, col_ident)) => {
                let column = col_ident.to_string().trim_start_matches("r#").to_string();
                let col_ident = respan(&col_ident, fid.span());
                let model_key = quote!(#model).to_string();
                let k = match upstreams.iter().position(|(m, _)| *m == model_key) {
                    Some(k) => k,
                    None => {
                        upstreams.push((model_key, model.clone()));
                        upstreams.len() - 1
                    }
                };
                let idx = syn::Ident::new(&format!("__I{k}"), Span::call_site());
                let src_key = column_key(&column);
                let span = fid.span();
                // At the field: the upstream column exists (a rename upstream fails here) and
                // has the field's value type (a type change upstream fails here).
                field_checks.push(quote_spanned! {span=>
                    const _: () = ::pipeline::schema::pass_through_type::<#ty, _, _>(#model::#col_ident);
                });
                let mode = quote!(<__F as ::pipeline::frame::Contains<#model, #idx>>::Mode);
                let upstream_ty = quote!(<#model as ::pipeline::schema::HasColumn<#src_key>>::Ty);
                // At the call site: the column's nullability as read through the frame.
                if fa.not_null.is_present() {
                    bounds
                        .push(quote_spanned! {span=> #mode: ::pipeline::nullability::ReadNonNull<#upstream_ty, #ty> });
                } else {
                    bounds.push(quote_spanned! {span=> #mode: ::pipeline::nullability::ReadInto<#upstream_ty, #ty> });
                }
                pass_exprs.push(quote! {
                    ::pipeline::frame::__pass::<__F, #model, #idx>(#fname, #column)
                });
                all_exprs.push(quote! {
                    ::pipeline::frame::__pass::<__F, #model, #idx>(#fname, #column)
                });
            }
            None => {
                let fdoc = format!("Column `{fname}`: {doc}");
                computed_fields.push(quote! {
                    #[doc = #fdoc]
                    pub #fid: ::pipeline::polars::prelude::Expr
                });
                computed_exprs.push(quote! { computed.#fid.alias(#fname) });
                all_exprs.push(quote! { computed.#fid.alias(#fname) });
            }
        }
        consts.push(quote! {
            #[doc = concat!("Column `", #fname, "`: ", #doc)]
            pub const #fid: ::pipeline::Col<#ident, #ty> = ::pipeline::Col::new(#fname);
        });
        to_cols.push(quote! {
            ::pipeline::schema::column_from_values::<#ty>(#fname, rows.iter().map(|r| &r.#fid))?
        });
        from_cols.push(quote! {
            let #fid: Vec<#ty> = ::pipeline::schema::values_from_column::<#ty>(#name, df, #fname)?;
        });
        field_idents.push(fid.clone());
        struct_fields.push(quote! {
            ::pipeline::polars::prelude::Field::new(#fname.into(), <#ty as ::pipeline::ColumnType>::dtype())
        });
    }
    for c in attrs::checks(&input.attrs)? {
        tests.push(rule_check(&c, ident)?);
    }
    let ref_params: Vec<syn::Ident> =
        (0..referenced.len()).map(|k| syn::Ident::new(&format!("__P{k}"), Span::call_site())).collect();
    let ref_paths: Vec<&syn::Path> = referenced.iter().map(|(_, p)| p).collect();
    let grain = &grain_cols;
    let n = fields.len();
    let vis = &input.vis;
    let computed_ident = syn::Ident::new(&format!("{ident}Computed"), ident.span());
    let computed_doc = format!(
        "The computed columns of `{ident}`: one Polars expression each, given to `{ident}::project` or `{ident}::aggregate`."
    );
    let idx_params: Vec<syn::Ident> =
        (0..upstreams.len()).map(|k| syn::Ident::new(&format!("__I{k}"), Span::call_site())).collect();
    let upstream_paths: Vec<&syn::Path> = upstreams.iter().map(|(_, p)| p).collect();
    // Shared by `project` and `aggregate`: the frame contains every upstream, and each
    // pass-through column's nullability as read through it fits its field.
    let where_clause = quote! {
        where
            #(__F: ::pipeline::frame::Contains<#upstream_paths, #idx_params>,)*
            #(#bounds,)*
    };
    let iters: Vec<_> = field_idents
        .iter()
        .map(|f| syn::Ident::new(&format!("__it_{}", f.to_string().trim_start_matches("r#")), f.span()))
        .collect();

    Ok(quote! {
        impl ::pipeline::Schema for #ident {
            const NAME: &'static str = #name;
            const LAYER: ::pipeline::Layer = #layer;
            const GRAIN: &'static [&'static str] = &[#(#grain),*];
            const DOC: &'static str = #struct_doc;
            const MATERIALIZED: ::pipeline::Materialization = #materialized;

            fn data_tests() -> ::std::vec::Vec<::pipeline::datatest::DataTest> {
                ::std::vec![#(#tests),*]
            }

            fn columns() -> &'static [::pipeline::ColumnSpec] {
                static COLUMNS: ::std::sync::OnceLock<::std::vec::Vec<::pipeline::ColumnSpec>> =
                    ::std::sync::OnceLock::new();
                COLUMNS.get_or_init(|| ::std::vec![#(#specs),*])
            }

            fn to_dataframe(rows: &[Self]) -> ::pipeline::polars::prelude::PolarsResult<::pipeline::polars::prelude::DataFrame> {
                let columns: ::std::vec::Vec<::pipeline::polars::prelude::Column> = ::std::vec![#(#to_cols),*];
                ::pipeline::polars::prelude::DataFrame::new(rows.len(), columns)
            }

            fn from_dataframe(df: &::pipeline::polars::prelude::DataFrame) -> ::std::result::Result<::std::vec::Vec<Self>, ::pipeline::Error> {
                #(#from_cols)*
                #(let mut #iters = #field_idents.into_iter();)*
                let mut out = ::std::vec::Vec::with_capacity(df.height());
                for _ in 0..df.height() {
                    out.push(Self { #(#field_idents: #iters.next().expect("column length checked"),)* });
                }
                let _ = #n;
                Ok(out)
            }
        }

        impl ::pipeline::ColumnType for #ident {
            const NULLABLE: bool = false;
            fn dtype() -> ::pipeline::polars::prelude::DataType {
                ::pipeline::polars::prelude::DataType::Struct(::std::vec![#(#struct_fields),*])
            }
            fn logical() -> ::std::string::String {
                ::std::format!("struct<{}>", #name)
            }
            fn to_any(&self) -> ::pipeline::polars::prelude::AnyValue<'static> {
                ::pipeline::schema::struct_to_any(
                    ::std::vec![#(::pipeline::ColumnType::to_any(&self.#field_idents)),*],
                    <Self as ::pipeline::ColumnType>::dtype(),
                )
            }
            fn from_any(v: &::pipeline::polars::prelude::AnyValue<'_>) -> ::std::result::Result<Self, ::std::string::String> {
                let mut values = ::pipeline::schema::struct_fields_from_any(v, #n)?.into_iter();
                Ok(Self { #(#field_idents: ::pipeline::ColumnType::from_any(&values.next().expect("struct arity checked"))?,)* })
            }
        }

        #[allow(non_upper_case_globals)]
        impl #ident {
            #(#consts)*
        }

        #(#has_column)*

        impl<__Args, #(#ref_params),*> ::pipeline::node::ReferencesInputs<__Args, (#(#ref_params,)*)> for #ident
        where
            #(__Args: ::pipeline::node::TupleHas<#ref_paths, #ref_params>,)*
        {
        }

        ::pipeline::__column_type_impls!(#ident);

        #(#field_checks)*

        #[doc = #computed_doc]
        #[allow(dead_code)]
        #vis struct #computed_ident {
            #(#computed_fields),*
        }

        #[allow(dead_code)]
        impl #ident {
            /// Builds this relation from `frame`: every pass-through column is copied from its
            /// upstream (as read through `frame`, nullability included), every computed one
            /// is taken from `computed`. One expression per column, in declaration order.
            #vis fn project<__F, #(#idx_params),*>(
                frame: ::pipeline::Frame<__F>,
                computed: #computed_ident,
            ) -> ::pipeline::Frame<Self>
            #where_clause
            {
                frame.__select::<Self>(::std::vec![#(#all_exprs),*])
            }

            /// `GROUP BY` the pass-through columns of `frame`, with the computed columns as
            /// aggregates (C-18, C-20).
            #vis fn aggregate<__F, #(#idx_params),*>(
                frame: ::pipeline::Frame<__F>,
                computed: #computed_ident,
            ) -> ::pipeline::Frame<Self>
            #where_clause
            {
                frame.__group_by::<Self>(::std::vec![#(#pass_exprs),*], ::std::vec![#(#computed_exprs),*])
            }
        }
    })
}
