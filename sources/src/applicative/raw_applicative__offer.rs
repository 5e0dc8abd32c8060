//! Grain: one row per offer (current state); PK `offer_id`.

use pipeline::prelude::*;

/// Individual offers as extracted (sources.md §2.7).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__offer", layer = "raw", grain = "offer_id", materialized = "view")]
pub struct RawApplicativeOffer {
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
    /// description
    pub offer_description: Option<String>,
    /// URL of a digital offer; NULL = physical or on-site
    pub offer_url: Option<String>,
    /// available nationwide
    pub offer_is_national: Option<bool>,
    /// duo bookings allowed
    pub offer_is_duo: Option<bool>,
    /// JSON object text (`musicType`, `showType`, `isbn`, …)
    pub offer_extra_data: Option<String>,
    /// EAN as entered
    pub offer_ean: Option<String>,
    /// `DRAFT`, `PENDING`, `APPROVED`, `REJECTED`
    #[check(accepted_values = ["DRAFT", "PENDING", "APPROVED", "REJECTED"], cite = "sources.md §2.7")]
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
}
