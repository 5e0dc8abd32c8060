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

    /// Pass-through columns keep their source column, each filled with values no other column of
    /// its type has (two offers, so that the boolean columns differ too); the computed columns
    /// follow R-int_applicative__extract_offer-1…3 (the product's values for `o1`, the offer's for
    /// `o2`), every extracted key with its own value.
    #[test]
    fn r_int_applicative__extract_offer_columns_pass_through_unswapped() {
        let paris = |s: &str| Some(DtParis(pipeline::dt(s)));
        let with_product = O {
            offer_id: "o1".into(),
            offer_creation_date: DtParis(pipeline::dt("2025-01-01 10:00:00")),
            offer_updated_date: paris("2025-01-02 11:00:00"),
            offer_product_id: Some("p1".into()),
            venue_id: "v1".into(),
            offer_last_provider_id: Some("provider-1".into()),
            offer_id_at_providers: Some("at-provider-1".into()),
            booking_email: Some("booking1@example.org".into()),
            offer_is_active: Some(true),
            offer_name: Some("Name 1".into()),
            offer_description: Some("offer o1 description".into()),
            offer_url: Some("https://example.org/1".into()),
            offer_is_national: Some(false),
            offer_is_duo: None,
            offer_extra_data: Some(r#"{"showType": "offer"}"#.into()),
            offer_ean: Some("ean-offer-o1".into()),
            offer_validation: Some("APPROVED".into()),
            offer_last_validation_type: Some("AUTO".into()),
            offer_subcategoryid: Some("CONCERT".into()),
            offerer_address_id: Some("address-1".into()),
            offer_finalization_date: paris("2025-01-03 12:00:00"),
            offer_publication_date: paris("2025-01-04 13:00:00"),
            scheduled_offer_bookability_date: paris("2025-01-05 14:00:00"),
        };
        let own_values = O {
            offer_id: "o2".into(),
            offer_creation_date: DtParis(pipeline::dt("2025-02-01 10:00:00")),
            offer_updated_date: paris("2025-02-02 11:00:00"),
            offer_product_id: None,
            venue_id: "v2".into(),
            offer_last_provider_id: Some("provider-2".into()),
            offer_id_at_providers: Some("at-provider-2".into()),
            booking_email: Some("booking2@example.org".into()),
            offer_is_active: Some(false),
            offer_name: Some("Name 2".into()),
            offer_description: Some("offer o2 description".into()),
            offer_url: Some("https://example.org/2".into()),
            offer_is_national: None,
            offer_is_duo: Some(true),
            offer_extra_data: Some(
                r#"{"musicType": "Jazz", "musicSubType": "Bebop", "showType": "Concert", "showSubType": "Live", "isbn": "2070360024"}"#
                    .into(),
            ),
            offer_ean: Some("ean-offer-o2".into()),
            offer_validation: Some("PENDING".into()),
            offer_last_validation_type: Some("MANUAL".into()),
            offer_subcategoryid: Some("LIVRE_PAPIER".into()),
            offerer_address_id: Some("address-2".into()),
            offer_finalization_date: paris("2025-02-03 12:00:00"),
            offer_publication_date: paris("2025-02-04 13:00:00"),
            scheduled_offer_bookability_date: paris("2025-02-05 14:00:00"),
        };
        let p1 = product(
            "p1",
            Some("product p1 description"),
            Some(
                r#"{"musicType": "Rock", "musicSubType": "Punk", "showType": "Cabaret", "showSubType": "Revue", "isbn": "978-2-07-036002-4"}"#,
            ),
            Some("ean-p1"),
        );
        let pass = |o: &O| IntApplicativeExtractOffer {
            offer_id: o.offer_id.clone(),
            offer_creation_date: o.offer_creation_date,
            offer_updated_date: o.offer_updated_date,
            offer_product_id: o.offer_product_id.clone(),
            venue_id: o.venue_id.clone(),
            offer_last_provider_id: o.offer_last_provider_id.clone(),
            offer_id_at_providers: o.offer_id_at_providers.clone(),
            booking_email: o.booking_email.clone(),
            offer_is_active: o.offer_is_active,
            offer_name: o.offer_name.clone(),
            offer_url: o.offer_url.clone(),
            offer_is_national: o.offer_is_national,
            offer_is_duo: o.offer_is_duo,
            offer_validation: o.offer_validation.clone(),
            offer_last_validation_type: o.offer_last_validation_type.clone(),
            offer_subcategoryid: o.offer_subcategoryid.clone(),
            offerer_address_id: o.offerer_address_id.clone(),
            offer_finalization_date: o.offer_finalization_date,
            offer_publication_date: o.offer_publication_date,
            scheduled_offer_bookability_date: o.scheduled_offer_bookability_date,
            ..Default::default()
        };
        let text = |s: &str| Some(s.to_string());
        let out = pipeline::testing::rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&[with_product.clone(), own_values.clone()]),
            Frame::from_rows(std::slice::from_ref(&p1)),
        ));
        assert_eq!(
            out,
            vec![
                IntApplicativeExtractOffer {
                    offer_description: p1.description.clone(),
                    offer_extra_data: p1.jsondata.clone(),
                    offer_ean: p1.ean.clone(),
                    musictype: text("rock"),
                    musicsubtype: text("punk"),
                    showtype: text("cabaret"),
                    showsubtype: text("revue"),
                    isbn: text("978-2-07-036002-4"),
                    ..pass(&with_product)
                },
                IntApplicativeExtractOffer {
                    offer_description: own_values.offer_description.clone(),
                    offer_extra_data: own_values.offer_extra_data.clone(),
                    offer_ean: own_values.offer_ean.clone(),
                    musictype: text("jazz"),
                    musicsubtype: text("bebop"),
                    showtype: text("concert"),
                    showsubtype: text("live"),
                    isbn: text("2070360024"),
                    ..pass(&own_values)
                },
            ]
        );
    }
}
