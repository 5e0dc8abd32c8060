//! Reference data the generators draw from: the subcategory table (written as the
//! `subcategory` source), venue profiles (type code, activity codes, what they sell),
//! departments (postal codes, coordinates, population weights), venue labels and word lists.
//! Codes and labels are those of sources.md and intermediate.md.

/// One subcategory row (sources.md §2.9) plus what the generators need to price it.
pub struct Sub {
    pub id: &'static str,
    pub category: &'static str,
    pub is_event: bool,
    pub physical: bool,
    pub digital: bool,
    pub search_group: Option<&'static str>,
    /// The offer has a URL (digital goods and online events).
    pub online: bool,
    /// Typical price range in cents.
    pub price: (i64, i64),
    /// Share of free offers.
    pub free: f64,
}

const fn sub(
    id: &'static str,
    category: &'static str,
    kind: u8,
    search_group: Option<&'static str>,
    price: (i64, i64),
    free: f64,
) -> Sub {
    // kind: 0 thing, 1 physical thing, 2 digital thing, 3 event, 4 online event
    Sub {
        id,
        category,
        is_event: kind >= 3,
        physical: kind == 1,
        digital: kind == 2,
        search_group,
        online: kind == 2 || kind == 4,
        price,
        free,
    }
}

const LIVRES: Option<&str> = Some("LIVRES");
const CINEMA: Option<&str> = Some("CINEMA");
const FILMS: Option<&str> = Some("FILMS_SERIES_PLATEFORMES");
const CONCERTS: Option<&str> = Some("CONCERTS_FESTIVALS");
const MUSIQUE: Option<&str> = Some("MUSIQUE");
const SPECTACLES: Option<&str> = Some("SPECTACLES");
const MUSEES: Option<&str> = Some("MUSEES_VISITES_CULTURELLES");
const ARTS: Option<&str> = Some("ARTS_LOISIRS_CREATIFS");
const RENCONTRES: Option<&str> = Some("RENCONTRES_CONFERENCES");
const JEUX: Option<&str> = Some("JEUX_JEUX_VIDEOS");
const INSTRUMENTS: Option<&str> = Some("INSTRUMENTS");
const MEDIA: Option<&str> = Some("MEDIA_PRESSE");
const CARTES: Option<&str> = Some("CARTES_JEUNES");

/// The subcategory reference table, in output order.
pub const SUBCATEGORIES: &[Sub] = &[
    sub("LIVRE_PAPIER", "LIVRE", 1, LIVRES, (400, 3500), 0.0),
    sub("LIVRE_NUMERIQUE", "LIVRE", 2, LIVRES, (200, 2000), 0.05),
    sub("LIVRE_AUDIO_PHYSIQUE", "LIVRE", 1, LIVRES, (800, 3000), 0.0),
    sub("TELECHARGEMENT_LIVRE_AUDIO", "LIVRE", 2, LIVRES, (500, 2500), 0.0),
    sub("ABO_LIVRE_NUMERIQUE", "LIVRE", 2, LIVRES, (500, 3000), 0.0),
    sub("ABO_BIBLIOTHEQUE", "LIVRE", 1, LIVRES, (0, 2000), 0.6),
    sub("FESTIVAL_LIVRE", "LIVRE", 3, RENCONTRES, (0, 1500), 0.5),
    sub("SEANCE_CINE", "CINEMA", 3, CINEMA, (450, 1200), 0.0),
    sub("EVENEMENT_CINE", "CINEMA", 3, CINEMA, (500, 1500), 0.05),
    sub("FESTIVAL_CINE", "CINEMA", 3, CINEMA, (500, 4000), 0.05),
    sub("CINE_PLEIN_AIR", "CINEMA", 3, CINEMA, (0, 800), 0.4),
    sub("CARTE_CINE_MULTISEANCES", "CINEMA", 0, CARTES, (2000, 6000), 0.0),
    sub("CARTE_CINE_ILLIMITE", "CINEMA", 0, CARTES, (1500, 3500), 0.0),
    sub("SUPPORT_PHYSIQUE_FILM", "FILM", 1, FILMS, (800, 3000), 0.0),
    sub("VOD", "FILM", 2, FILMS, (300, 1500), 0.05),
    sub("ABO_PLATEFORME_VIDEO", "FILM", 2, FILMS, (500, 4000), 0.0),
    sub("ABO_MEDIATHEQUE", "FILM", 1, FILMS, (0, 2500), 0.5),
    sub("CONCERT", "MUSIQUE_LIVE", 3, CONCERTS, (800, 6500), 0.05),
    sub("EVENEMENT_MUSIQUE", "MUSIQUE_LIVE", 3, CONCERTS, (500, 3000), 0.1),
    sub("FESTIVAL_MUSIQUE", "MUSIQUE_LIVE", 3, CONCERTS, (2000, 15000), 0.02),
    sub("LIVESTREAM_MUSIQUE", "MUSIQUE_LIVE", 4, CONCERTS, (0, 1500), 0.3),
    sub("ABO_CONCERT", "MUSIQUE_LIVE", 0, CONCERTS, (2000, 10000), 0.0),
    sub("SUPPORT_PHYSIQUE_MUSIQUE_CD", "MUSIQUE_ENREGISTREE", 1, MUSIQUE, (800, 2500), 0.0),
    sub("SUPPORT_PHYSIQUE_MUSIQUE_VINYLE", "MUSIQUE_ENREGISTREE", 1, MUSIQUE, (1500, 4500), 0.0),
    sub("TELECHARGEMENT_MUSIQUE", "MUSIQUE_ENREGISTREE", 2, MUSIQUE, (100, 1500), 0.0),
    sub("ABO_PLATEFORME_MUSIQUE", "MUSIQUE_ENREGISTREE", 2, MUSIQUE, (500, 3000), 0.0),
    sub("CAPTATION_MUSIQUE", "MUSIQUE_ENREGISTREE", 2, MUSIQUE, (0, 1000), 0.4),
    sub("SPECTACLE_REPRESENTATION", "SPECTACLE", 3, SPECTACLES, (500, 4500), 0.08),
    sub("FESTIVAL_SPECTACLE", "SPECTACLE", 3, SPECTACLES, (1000, 6000), 0.05),
    sub("SPECTACLE_ENREGISTRE", "SPECTACLE", 2, SPECTACLES, (0, 1200), 0.3),
    sub("LIVESTREAM_EVENEMENT", "SPECTACLE", 4, SPECTACLES, (0, 1500), 0.3),
    sub("SPECTACLE_VENTE_DISTANCE", "SPECTACLE", 2, SPECTACLES, (300, 2000), 0.1),
    sub("ABO_SPECTACLE", "SPECTACLE", 0, SPECTACLES, (2000, 12000), 0.0),
    sub("VISITE", "MUSEE", 3, MUSEES, (0, 2000), 0.45),
    sub("VISITE_GUIDEE", "MUSEE", 3, MUSEES, (0, 2500), 0.3),
    sub("EVENEMENT_PATRIMOINE", "MUSEE", 3, MUSEES, (0, 2000), 0.4),
    sub("VISITE_VIRTUELLE", "MUSEE", 2, MUSEES, (0, 1000), 0.6),
    sub("MUSEE_VENTE_DISTANCE", "MUSEE", 2, MUSEES, (300, 2000), 0.1),
    sub("CARTE_MUSEE", "MUSEE", 0, CARTES, (1000, 5000), 0.0),
    sub("ATELIER_PRATIQUE_ART", "PRATIQUE_ART", 3, ARTS, (0, 4000), 0.25),
    sub("SEANCE_ESSAI_PRATIQUE_ART", "PRATIQUE_ART", 3, ARTS, (0, 2000), 0.4),
    sub("LIVESTREAM_PRATIQUE_ARTISTIQUE", "PRATIQUE_ART", 4, ARTS, (0, 1500), 0.4),
    sub("PRATIQUE_ART_VENTE_DISTANCE", "PRATIQUE_ART", 2, ARTS, (500, 3000), 0.05),
    sub("ABO_PRATIQUE_ART", "PRATIQUE_ART", 0, ARTS, (3000, 20000), 0.0),
    sub("ABO_PRESSE_EN_LIGNE", "MEDIA", 2, MEDIA, (300, 2500), 0.05),
    sub("PODCAST", "MEDIA", 2, MEDIA, (0, 500), 0.7),
    sub("APP_CULTURELLE", "MEDIA", 2, MEDIA, (0, 1500), 0.4),
    sub("CONCOURS", "JEU", 3, JEUX, (0, 500), 0.8),
    sub("RENCONTRE_JEU", "JEU", 3, JEUX, (0, 1500), 0.4),
    sub("ESCAPE_GAME", "JEU", 3, JEUX, (1500, 3500), 0.0),
    sub("EVENEMENT_JEU", "JEU", 3, JEUX, (0, 2000), 0.3),
    sub("JEU_EN_LIGNE", "JEU", 2, JEUX, (200, 2500), 0.1),
    sub("ABO_JEU_VIDEO", "JEU", 2, JEUX, (500, 3000), 0.0),
    sub("ABO_LUDOTHEQUE", "JEU", 1, JEUX, (0, 3000), 0.3),
    sub("JEU_SUPPORT_PHYSIQUE", "JEU", 1, JEUX, (1000, 5000), 0.0),
    sub("ACHAT_INSTRUMENT", "INSTRUMENT", 1, INSTRUMENTS, (3000, 30000), 0.0),
    sub("BON_ACHAT_INSTRUMENT", "INSTRUMENT", 1, INSTRUMENTS, (2000, 20000), 0.0),
    sub("LOCATION_INSTRUMENT", "INSTRUMENT", 1, INSTRUMENTS, (1000, 8000), 0.0),
    sub("PARTITION", "INSTRUMENT", 1, INSTRUMENTS, (500, 3000), 0.0),
    sub("MATERIEL_ART_CREATIF", "BEAUX_ARTS", 1, ARTS, (500, 6000), 0.0),
    sub("CONFERENCE", "CONFERENCE", 3, RENCONTRES, (0, 1500), 0.6),
    sub("RENCONTRE", "CONFERENCE", 3, RENCONTRES, (0, 1500), 0.6),
    sub("DECOUVERTE_METIERS", "CONFERENCE", 3, RENCONTRES, (0, 1000), 0.8),
    sub("SALON", "CONFERENCE", 3, RENCONTRES, (0, 2000), 0.4),
    sub("RENCONTRE_EN_LIGNE", "CONFERENCE", 4, RENCONTRES, (0, 1000), 0.7),
    sub("ACTIVATION_EVENT", "TECHNIQUE", 3, None, (0, 0), 1.0),
    sub("ACTIVATION_THING", "TECHNIQUE", 0, None, (0, 0), 1.0),
];

/// Index of a subcategory code in [`SUBCATEGORIES`].
pub fn sub_index(id: &str) -> u16 {
    SUBCATEGORIES.iter().position(|s| s.id == id).unwrap_or_else(|| panic!("unknown subcategory {id}")) as u16
}

/// Subcategories that underage grants may not buy (R-int_applicative__offer-11, A).
pub const UNDERAGE_EXCLUDED: &[&str] = &["JEU_EN_LIGNE", "JEU_SUPPORT_PHYSIQUE", "ABO_JEU_VIDEO", "ABO_LUDOTHEQUE"];

/// A kind of venue: its type code, activity codes and what it offers.
pub struct Profile {
    pub type_code: &'static str,
    pub activities: &'static [&'static str],
    /// Name prefixes of such venues.
    pub names: &'static [&'static str],
    pub subs: &'static [(&'static str, f64)],
    /// Share of venues with this profile.
    pub share: f64,
    /// Relative catalogue size.
    pub offers: f64,
}

pub const PROFILES: &[Profile] = &[
    Profile {
        type_code: "BOOKSTORE",
        activities: &["BOOKSTORE"],
        names: &["Librairie", "Librairie-papeterie", "Bouquinerie"],
        subs: &[
            ("LIVRE_PAPIER", 86.0),
            ("LIVRE_AUDIO_PHYSIQUE", 2.0),
            ("SUPPORT_PHYSIQUE_MUSIQUE_CD", 2.0),
            ("JEU_SUPPORT_PHYSIQUE", 2.0),
            ("RENCONTRE", 4.0),
            ("FESTIVAL_LIVRE", 1.0),
            ("LIVRE_NUMERIQUE", 2.0),
            ("PARTITION", 1.0),
        ],
        share: 14.0,
        offers: 7.0,
    },
    Profile {
        type_code: "MOVIE",
        activities: &["CINEMA"],
        names: &["Cinéma", "Ciné", "Multiplexe"],
        subs: &[
            ("SEANCE_CINE", 84.0),
            ("EVENEMENT_CINE", 8.0),
            ("CARTE_CINE_MULTISEANCES", 4.0),
            ("CARTE_CINE_ILLIMITE", 1.0),
            ("FESTIVAL_CINE", 3.0),
        ],
        share: 8.0,
        offers: 4.0,
    },
    Profile {
        type_code: "CONCERT_HALL",
        activities: &["PERFORMANCE_HALL", "PRODUCTION_OR_PROMOTION_COMPANY"],
        names: &["Salle", "Le Club", "Scène"],
        subs: &[("CONCERT", 72.0), ("FESTIVAL_MUSIQUE", 8.0), ("EVENEMENT_MUSIQUE", 15.0), ("ABO_CONCERT", 5.0)],
        share: 5.0,
        offers: 1.5,
    },
    Profile {
        type_code: "PERFORMING_ARTS",
        activities: &["PERFORMANCE_HALL", "ARTISTIC_COMPANY"],
        names: &["Théâtre", "Compagnie", "Scène nationale"],
        subs: &[
            ("SPECTACLE_REPRESENTATION", 80.0),
            ("FESTIVAL_SPECTACLE", 6.0),
            ("ABO_SPECTACLE", 5.0),
            ("ATELIER_PRATIQUE_ART", 6.0),
            ("SPECTACLE_ENREGISTRE", 1.0),
            ("LIVESTREAM_EVENEMENT", 1.0),
            ("SPECTACLE_VENTE_DISTANCE", 1.0),
        ],
        share: 12.0,
        offers: 1.0,
    },
    Profile {
        type_code: "MUSEUM",
        activities: &["MUSEUM"],
        names: &["Musée", "Muséum", "Maison"],
        subs: &[
            ("VISITE", 50.0),
            ("VISITE_GUIDEE", 25.0),
            ("EVENEMENT_PATRIMOINE", 10.0),
            ("CARTE_MUSEE", 4.0),
            ("ATELIER_PRATIQUE_ART", 9.0),
            ("MUSEE_VENTE_DISTANCE", 1.0),
            ("VISITE_VIRTUELLE", 1.0),
        ],
        share: 7.0,
        offers: 0.8,
    },
    Profile {
        type_code: "LIBRARY",
        activities: &["LIBRARY"],
        names: &["Médiathèque", "Bibliothèque"],
        subs: &[
            ("ABO_BIBLIOTHEQUE", 20.0),
            ("RENCONTRE", 30.0),
            ("CONFERENCE", 20.0),
            ("ATELIER_PRATIQUE_ART", 20.0),
            ("ABO_MEDIATHEQUE", 10.0),
        ],
        share: 8.0,
        offers: 0.6,
    },
    Profile {
        type_code: "FESTIVAL",
        activities: &["FESTIVAL"],
        names: &["Festival"],
        subs: &[
            ("FESTIVAL_MUSIQUE", 60.0),
            ("FESTIVAL_SPECTACLE", 20.0),
            ("FESTIVAL_CINE", 10.0),
            ("FESTIVAL_LIVRE", 10.0),
        ],
        share: 4.0,
        offers: 0.5,
    },
    Profile {
        type_code: "DIGITAL",
        activities: &[
            "STREAMING_PLATFORM",
            "PRESS_OR_MEDIA",
            "PUBLISHING_HOUSE",
            "RADIO_OR_MUSIC_STREAMING",
            "TELEVISION_OR_VIDEO_STREAMING",
        ],
        names: &["Offre numérique", "Plateforme", "Éditions"],
        subs: &[
            ("LIVRE_NUMERIQUE", 16.0),
            ("ABO_PLATEFORME_MUSIQUE", 10.0),
            ("ABO_PLATEFORME_VIDEO", 9.0),
            ("VOD", 14.0),
            ("ABO_PRESSE_EN_LIGNE", 15.0),
            ("PODCAST", 5.0),
            ("APP_CULTURELLE", 5.0),
            ("JEU_EN_LIGNE", 5.0),
            ("ABO_JEU_VIDEO", 4.0),
            ("TELECHARGEMENT_MUSIQUE", 5.0),
            ("TELECHARGEMENT_LIVRE_AUDIO", 5.0),
            ("ABO_LIVRE_NUMERIQUE", 3.0),
            ("VISITE_VIRTUELLE", 1.0),
            ("CAPTATION_MUSIQUE", 1.0),
            ("LIVESTREAM_MUSIQUE", 1.0),
            ("RENCONTRE_EN_LIGNE", 1.0),
        ],
        share: 12.0,
        offers: 1.2,
    },
    Profile {
        type_code: "GAMES",
        activities: &["GAMES_CENTRE"],
        names: &["Ludothèque", "Escape", "Le Repaire du jeu"],
        subs: &[
            ("JEU_SUPPORT_PHYSIQUE", 40.0),
            ("ESCAPE_GAME", 30.0),
            ("RENCONTRE_JEU", 12.0),
            ("ABO_LUDOTHEQUE", 13.0),
            ("EVENEMENT_JEU", 3.0),
            ("CONCOURS", 2.0),
        ],
        share: 3.0,
        offers: 1.0,
    },
    Profile {
        type_code: "RECORD_STORE",
        activities: &["RECORD_STORE"],
        names: &["Disquaire", "Vinyles"],
        subs: &[("SUPPORT_PHYSIQUE_MUSIQUE_VINYLE", 50.0), ("SUPPORT_PHYSIQUE_MUSIQUE_CD", 45.0), ("CONCERT", 5.0)],
        share: 1.5,
        offers: 5.0,
    },
    Profile {
        type_code: "MUSICAL_INSTRUMENT_STORE",
        activities: &["MUSIC_INSTRUMENT_STORE"],
        names: &["Musique", "Instruments"],
        subs: &[
            ("ACHAT_INSTRUMENT", 50.0),
            ("LOCATION_INSTRUMENT", 20.0),
            ("PARTITION", 20.0),
            ("BON_ACHAT_INSTRUMENT", 10.0),
        ],
        share: 2.0,
        offers: 2.0,
    },
    Profile {
        type_code: "ARTISTIC_COURSE",
        activities: &["ART_SCHOOL", "ARTISTIC_PRACTICE", "ARTS_EDUCATION"],
        names: &["Atelier", "École", "Conservatoire"],
        subs: &[
            ("ATELIER_PRATIQUE_ART", 60.0),
            ("SEANCE_ESSAI_PRATIQUE_ART", 24.0),
            ("ABO_PRATIQUE_ART", 10.0),
            ("PRATIQUE_ART_VENTE_DISTANCE", 4.0),
            ("LIVESTREAM_PRATIQUE_ARTISTIQUE", 2.0),
        ],
        share: 8.0,
        offers: 0.7,
    },
    Profile {
        type_code: "CULTURAL_CENTRE",
        activities: &["CULTURAL_CENTRE", "COMMUNITY_CENTRE", "CULTURAL_MEDIATION"],
        names: &["Centre culturel", "Maison des jeunes", "Tiers-lieu"],
        subs: &[
            ("CONCERT", 25.0),
            ("SPECTACLE_REPRESENTATION", 25.0),
            ("ATELIER_PRATIQUE_ART", 20.0),
            ("CONFERENCE", 15.0),
            ("SEANCE_CINE", 15.0),
        ],
        share: 4.0,
        offers: 1.0,
    },
    Profile {
        type_code: "PATRIMONY_TOURISM",
        activities: &["HERITAGE_SITE", "TOURIST_INFORMATION_CENTRE"],
        names: &["Château", "Abbaye", "Office de tourisme"],
        subs: &[("VISITE", 50.0), ("VISITE_GUIDEE", 40.0), ("EVENEMENT_PATRIMOINE", 10.0)],
        share: 3.0,
        offers: 0.6,
    },
    Profile {
        type_code: "VISUAL_ARTS",
        activities: &["ART_GALLERY", "ARTS_CENTRE"],
        names: &["Galerie", "Centre d'art"],
        subs: &[("VISITE", 50.0), ("ATELIER_PRATIQUE_ART", 30.0), ("MATERIEL_ART_CREATIF", 20.0)],
        share: 2.0,
        offers: 0.6,
    },
    Profile {
        type_code: "CREATIVE_ARTS_STORE",
        activities: &["CREATIVE_ARTS_STORE"],
        names: &["Beaux-arts", "Papeterie créative"],
        subs: &[("MATERIEL_ART_CREATIF", 100.0)],
        share: 1.0,
        offers: 3.0,
    },
    Profile {
        type_code: "SCIENTIFIC_CULTURE",
        activities: &["SCIENCE_CENTRE", "SCIENTIFIC_CULTURE"],
        names: &["Cité des sciences", "Planétarium"],
        subs: &[("VISITE", 40.0), ("CONFERENCE", 40.0), ("ATELIER_PRATIQUE_ART", 20.0)],
        share: 1.0,
        offers: 0.6,
    },
    Profile {
        type_code: "TRAVELING_CINEMA",
        activities: &["TRAVELLING_CINEMA"],
        names: &["Cinéma itinérant", "Ciné-bus"],
        subs: &[("SEANCE_CINE", 70.0), ("CINE_PLEIN_AIR", 30.0)],
        share: 0.5,
        offers: 1.0,
    },
    Profile {
        type_code: "DISTRIBUTION_STORE",
        activities: &["DISTRIBUTION_STORE"],
        names: &["Espace culturel", "Hypermarché"],
        subs: &[
            ("LIVRE_PAPIER", 40.0),
            ("SUPPORT_PHYSIQUE_MUSIQUE_CD", 20.0),
            ("JEU_SUPPORT_PHYSIQUE", 15.0),
            ("SUPPORT_PHYSIQUE_FILM", 15.0),
            ("MATERIEL_ART_CREATIF", 10.0),
        ],
        share: 1.0,
        offers: 9.0,
    },
    Profile {
        type_code: "ADMINISTRATIVE",
        activities: &["MUNICIPALITY_CULTURAL_DEPARTMENT"],
        names: &["Service culturel", "Mairie"],
        subs: &[("CONFERENCE", 50.0), ("VISITE", 50.0)],
        share: 1.0,
        offers: 0.3,
    },
    Profile {
        type_code: "OTHER",
        activities: &["OTHER", "PRESS", "HIGHER_EDUCATION_INSTITUTION"],
        names: &["Association", "Collectif"],
        subs: &[
            ("RENCONTRE", 30.0),
            ("DECOUVERTE_METIERS", 20.0),
            ("SALON", 20.0),
            ("CONCOURS", 10.0),
            ("ATELIER_PRATIQUE_ART", 20.0),
        ],
        share: 2.0,
        offers: 0.5,
    },
];

/// The `DIGITAL` profile's index in [`PROFILES`].
pub fn digital_profile() -> usize {
    PROFILES.iter().position(|p| p.type_code == "DIGITAL").expect("digital profile")
}

/// A department: code, prefecture, coordinates, population weight and postal prefixes.
pub struct Dept {
    pub code: &'static str,
    pub city: &'static str,
    pub lat: f64,
    pub lon: f64,
    pub weight: f64,
}

/// Departments users and venues live in. The first 21 are the seed's (region_department.csv);
/// the others are real departments absent from the seed (their users map to `-1`).
pub const DEPTS: &[Dept] = &[
    Dept { code: "01", city: "Bourg-en-Bresse", lat: 46.205, lon: 5.225, weight: 0.9 },
    Dept { code: "06", city: "Nice", lat: 43.703, lon: 7.266, weight: 1.6 },
    Dept { code: "13", city: "Marseille", lat: 43.296, lon: 5.370, weight: 3.0 },
    Dept { code: "2A", city: "Ajaccio", lat: 41.927, lon: 8.738, weight: 0.2 },
    Dept { code: "2B", city: "Bastia", lat: 42.697, lon: 9.450, weight: 0.2 },
    Dept { code: "31", city: "Toulouse", lat: 43.604, lon: 1.444, weight: 2.1 },
    Dept { code: "33", city: "Bordeaux", lat: 44.837, lon: -0.579, weight: 2.4 },
    Dept { code: "35", city: "Rennes", lat: 48.117, lon: -1.677, weight: 1.6 },
    Dept { code: "44", city: "Nantes", lat: 47.218, lon: -1.553, weight: 2.1 },
    Dept { code: "59", city: "Lille", lat: 50.629, lon: 3.057, weight: 4.0 },
    Dept { code: "67", city: "Strasbourg", lat: 48.573, lon: 7.752, weight: 1.7 },
    Dept { code: "69", city: "Lyon", lat: 45.764, lon: 4.836, weight: 2.9 },
    Dept { code: "75", city: "Paris", lat: 48.857, lon: 2.352, weight: 3.2 },
    Dept { code: "92", city: "Nanterre", lat: 48.892, lon: 2.207, weight: 2.5 },
    Dept { code: "93", city: "Bobigny", lat: 48.908, lon: 2.440, weight: 2.6 },
    Dept { code: "971", city: "Basse-Terre", lat: 16.241, lon: -61.533, weight: 0.6 },
    Dept { code: "972", city: "Fort-de-France", lat: 14.616, lon: -61.059, weight: 0.5 },
    Dept { code: "973", city: "Cayenne", lat: 4.922, lon: -52.313, weight: 0.4 },
    Dept { code: "974", city: "Saint-Denis", lat: -20.882, lon: 55.450, weight: 1.3 },
    Dept { code: "976", city: "Mamoudzou", lat: -12.780, lon: 45.228, weight: 0.5 },
    Dept { code: "978", city: "Marigot", lat: 18.067, lon: -63.083, weight: 0.05 },
    Dept { code: "29", city: "Quimper", lat: 47.996, lon: -4.102, weight: 1.3 },
    Dept { code: "34", city: "Montpellier", lat: 43.611, lon: 3.877, weight: 1.7 },
    Dept { code: "38", city: "Grenoble", lat: 45.188, lon: 5.724, weight: 1.9 },
    Dept { code: "45", city: "Orléans", lat: 47.903, lon: 1.909, weight: 1.0 },
    Dept { code: "57", city: "Metz", lat: 49.119, lon: 6.176, weight: 1.5 },
    Dept { code: "62", city: "Arras", lat: 50.291, lon: 2.777, weight: 2.1 },
    Dept { code: "63", city: "Clermont-Ferrand", lat: 45.778, lon: 3.087, weight: 0.9 },
    Dept { code: "76", city: "Rouen", lat: 49.443, lon: 1.099, weight: 1.8 },
    Dept { code: "77", city: "Melun", lat: 48.540, lon: 2.660, weight: 2.1 },
    Dept { code: "78", city: "Versailles", lat: 48.801, lon: 2.130, weight: 2.1 },
    Dept { code: "91", city: "Évry", lat: 48.629, lon: 2.441, weight: 1.9 },
    Dept { code: "94", city: "Créteil", lat: 48.790, lon: 2.455, weight: 2.0 },
    Dept { code: "95", city: "Cergy", lat: 49.036, lon: 2.063, weight: 1.8 },
    Dept { code: "988", city: "Nouméa", lat: -22.276, lon: 166.458, weight: 0.2 },
];

/// A postal code in department `d` (5 characters; the rules of C-31 read it back to `d`).
pub fn postal_code(r: &mut crate::rng::R, d: &Dept) -> String {
    match d.code {
        "75" => format!("750{:02}", 1 + r.below(20)),
        "2A" => format!("20{}", r.pick(&["000", "090", "100", "110", "137", "167", "169"])),
        "2B" => format!("20{}", r.pick(&["200", "213", "220", "250", "260", "600", "620"])),
        "978" => "97150".to_string(),
        // 97150 is Saint-Martin (978), never Guadeloupe.
        "971" => format!("971{}", r.pick(&["00", "10", "11", "20", "22", "30", "60", "80", "90"])),
        c if c.len() == 3 => format!("{c}{:02}", r.below(10) * 10),
        c => format!("{c}{:03}", r.below(100) * 10),
    }
}

/// Venue labels (`venue_label` source); the last one has no text.
pub const VENUE_LABELS: &[Option<&str>] = &[
    Some("Cinéma Art et Essai"),
    Some("Scène nationale"),
    Some("Musée de France"),
    Some("SMAC - Scène de musiques actuelles"),
    Some("Centre dramatique national"),
    Some("Centre chorégraphique national"),
    Some("Pôle national du cirque"),
    Some("Orchestre national en région"),
    Some("Librairie Indépendante de Référence (LIR)"),
    Some("Fonds régional d'art contemporain"),
    Some("Ville et Pays d'art et d'histoire"),
    Some("Maisons des Illustres"),
    None,
];

/// Offerer tag names (`offerer_tag` source).
pub const OFFERER_TAGS: &[&str] = &[
    "part-epn",
    "collectivite",
    "top-acteur",
    "ecosysteme-culturel",
    "festival",
    "auto-entrepreneur",
    "siege-social",
    "structure-publique",
];

pub const SURNAMES: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "Kléber",
    "Nguyen",
    "Diallo",
    "Mbappé",
    "Haddad",
    "Benali",
];

pub const NOUNS: &[&str] = &[
    "nuit",
    "mer",
    "forêt",
    "ville",
    "mémoire",
    "voyage",
    "silence",
    "lumière",
    "jardin",
    "rivière",
    "montagne",
    "étoile",
    "chemin",
    "secret",
    "saison",
    "île",
    "ombre",
    "promesse",
    "fenêtre",
    "musique",
    "danse",
    "histoire",
    "vague",
    "tempête",
    "maison",
    "fleur",
    "planète",
    "frontière",
    "couleur",
    "mélodie",
];

pub const ADJECTIVES: &[&str] = &[
    "dernière",
    "grande",
    "petite",
    "longue",
    "belle",
    "douce",
    "étrange",
    "perdue",
    "secrète",
    "nouvelle",
    "sauvage",
    "bleue",
    "noire",
    "blanche",
    "rouge",
    "lointaine",
    "immense",
];

pub const MUSIC_TYPES: &[(&str, &[&str])] = &[
    ("Pop", &["Pop/Rock", "Variété", "K-Pop"]),
    ("Rock", &["Rock", "Punk", "Metal", "Indie"]),
    ("Hip-Hop/Rap", &["Rap français", "Trap", "Hip-Hop"]),
    ("Jazz", &["Bebop", "Swing", "Jazz fusion"]),
    ("Classique", &["Baroque", "Opéra", "Symphonique"]),
    ("Electro", &["House", "Techno", "Dubstep"]),
    ("Musiques du monde", &["Afro", "Reggae", "Latino"]),
    ("Chanson française", &["Chanson", "Slam"]),
];

pub const SHOW_TYPES: &[(&str, &[&str])] = &[
    ("Théâtre", &["Comédie", "Drame", "Tragédie", "Boulevard"]),
    ("Danse", &["Contemporaine", "Hip-hop", "Classique"]),
    ("Cirque", &["Cirque contemporain", "Clown"]),
    ("Humour / Café-théâtre", &["One man show", "Stand-up", "Improvisation"]),
    ("Opéra", &["Opéra", "Opérette"]),
    ("Spectacle jeunesse", &["Conte", "Marionnettes"]),
];

pub const BOOK_RAYONS: &[&str] = &[
    "Romans et récits",
    "Bandes dessinées",
    "Mangas",
    "Jeunesse",
    "Policier",
    "Science-fiction",
    "Scolaire",
    "Essais",
    "Poésie",
];

pub const PUBLISHERS: &[&str] = &[
    "Gallimard",
    "Folio",
    "Le Livre de Poche",
    "Flammarion",
    "Actes Sud",
    "Glénat",
    "Dargaud",
    "Pocket",
    "Hachette",
    "Kana",
    "Seuil",
];

/// Suspension reasons of `action_history` (sources.md §2.14) with their weights.
pub const SUSPENSION_REASONS: &[(&str, f64)] = &[
    ("upon user request", 30.0),
    ("end of eligibility", 16.0),
    ("fraud suspicion", 14.0),
    ("deleted", 8.0),
    ("duplicate fraud", 6.0),
    ("fake document fraud", 4.0),
    ("usurpating fraud", 3.0),
    ("booking cancel fraud", 2.0),
    ("pass resell fraud", 2.0),
    ("product resell fraud", 1.5),
    ("hacking fraud", 2.0),
    ("device at risk", 2.0),
    ("end of contract", 1.0),
];

/// Themes of `user_subscribed_themes`.
pub const THEMES: &[&str] =
    &["cinema", "musique", "livres", "spectacles", "jeux", "visites", "ateliers", "conferences", "films", "media"];

/// The first `SEED_DEPTS` entries of [`DEPTS`] are the seed's departments.
pub const SEED_DEPTS: usize = 21;

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed departments of [`DEPTS`] are exactly those of the copied seed file.
    #[test]
    fn seed_departments_match_the_seed_file() {
        let codes: Vec<&str> = crate::REGION_DEPARTMENT.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
        let ours: Vec<&str> = DEPTS[..SEED_DEPTS].iter().map(|d| d.code).collect();
        assert_eq!(codes, ours);
        assert!(DEPTS[SEED_DEPTS..].iter().all(|d| !codes.contains(&d.code)));
    }

    /// Postal codes read back to their department by the rules of C-31.
    #[test]
    fn postal_codes_map_back_to_their_department() {
        let mut r = crate::rng::R::stream(1, "t", 0);
        for d in DEPTS {
            for _ in 0..20 {
                let p = postal_code(&mut r, d);
                let dept = if p == "97150" {
                    "978".to_string()
                } else if p.starts_with("97") || p.starts_with("98") {
                    p[..3].to_string()
                } else if ["200", "201", "205", "209"].contains(&&p[..3]) {
                    "2A".to_string()
                } else if ["202", "206"].contains(&&p[..3]) {
                    "2B".to_string()
                } else {
                    p[..2].to_string()
                };
                assert_eq!(dept, d.code, "{p}");
            }
        }
    }
}
