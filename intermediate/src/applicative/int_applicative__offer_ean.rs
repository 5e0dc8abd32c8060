//! Grain: one row per offer; PK `offer_id`.

use pipeline::prelude::*;

use super::int_applicative__extract_offer::IntApplicativeExtractOffer as E;

/// Cleaned and validated EAN and ISBN of every offer (intermediate.md, int_applicative__offer_ean).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__offer_ean", layer = "intermediate", grain = "offer_id")]
pub struct IntApplicativeOfferEan {
    /// offer id
    pub offer_id: String,
    /// `clean(offer_ean)` when it is 10 or 13 digits, else NULL
    pub ean: Option<String>,
    /// the 13-character EAN, else the cleaned extra-data ISBN when valid
    pub isbn: Option<String>,
}

pub fn build(_ctx: &RunContext, _offers: Frame<E>) -> Frame<IntApplicativeOfferEan> {
    todo!()
}
