//! Grain: one row per raw offer; PK `offer_id`.

use pipeline::prelude::*;
use sources::{RawApplicativeOffer as O, RawApplicativeProduct as P};

/// Raw offers with the product's description, extra data and EAN winning over the offer's,
/// plus scalar fields read from the extra data (intermediate.md, int_applicative__extract_offer).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__extract_offer", layer = "intermediate", grain = "offer_id")]
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
    /// `coalesce(product description, offer description)`
    pub offer_description: Option<String>,
    /// `coalesce(product jsondata, offer extra data)`, whole JSON from one side
    pub offer_extra_data: Option<String>,
    /// `coalesce(product ean, offer ean)`
    pub offer_ean: Option<String>,
    /// lower-cased, trimmed `musicType` of the extra data
    pub musictype: Option<String>,
    /// lower-cased, trimmed `musicSubType` of the extra data
    pub musicsubtype: Option<String>,
    /// lower-cased, trimmed `showType` of the extra data
    pub showtype: Option<String>,
    /// lower-cased, trimmed `showSubType` of the extra data
    pub showsubtype: Option<String>,
    /// raw `isbn` of the extra data, trimmed, unquoted, lower-cased
    pub isbn: Option<String>,
}

pub fn build(_ctx: &RunContext, _offers: Frame<O>, _products: Frame<P>) -> Frame<IntApplicativeExtractOffer> {
    todo!()
}
