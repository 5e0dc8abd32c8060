//! `#[derive(Schema)]`: turns a plain struct into a typed relation of the pipeline.
//!
//! This crate only parses the struct and emits impls of traits defined in `pipeline`
//! (`Schema`, `ColumnType`) plus one typed column handle per field. It holds no logic of
//! its own beyond that translation, so what the generated code does is readable in
//! `pipeline/src/schema.rs`.
//!
//! ```ignore
//! /// One row per kept user.
//! #[derive(Schema)]
//! #[schema(model = "int_applicative__user", layer = "intermediate", grain = "user_id")]
//! pub struct IntApplicativeUser {
//!     /// user id
//!     pub user_id: String,
//!     /// R-2
//!     pub user_humanized_id: Option<String>,
//! }
//! // generates IntApplicativeUser::user_id : Col<IntApplicativeUser, String>, ...
//! ```

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::{Data, DeriveInput, Expr, ExprLit, Fields, Lit, Meta, parse_macro_input};

#[proc_macro_derive(Schema, attributes(schema))]
pub fn derive_schema(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

#[derive(Default)]
struct StructAttrs {
    model: Option<String>,
    layer: Option<String>,
    grain: Vec<String>,
    materialized: Option<String>,
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

fn parse_struct_attrs(attrs: &[syn::Attribute]) -> syn::Result<StructAttrs> {
    let mut out = StructAttrs::default();
    for a in attrs.iter().filter(|a| a.path().is_ident("schema")) {
        a.parse_nested_meta(|m| {
            let value: syn::LitStr = m.value()?.parse()?;
            if m.path.is_ident("model") {
                out.model = Some(value.value());
            } else if m.path.is_ident("layer") {
                out.layer = Some(value.value());
            } else if m.path.is_ident("grain") {
                out.grain = value.value().split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            } else if m.path.is_ident("materialized") {
                out.materialized = Some(value.value());
            } else {
                return Err(m.error("expected one of: model, layer, grain, materialized"));
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// Field-level `#[schema(derived)]`: the column is computed by a raw model, not read from
/// its source file.
fn field_is_derived(attrs: &[syn::Attribute]) -> syn::Result<bool> {
    let mut derived = false;
    for a in attrs.iter().filter(|a| a.path().is_ident("schema")) {
        a.parse_nested_meta(|m| {
            if m.path.is_ident("derived") {
                derived = true;
                Ok(())
            } else {
                Err(m.error("expected `derived`"))
            }
        })?;
    }
    Ok(derived)
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
    let attrs = parse_struct_attrs(&input.attrs)?;
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
    for g in &attrs.grain {
        if !field_names.contains(g) {
            return Err(syn::Error::new_spanned(ident, format!("grain column `{g}` is not a field of `{ident}`")));
        }
    }

    let mut specs = Vec::new();
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
        let derived = field_is_derived(&f.attrs)?;
        specs.push(quote! {
            ::pipeline::ColumnSpec {
                name: #fname,
                dtype: <#ty as ::pipeline::ColumnType>::dtype(),
                logical: <#ty as ::pipeline::ColumnType>::logical(),
                nullable: <#ty as ::pipeline::ColumnType>::NULLABLE,
                doc: #doc,
                derived: #derived,
            }
        });
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
    let grain = &attrs.grain;
    let n = fields.len();
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
    })
}
