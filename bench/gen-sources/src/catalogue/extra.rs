//! Offer and product text: titles, EAN-13 codes, and the extra-data JSON of books (ISBN as
//! text, formatted text, number or 10-digit ISBN), records and shows (types with stray spaces
//! and case, legacy numeric codes).

use crate::reference::{ADJECTIVES, BOOK_RAYONS, MUSIC_TYPES, NOUNS, PUBLISHERS, SHOW_TYPES, SURNAMES};
use crate::rng::R;

/// A valid EAN-13 starting with `prefix` (the check digit is computed).
pub fn ean13(r: &mut R, prefix: &str) -> String {
    let mut s = format!("{prefix}{}", r.digits(12 - prefix.len()));
    let sum: u32 = s.bytes().enumerate().map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 }).sum();
    s.push(char::from(b'0' + ((10 - sum % 10) % 10) as u8));
    s
}

pub(super) fn title(r: &mut R) -> String {
    let noun = r.pick(NOUNS);
    match r.below(5) {
        0 => format!("La {} {}", r.pick(ADJECTIVES), noun),
        1 => format!("Le secret de la {noun}"),
        2 => format!("{} de {}", capitalise(noun), r.pick(NOUNS)),
        3 => format!("Les {}s du {}", noun, r.pick(NOUNS)),
        _ => format!("{} - Tome {}", capitalise(noun), 1 + r.below(12)),
    }
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Product kind of a subcategory: 0 book, 1 record, 2 film; `None` for the rest.
pub(super) fn product_kind(sub: &str) -> Option<u8> {
    match sub {
        "LIVRE_PAPIER" | "LIVRE_AUDIO_PHYSIQUE" => Some(0),
        "SUPPORT_PHYSIQUE_MUSIQUE_CD" | "SUPPORT_PHYSIQUE_MUSIQUE_VINYLE" => Some(1),
        "SUPPORT_PHYSIQUE_FILM" => Some(2),
        _ => None,
    }
}

pub(super) fn json_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Extra data JSON of a book: the ISBN as clean text, formatted text, a number or a 10-digit ISBN.
pub(super) fn book_json(r: &mut R, ean: &str) -> String {
    let isbn = match r.below(20) {
        0..=12 => format!("\"{ean}\""),
        13..=15 => format!("\" {}-{}-{}-{}-{} \"", &ean[..3], &ean[3..4], &ean[4..6], &ean[6..12], &ean[12..]),
        16..=17 => ean.to_string(),
        18 => format!("\"{}\"", &ean[3..]),
        _ => "\"\"".to_string(),
    };
    format!(
        "{{\"isbn\": {isbn}, \"editeur\": \"{}\", \"rayon\": \"{}\", \"author\": \"{} {}\"}}",
        r.pick(PUBLISHERS),
        r.pick(BOOK_RAYONS),
        r.pick(&["Camille", "Victor", "Léa", "Hugo", "Amélie", "Yasmina"]),
        r.pick(SURNAMES)
    )
}

pub(super) fn music_json(r: &mut R) -> String {
    let (t, subs) = r.pick(MUSIC_TYPES);
    let pad = |r: &mut R, s: &str| if r.chance(0.1) { format!("  {} ", s.to_uppercase()) } else { s.to_string() };
    let sub = r.pick(subs);
    let (t, s) = (pad(r, t), pad(r, sub));
    format!(
        "{{\"musicType\": \"{}\", \"musicSubType\": \"{}\", \"performer\": \"{}\"}}",
        json_escape(&t),
        json_escape(&s),
        r.pick(SURNAMES)
    )
}

pub(super) fn show_json(r: &mut R) -> String {
    if r.chance(0.05) {
        // Legacy numeric codes and explicit nulls.
        return format!("{{\"showType\": {}, \"showSubType\": null}}", 1100 + 100 * r.below(10));
    }
    let (t, subs) = r.pick(SHOW_TYPES);
    let t = if r.chance(0.1) { format!(" {} ", t.to_uppercase()) } else { t.to_string() };
    format!(
        "{{\"showType\": \"{}\", \"showSubType\": \"{}\", \"stageDirector\": \"{}\"}}",
        json_escape(&t),
        r.pick(subs),
        r.pick(SURNAMES)
    )
}
