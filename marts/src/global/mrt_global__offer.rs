//! Grain: one row per approved offer of a validated offerer with a live venue; PK `offer_id`.

use intermediate::{IntGlobalOffer as I, IntGlobalVenue as V};
use pipeline::prelude::*;

/// Approved offers of validated offerers with a live venue (marts.md, mrt_global__offer).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__offer", layer = "mart", grain = "offer_id", from = I)]
#[check(name = "bookable_offer_is_active_and_approved", rule = bookable_offer_is_active_and_approved, cite = "I-9")]
#[check(name = "partner_id_is_venue_id", rule = partner_id_is_venue_id, cite = "I-14")]
#[check(name = "coming_soon_is_not_future_scheduled", rule = coming_soon_is_not_future_scheduled, cite = "R-int_applicative__offer-16")]
#[check(name = "isbn_valid", rule = isbn_valid, cite = "R-int_applicative__offer_ean-4")]
pub struct MrtGlobalOffer {
    /// offer id
    pub offer_id: String,
    /// shared product (books, music, films)
    pub offer_product_id: Option<String>,
    /// `humanize_id(offer_product_id)` (R-int_applicative__offer-10)
    pub offer_product_humanized_id: Option<String>,
    /// provider-side id
    pub offer_id_at_providers: Option<String>,
    /// NULL = created manually
    pub offer_last_provider_id: Option<String>,
    /// `offer_last_provider_id IS NOT NULL` (R-int_applicative__offer-7)
    pub is_synchronised: bool,
    /// title
    pub offer_name: Option<String>,
    /// description, the product's winning (R-int_applicative__extract_offer-1)
    pub offer_description: Option<String>,
    /// subcategory category; NULL for an unknown subcategory (R-int_applicative__offer-5)
    pub offer_category_id: Option<String>,
    /// MAX price of the newest stocks (`stock_rk = 1`) (R-int_applicative__offer-2)
    #[check(min = 0, cite = "R-int_applicative__offer-2")]
    pub last_stock_price: Option<Dec2>,
    /// `date(offer_created_at)` (R-int_applicative__offer-8)
    pub offer_creation_date: NaiveDate,
    /// creation datetime, raw `offer_creation_date` (R-int_applicative__offer-8)
    pub offer_created_at: DtParis,
    /// last update
    pub offer_updated_date: Option<DtParis>,
    /// duo bookings allowed
    pub offer_is_duo: Option<bool>,
    /// `product-<product id>` or `offer-<offer id>` (R-int_applicative__offer-6)
    pub item_id: String,
    /// selectable by underage beneficiaries, three-valued, may be NULL (R-int_applicative__offer-11)
    pub offer_is_underage_selectable: Option<bool>,
    /// `MUSIC`, `SHOW`, `MOVIE`, `BOOK` or NULL (R-int_applicative__offer-12)
    #[check(accepted_values = ["MUSIC", "SHOW", "MOVIE", "BOOK"], cite = "R-int_applicative__offer-12")]
    pub offer_type_domain: Option<String>,
    /// a stock is bookable, the offer is active and approved (R-int_applicative__offer-3)
    pub offer_is_bookable: bool,
    /// subcategory `is_digital_deposit`; NULL for an unknown subcategory (R-int_applicative__offer-5)
    pub digital_goods: Option<bool>,
    /// subcategory `is_physical_deposit`; NULL for an unknown subcategory (R-int_applicative__offer-5)
    pub physical_goods: Option<bool>,
    /// subcategory `is_event`; NULL for an unknown subcategory (R-int_applicative__offer-5)
    pub event: Option<bool>,
    /// `humanize_id(offer_id)` (R-int_applicative__offer-10)
    pub offer_humanized_id: Option<String>,
    /// backoffice URL of the offer (R-int_applicative__offer-9)
    pub passculture_pro_url: String,
    /// web app URL of the offer (R-int_applicative__offer-9)
    pub webapp_url: String,
    /// subcategory code, raw `offer_subcategoryid` (R-int_applicative__offer-1: never NULL here)
    pub offer_subcategory_id: String,
    /// URL of a digital offer; NULL = physical or on-site
    pub offer_url: Option<String>,
    /// raw `offer_is_national`
    pub is_national: Option<bool>,
    /// raw `offer_is_active`
    pub is_active: Option<bool>,
    /// always `APPROVED`
    #[schema(not_null)]
    #[check(accepted_values = ["APPROVED"], cite = "I-14")]
    pub offer_validation: String,
    /// validated ISBN (R-int_applicative__offer_ean-4)
    pub isbn: Option<String>,
    /// show or music type (R-int_applicative__offer-13)
    pub r#type: Option<String>,
    /// show or music sub-type (R-int_applicative__offer-14)
    pub sub_type: Option<String>,
    /// SUM of the stocks' booking counts; NULL when nothing to count
    pub total_individual_bookings: Option<i64>,
    /// SUM of the stocks' cancelled booking counts; NULL when nothing to count
    pub total_cancelled_individual_bookings: Option<i64>,
    /// SUM of the stocks' used booking counts; NULL when nothing to count
    pub total_used_individual_bookings: Option<i64>,
    /// number of favourites; NULL when none (R-int_applicative__offer-4)
    #[check(min = 1, cite = "R-int_applicative__offer-4")]
    pub total_favorites: Option<i64>,
    /// SUM of the stocks' quantities, unlimited stocks ignored; NULL when nothing to count
    pub total_stock_quantity: Option<i64>,
    /// SUM of the stocks' first-booking counts; NULL when nothing to count
    pub total_first_bookings: Option<i64>,
    /// live venue of the offer, never NULL here (R-1, R-int_global__offer-1)
    #[schema(not_null)]
    #[check(references = V::venue_id, cite = "I-14")]
    pub venue_id: String,
    /// venue name (R-int_global__offer-1)
    pub venue_name: Option<String>,
    /// venue department code (R-int_global__offer-1)
    pub venue_department_code: Option<String>,
    /// venue department name (R-int_global__offer-1)
    pub venue_department_name: Option<String>,
    /// venue region name (R-int_global__offer-1)
    pub venue_region_name: Option<String>,
    /// venue postal code (R-int_global__offer-1)
    pub venue_postal_code: Option<String>,
    /// venue academy name (R-int_global__offer-1)
    pub venue_academy_name: Option<String>,
    /// venue label text (R-int_global__offer-1)
    pub venue_label: Option<String>,
    /// permanent venue (R-int_global__offer-1)
    pub venue_is_permanent: Option<bool>,
    /// venue partner id (`partner_id` = venue id)
    #[schema(not_null)]
    pub partner_id: String,
    /// venue's managing offerer (R-int_global__venue-1)
    #[schema(not_null)]
    pub offerer_id: String,
    /// offerer name (R-int_global__offer-1)
    pub offerer_name: Option<String>,
    /// venue type label (R-int_global__offer-1)
    pub venue_type_label: Option<String>,
    /// location of the offer
    pub offerer_address_id: Option<String>,
    /// (scheduled) publication
    pub offer_publication_date: Option<DtParis>,
    /// publication after `ds` (R-int_applicative__offer-15)
    pub is_future_scheduled: bool,
    /// bookability opens after `ds` and already published (R-int_applicative__offer-16)
    pub is_coming_soon: bool,
    /// end of creation funnel
    pub offer_finalization_date: Option<DtParis>,
    /// date from which booking opens
    pub scheduled_offer_bookability_date: Option<DtParis>,
    /// offerer has the `part-epn` tag (R-int_global__offerer-8)
    #[schema(not_null)]
    pub offerer_is_epn: bool,
}

/// R-mrt_global__offer-1: approved offers with a live venue (`venue_id` comes from the venue side,
/// NULL for a soft-deleted or unknown venue, K-16) of a `VALIDATED` offerer; `offerer_is_active` is
/// not checked. The venue/offerer columns are non-NULL once the venue and its offerer matched.
fn bookable_offer_is_active_and_approved(f: &Frame<MrtGlobalOffer>) -> Expr {
    type A = MrtGlobalOffer;
    intermediate::applicative::int_applicative__offer::bookable_offer_consistent(
        f.c(A::offer_is_bookable),
        f.c(A::is_active),
        f.c(A::offer_validation),
    )
}

fn partner_id_is_venue_id(f: &Frame<MrtGlobalOffer>) -> Expr {
    f.c(MrtGlobalOffer::partner_id).eq(f.c(MrtGlobalOffer::venue_id))
}

/// R-int_applicative__offer-15 and -16 exclude each other.
fn coming_soon_is_not_future_scheduled(f: &Frame<MrtGlobalOffer>) -> Expr {
    f.c(MrtGlobalOffer::is_coming_soon).and(f.c(MrtGlobalOffer::is_future_scheduled)).not()
}

fn isbn_valid(f: &Frame<MrtGlobalOffer>) -> Expr {
    intermediate::applicative::int_applicative__offer::ean_valid(f.c(MrtGlobalOffer::isbn))
}

/// `_venues` is read only by the `venue_id` relationship test (I-14; an ancestor through the offers).
pub fn build(_ctx: &RunContext, offers: Frame<I>, _venues: Frame<V>) -> Frame<MrtGlobalOffer> {
    let keep = offers
        .c(I::offer_validation)
        .eq(lit("APPROVED"))
        .and(offers.c(I::venue_id).is_not_null())
        .and(offers.c(I::offerer_validation_status).eq(lit("VALIDATED")));
    let kept = offers.filter(keep);
    MrtGlobalOffer::project(kept.clone(), MrtGlobalOfferComputed {})
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The venues frame only feeds the `venue_id` relationship test, which runs in full runs.
    fn no_venues() -> Frame<V> {
        Frame::from_rows(&[])
    }
    use pipeline::testing::{ctx, snapshot, snapshot_cols};

    fn offer(id: &str, validation: Option<&str>, venue: Option<&str>, offerer_status: Option<&str>) -> I {
        I {
            offer_id: id.into(),
            offer_validation: validation.map(Into::into),
            venue_id: venue.map(Into::into),
            partner_id: venue.map(Into::into),
            offerer_id: venue.map(|_| "of1".into()),
            offerer_validation_status: offerer_status.map(Into::into),
            offerer_is_epn: offerer_status.map(|_| false),
            offer_subcategory_id: "LIVRE_PAPIER".into(),
            item_id: format!("offer-{id}"),
            passculture_pro_url: format!("https://passculture.pro/offre/individuelle/{id}/recapitulatif"),
            webapp_url: format!("https://passculture.app/offre/{id}"),
            offer_created_at: DtParis(pipeline::dt("2026-01-10 23:30:00")),
            offer_creation_date: pipeline::date("2026-01-10"),
            ..Default::default()
        }
    }

    /// R-mrt_global__offer-1 (three-valued: NULL validation / NULL offerer status drop; a
    /// soft-deleted venue gives a NULL `venue_id` (K-16) and drops; the status comparisons are exact).
    /// `offerer_is_active` is not checked (`int_global__offer` does not even carry it): `ok_other_venue`,
    /// standing for an offer of an inactive offerer, is kept like `ok`.
    #[test]
    fn r_mrt_global__offer_1_filter() {
        let offers = vec![
            offer("ok", Some("APPROVED"), Some("v1"), Some("VALIDATED")),
            offer("ok_other_venue", Some("APPROVED"), Some("v2"), Some("VALIDATED")),
            offer("pending", Some("PENDING"), Some("v1"), Some("VALIDATED")),
            offer("rejected", Some("REJECTED"), Some("v1"), Some("VALIDATED")),
            offer("null_validation", None, Some("v1"), Some("VALIDATED")),
            offer("deleted_venue", Some("APPROVED"), None, None),
            offer("offerer_new", Some("APPROVED"), Some("v3"), Some("NEW")),
            offer("offerer_null", Some("APPROVED"), Some("v4"), None),
            offer("lowercase", Some("approved"), Some("v1"), Some("VALIDATED")),
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&offers), no_venues());
        insta::assert_snapshot!(snapshot_cols(out, &["offer_validation", "venue_id", "partner_id", "offerer_id"]));
    }

    /// R-mrt_global__offer-1: a kept offer's columns are the intermediate's values unchanged (NULL
    /// counters and NULL `offer_is_underage_selectable` stay NULL, K-19/K-21). Every column has
    /// values no other column of its type has: three offers, so that each of the thirteen boolean
    /// columns has its own pattern (`is_synchronised` T,F,T; `offer_is_bookable` T,T,F; …).
    #[test]
    fn r_mrt_global__offer_1_columns_pass() {
        let text = |s: &str| Some(s.to_string());
        let paris = |s: &str| Some(DtParis(pipeline::dt(s)));
        // (synchronised, bookable, future, coming soon, EPN) and (active, national, duo,
        // underage, digital, physical, event, permanent venue), per offer.
        type Flag = Option<bool>;
        let flags: [(bool, bool, bool, bool, bool); 3] =
            [(true, true, false, false, true), (false, true, false, true, false), (true, false, true, false, false)];
        let options: [[Flag; 8]; 3] = [
            [Some(true), Some(false), None, None, Some(false), Some(true), None, Some(true)],
            [Some(true), None, Some(false), Some(true), Some(true), None, None, Some(false)],
            [None, Some(true), Some(true), Some(false), None, Some(false), Some(true), None],
        ];
        let domains = ["BOOK", "MUSIC", "SHOW"];
        let full = |n: usize| {
            let (synchronised, bookable, future, coming_soon, epn) = flags[n - 1];
            let [active, national, duo, underage, digital, physical, event, permanent] = options[n - 1];
            let id = n.to_string();
            I {
                offer_product_id: Some(format!("{}", 110 + n)),
                offer_product_humanized_id: Some(format!("PRODUCT{n}")),
                offer_id_at_providers: Some(format!("at-provider-{n}")),
                offer_last_provider_id: synchronised.then(|| format!("provider-{n}")),
                is_synchronised: synchronised,
                offer_name: Some(format!("Offer {n}")),
                offer_description: Some(format!("Description {n}")),
                offer_category_id: Some(format!("CATEGORY_{n}")),
                last_stock_price: Some(Dec2(1200 + n as i128)),
                offer_created_at: DtParis(pipeline::dt(&format!("2026-0{n}-10 23:30:00"))),
                offer_creation_date: pipeline::date(&format!("2026-0{n}-10")),
                offer_updated_date: paris(&format!("2026-0{n}-11 10:00:00")),
                offer_is_duo: duo,
                offer_is_underage_selectable: underage,
                offer_type_domain: text(domains[n - 1]),
                offer_is_bookable: bookable,
                digital_goods: digital,
                physical_goods: physical,
                event,
                offer_humanized_id: Some(format!("HUMANIZED{n}")),
                offer_subcategory_id: format!("SUBCATEGORY_{n}"),
                offer_url: Some(format!("https://example.org/offer/{n}")),
                is_national: national,
                is_active: active,
                isbn: Some(format!("978207061275{n}")),
                r#type: Some(format!("type {n}")),
                sub_type: Some(format!("sub-type {n}")),
                total_individual_bookings: Some(10 + n as i64),
                total_cancelled_individual_bookings: Some(20 + n as i64),
                total_used_individual_bookings: Some(30 + n as i64),
                total_favorites: Some(40 + n as i64),
                total_stock_quantity: Some(50 + n as i64),
                total_first_bookings: Some(60 + n as i64),
                venue_name: Some(format!("Venue {n}")),
                venue_department_code: Some(format!("2{n}")),
                venue_department_name: Some(format!("Department {n}")),
                venue_region_name: Some(format!("Region {n}")),
                venue_postal_code: Some(format!("2{n}000")),
                venue_academy_name: Some(format!("Academy {n}")),
                venue_label: Some(format!("Label {n}")),
                venue_is_permanent: permanent,
                offerer_name: Some(format!("Offerer {n}")),
                venue_type_label: Some(format!("Venue type {n}")),
                offerer_address_id: Some(format!("address-{n}")),
                offer_publication_date: paris(
                    ["2026-01-13 12:00:00", "2026-02-13 12:00:00", "2026-12-15 00:00:00"][n - 1],
                ),
                is_future_scheduled: future,
                is_coming_soon: coming_soon,
                offer_finalization_date: paris(&format!("2026-0{n}-12 11:00:00")),
                scheduled_offer_bookability_date: paris(
                    ["2026-01-14 13:00:00", "2026-12-01 00:00:00", "2026-12-20 00:00:00"][n - 1],
                ),
                offerer_id: Some(format!("of{n}")),
                offerer_is_epn: Some(epn),
                ..offer(&id, Some("APPROVED"), Some(&format!("v{n}")), Some("VALIDATED"))
            }
        };
        let offers = vec![full(1), full(2), full(3)];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&offers), no_venues());
        insta::assert_snapshot!(snapshot(out));
    }
}
