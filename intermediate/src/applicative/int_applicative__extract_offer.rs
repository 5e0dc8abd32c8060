//! Grain: one row per raw offer; PK `offer_id`.

use pipeline::prelude::*;
use sources::{RawApplicativeOffer as O, RawApplicativeProduct as P};

/// Raw offers with the product's description, extra data and EAN winning over the offer's,
/// plus scalar fields read from the extra data (intermediate.md, int_applicative__extract_offer).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__extract_offer", layer = "intermediate", grain = "offer_id", from = O)]
pub struct IntApplicativeExtractOffer {
    /// offer id
    pub offer_id: String,
    /// creation
    pub offer_creation_date: DtParis,
    /// last update
    pub offer_updated_date: Option<DtParis>,
    /// shared product (books, music, films)
    pub offer_product_id: Option<String>,
    /// hosting venue
    pub venue_id: String,
    /// NULL = created manually
    pub offer_last_provider_id: Option<String>,
    /// provider-side id
    pub offer_id_at_providers: Option<String>,
    /// offerer contact mailbox
    pub booking_email: Option<String>,
    /// activated by the offerer
    pub offer_is_active: Option<bool>,
    /// title
    pub offer_name: Option<String>,
    /// URL of a digital offer; NULL = physical or on-site
    pub offer_url: Option<String>,
    /// available nationwide
    pub offer_is_national: Option<bool>,
    /// duo bookings allowed
    pub offer_is_duo: Option<bool>,
    /// `DRAFT`, `PENDING`, `APPROVED`, `REJECTED`
    pub offer_validation: Option<String>,
    /// `AUTO`, `MANUAL`, …
    pub offer_last_validation_type: Option<String>,
    /// subcategory code
    pub offer_subcategoryid: Option<String>,
    /// location of the offer
    pub offerer_address_id: Option<String>,
    /// end of creation funnel
    pub offer_finalization_date: Option<DtParis>,
    /// (scheduled) publication
    pub offer_publication_date: Option<DtParis>,
    /// date from which booking opens
    pub scheduled_offer_bookability_date: Option<DtParis>,
    /// `coalesce(product description, offer description)` (R-1)
    #[schema(computed)]
    pub offer_description: Option<String>,
    /// `coalesce(product jsondata, offer extra data)`, whole JSON from one side (R-1)
    #[schema(computed)]
    pub offer_extra_data: Option<String>,
    /// `coalesce(product ean, offer ean)` (R-1)
    #[schema(computed)]
    pub offer_ean: Option<String>,
    /// lower-cased, trimmed `musicType` of the extra data (R-2)
    #[schema(computed)]
    pub musictype: Option<String>,
    /// lower-cased, trimmed `musicSubType` of the extra data (R-2)
    #[schema(computed)]
    pub musicsubtype: Option<String>,
    /// lower-cased, trimmed `showType` of the extra data (R-2)
    #[schema(computed)]
    pub showtype: Option<String>,
    /// lower-cased, trimmed `showSubType` of the extra data (R-2)
    #[schema(computed)]
    pub showsubtype: Option<String>,
    /// raw `isbn` of the extra data, trimmed, unquoted, lower-cased (R-3)
    #[schema(computed)]
    pub isbn: Option<String>,
}

pub fn build(_ctx: &RunContext, offers: Frame<O>, products: Frame<P>) -> Frame<IntApplicativeExtractOffer> {
    let on = on(O::offer_product_id, P::id);
    let j = offers.left_join(products, on);
    // R-1: product values win; the whole JSON comes from one side.
    let extra = j.c(P::jsondata).fill_null(j.c(O::offer_extra_data));
    // R-2.
    let scalar = |key: &'static str| lower(trim_sp(json_scalar_expr(extra.clone(), key)));
    // R-3: raw JSON text, trimmed, every leading/trailing `"` removed, then lower-cased.
    let isbn = lower(trim_sp(json_raw_expr(extra.clone(), "isbn")).str().strip_chars(lit("\"")));
    IntApplicativeExtractOffer::project(
        j.clone(),
        IntApplicativeExtractOfferComputed {
            offer_description: j.c(P::description).fill_null(j.c(O::offer_description)),
            offer_extra_data: extra.clone(),
            offer_ean: j.c(P::ean).fill_null(j.c(O::offer_ean)),
            musictype: scalar("musicType"),
            musicsubtype: scalar("musicSubType"),
            showtype: scalar("showType"),
            showsubtype: scalar("showSubType"),
            isbn,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot_cols};

    fn offer(id: &str, product: Option<&str>, extra: Option<&str>) -> O {
        O {
            offer_id: id.into(),
            offer_product_id: product.map(Into::into),
            offer_extra_data: extra.map(Into::into),
            venue_id: "v1".into(),
            offer_description: Some(format!("offer {id} description")),
            offer_ean: Some(format!("ean-offer-{id}")),
            ..Default::default()
        }
    }

    fn product(id: &str, description: Option<&str>, json: Option<&str>, ean: Option<&str>) -> P {
        P {
            id: id.into(),
            description: description.map(Into::into),
            jsondata: json.map(Into::into),
            ean: ean.map(Into::into),
        }
    }

    /// R-int_applicative__extract_offer-1: product values win column by column; the extra data is
    /// taken whole from one side (never merged: `b` keeps none of the offer's keys); an unknown or
    /// NULL product keeps the offer's values.
    #[test]
    fn r_int_applicative__extract_offer_1_product_wins() {
        let offers = vec![
            offer("a_product_full", Some("p1"), Some(r#"{"showType": "offer"}"#)),
            offer("b_product_json_only", Some("p2"), Some(r#"{"showType": "offer", "musicType": "offer"}"#)),
            offer("c_unknown_product", Some("p404"), Some(r#"{"showType": "offer"}"#)),
            offer("d_no_product", None, None),
        ];
        let products = vec![
            product("p1", Some("product description"), Some(r#"{"showType": "product"}"#), Some("ean-p1")),
            product("p2", None, Some(r#"{"musicType": "product"}"#), None),
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&offers), Frame::from_rows(&products));
        insta::assert_snapshot!(snapshot_cols(
            out,
            &["offer_description", "offer_extra_data", "offer_ean", "musictype", "showtype"]
        ));
    }

    /// R-int_applicative__extract_offer-2 (json_scalar then trim_sp (U+0020 only) then lower; numbers
    /// keep their literal text; objects, `null`, missing keys and bad JSON give NULL) and
    /// R-int_applicative__extract_offer-3
    /// (`isbn` from json_raw: quotes stripped AFTER trim_sp, so inner spaces of a quoted value
    /// survive — a naive json_scalar + trim would give `978x` for `quoted_spaces`; numbers keep
    /// their text; every leading/trailing `"` goes).
    /// Rules: R-int_applicative__extract_offer-2, R-int_applicative__extract_offer-3.
    #[test]
    fn r_int_applicative__extract_offer_2_3_scalars_isbn() {
        let offers = vec![
            offer(
                "a",
                None,
                Some(
                    r#"{"musicType": "  Jazz ", "musicSubType": "\tBlues", "showType": 1.50, "showSubType": null, "isbn": " 978X "}"#,
                ),
            ),
            offer("b", None, Some(r#"{"musicType": {"k": "v"}, "showType": true, "isbn": 9782070360024}"#)),
            offer("c", None, Some(r#"{"isbn": "\"\"ABC\"\""}"#)),
            offer("d", None, Some(r#"{"isbn": ""}"#)),
            offer("e", None, Some("not json")),
            offer("f", None, Some(r#"{"isbn": null, "showType": "ÉTÉ"}"#)),
            offer("g", None, Some(r#"{"isbn": ["1"]}"#)),
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&offers), Frame::<P>::from_rows(&[]));
        insta::assert_snapshot!(snapshot_cols(out, &["musictype", "musicsubtype", "showtype", "showsubtype", "isbn"]));
    }
}
