//! Grain: one row per venue; PK `venue_id`.

use pipeline::prelude::*;

/// Venues as extracted (sources.md §2.10).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__venue", layer = "raw", grain = "venue_id", materialized = "view")]
pub struct RawApplicativeVenue {
    /// venue id
    pub venue_id: String,
    /// legal name
    pub venue_name: Option<String>,
    /// public name
    pub venue_public_name: Option<String>,
    /// SIRET
    pub venue_siret: Option<String>,
    /// managing offerer
    pub venue_managing_offerer_id: String,
    /// contact mailbox
    pub venue_booking_email: Option<String>,
    /// venue type code (int_applicative__venue R-2)
    pub venue_type_code: Option<String>,
    /// activity code (int_applicative__venue R-3)
    pub venue_activity: Option<String>,
    /// label
    pub venue_label_id: Option<String>,
    /// creation
    pub venue_creation_date: Option<DtParis>,
    /// permanent venue
    pub venue_is_permanent: Option<bool>,
    /// open to the public
    pub venue_is_open_to_public: Option<bool>,
    /// soft deletion
    pub venue_is_soft_deleted: bool,
    /// lifecycle state; `CLOSED` excluded from the venue mart
    pub venue_state: Option<String>,
    /// banner image
    pub banner_url: Option<String>,
    /// description
    pub venue_description: Option<String>,
    /// withdrawal instructions
    pub venue_withdrawal_details: Option<String>,
    /// volunteering link
    pub venue_volunteering_url: Option<String>,
}
