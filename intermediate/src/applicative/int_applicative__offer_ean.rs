//! Grain: one row per offer; PK `offer_id`.

use pipeline::prelude::*;

use super::int_applicative__extract_offer::IntApplicativeExtractOffer as E;

/// Cleaned and validated EAN and ISBN of every offer (intermediate.md, int_applicative__offer_ean).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__offer_ean", layer = "intermediate", grain = "offer_id", materialized = "view", from = E)]
pub struct IntApplicativeOfferEan {
    /// offer id
    pub offer_id: String,
    /// `clean(offer_ean)` when it is 10 or 13 digits, else NULL
    #[schema(computed)]
    pub ean: Option<String>,
    /// the 13-character EAN, else the cleaned extra-data ISBN when valid
    #[schema(computed)]
    pub isbn: Option<String>,
}

/// `clean(s)` (R-int_applicative__offer_ean-1): removes every ASCII whitespace character (space,
/// tab, LF, CR, FF), every `-` and every ASCII letter.
pub fn clean(s: &str) -> String {
    s.chars().filter(|c| !(matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C' | '-') || c.is_ascii_alphabetic())).collect()
}

/// `valid(c)` (R-int_applicative__offer_ean-2): exactly 10 or 13 characters, all ASCII digits.
pub fn valid(c: &str) -> bool {
    let n = c.chars().count();
    (n == 10 || n == 13) && c.chars().all(|ch| ch.is_ascii_digit())
}

/// `clean(s)` when valid, else NULL; `NULL` → NULL (R-3, and the ISBN branch of R-4).
pub fn clean_valid(s: Option<&str>) -> Option<String> {
    s.map(clean).filter(|c| valid(c))
}

pub fn build(_ctx: &RunContext, offers: Frame<E>) -> Frame<IntApplicativeOfferEan> {
    let ean = map_str(offers.c(E::offer_ean), clean_valid);
    // the 13-character test is on the cleaned EAN, valid or not (NULL EAN → NULL → ISBN branch).
    let cleaned_len = map_str(offers.c(E::offer_ean), |s| s.map(clean)).str().len_chars();
    let isbn = when(cleaned_len.eq(lit(13u32))).then(ean.clone()).otherwise(map_str(offers.c(E::isbn), clean_valid));
    IntApplicativeOfferEan::project(offers.clone(), IntApplicativeOfferEanComputed { ean, isbn })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot_cols};

    /// R-int_applicative__offer_ean-1: the spec example, every removed class (space, tab, LF, CR,
    /// FF, `-`, ASCII letters) and what survives (other punctuation, non-ASCII letters, VT).
    /// Naive (production pattern, D-3) would keep spaces and hyphens.
    #[test]
    fn r_int_applicative__offer_ean_1_clean() {
        assert_eq!(clean("978-2-07-036002-4"), "9782070360024");
        assert_eq!(clean(" 97\t8\n2\r0\x0C7-aZ"), "978207");
        assert_eq!(clean("ISBN 2-07-036002-X"), "207036002");
        assert_eq!(clean("9.78é\x0B"), "9.78é\x0B");
        assert_eq!(clean(""), "");
        assert_eq!(clean_valid(None), None);
    }

    /// R-int_applicative__offer_ean-2: exactly 10 or 13 characters, all ASCII digits.
    #[test]
    fn r_int_applicative__offer_ean_2_valid() {
        assert!(valid("2070360024"));
        assert!(valid("9782070360024"));
        assert!(!valid("207036002"));
        assert!(!valid("20703600241"));
        assert!(!valid("97820703600241"));
        assert!(!valid("207036002X"));
        assert!(!valid("２070360024"), "full-width digit is not ASCII");
        assert!(!valid(""));
        assert_eq!(clean_valid(Some("978-2-07-036002-4")).as_deref(), Some("9782070360024"));
        assert_eq!(clean_valid(Some("2-07-036002-X")), None);
    }

    fn offer(id: &str, ean: Option<&str>, isbn: Option<&str>) -> E {
        E { offer_id: id.into(), offer_ean: ean.map(Into::into), isbn: isbn.map(Into::into), ..Default::default() }
    }

    /// R-int_applicative__offer_ean-3 (ean = cleaned EAN when valid) and R-4 (a 13-character
    /// cleaned EAN decides the ISBN even when invalid — naive "ean else isbn" would fall back to
    /// the valid extra-data ISBN for `c_13_invalid`; otherwise, NULL EAN included, the cleaned
    /// extra-data ISBN when valid).
    /// Rules: R-int_applicative__offer_ean-3, R-int_applicative__offer_ean-4.
    #[test]
    fn r_int_applicative__offer_ean_3_4_ean_isbn() {
        // The extra-data ISBNs are another book's number (…2253004226) than the EANs
        // (…2070360024), so that reading one column for the other shows.
        let rows = vec![
            offer("a_13_valid", Some("978-2-07-036002-4"), Some("2253004227")),
            offer("b_10_valid", Some("2070360024"), Some("978 2 25 300422 6")),
            offer("c_13_invalid", Some("978207036002."), Some("9782253004226")),
            offer("d_null_ean", None, Some("isbn 978-2-25-300422-6")),
            offer("e_null_both", None, None),
            offer("f_bad_ean_bad_isbn", Some("12"), Some("123")),
            offer("g_13_with_letters", Some("x978207036002x4"), Some("2253004227")),
            offer("h_14_digits", Some("97820703600241"), Some("2253004227")),
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&rows));
        insta::assert_snapshot!(snapshot_cols(out, &["ean", "isbn"]));
    }
}
