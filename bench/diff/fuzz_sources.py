#!/usr/bin/env python3
"""Small random source worlds for the differential check (not a benchmark generator).

    fuzz_sources.py OUT_DIR [--seed S] [--users N] [--format csv|parquet] [--ds YYYY-MM-DD]

Writes every table of docs/spec/sources.md (applicative/<t>.csv or .parquet, seed/region_department.csv)
with deliberately small value domains so that the edge cases of the rules meet often: ties on
datetimes (ranks and tie-breaks), ids whose string and integer orders differ, NULLs in every
nullable column, orphans on every foreign key, dates around ds (bookability, expiry exactly at
as_of, birth dates on the window bounds, Feb 29), money at the capping bounds, JSON with numbers
as written (1.50, 1e2), null, nested values and invalid text, EANs/ISBNs with separators. Valid
input only (sources.md): primary keys unique and non-NULL, non-nullable columns filled.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_CSV = os.path.join(HERE, "..", "..", "fixtures", "seed", "region_department.csv")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--users", type=int, default=60)
    ap.add_argument("--format", choices=["csv", "parquet"], default="csv")
    ap.add_argument("--ds", default="2026-11-27")
    a = ap.parse_args()
    R = random.Random(a.seed)
    ds = dt.date.fromisoformat(a.ds)
    n = a.users

    def maybe(v, p=0.15):
        return None if R.random() < p else v

    def pick(xs):
        return R.choice(xs)

    def ids(k, start=1):
        # numeric-looking ids whose string order differs from their integer order, a few odd ones
        out = [str(i) for i in range(start, start + k)]
        R.shuffle(out)
        return out

    base = dt.datetime(ds.year, ds.month, ds.day)
    tpool = [base + dt.timedelta(days=R.randint(-1500, 40), seconds=R.choice([0, 1, 3600, 86399, 43200]))
             for _ in range(max(8, n // 4))]
    tpool += [base, base - dt.timedelta(seconds=1), base + dt.timedelta(hours=9), base - dt.timedelta(days=30)]

    def ts(p_null=0.0):
        if R.random() < p_null:
            return None
        t = pick(tpool)
        if R.random() < 0.1:
            t = t + dt.timedelta(microseconds=R.randint(1, 999999))
        return t

    def day(lo, hi):
        return lo + dt.timedelta(days=R.randint(0, (hi - lo).days))

    tables = {}

    # ---------------------------------------------------------------- seed
    # (copied from the fixtures)

    # ---------------------------------------------------------------- users
    specials = ["007", "99", "100"]
    user_ids = specials + [u for u in ids(n) if u not in specials][: n - 3]
    roles = ["BENEFICIARY", "UNDERAGE_BENEFICIARY", "FREE_BENEFICIARY", None, None, "PRO", "ADMIN", "TEST",
             "ANONYMIZED", "NON_ATTACHED_PRO"]
    activities = ["Alternant", "Apprenti", "Volontaire", "Inactif", "Étudiant", "Chômeur",
                  "En recherche d'emploi ou chômeur", "Demandeur d'emploi",
                  "Apprenti, Alternant, Volontaire en service civique rémunéré", "Lycéen", "Collégien", "Etudiant", None]
    ceil = ds.replace(year=ds.year - 15) if not (ds.month == 2 and ds.day == 29) else dt.date(ds.year - 15, 2, 28)
    special_births = [dt.date(2000, 4, 30), dt.date(2000, 4, 29), ceil, ceil + dt.timedelta(days=1), dt.date(2008, 2, 29),
                      ds.replace(year=ds.year - 16) if ds.month != 2 or ds.day != 29 else dt.date(ds.year - 16, 2, 28)]

    def birth():
        if R.random() < 0.3:
            return pick(special_births)
        return maybe(day(dt.date(1995, 1, 1), dt.date(2014, 12, 31)), 0.1)

    postals = ["75011", "20000", "20200", "20100", "97150", "97400", "97110", "98800", "7", "", "29200", "69003", "97",
               "13001", "2", None, None]
    rows = []
    for u in user_ids:
        rows.append(dict(
            user_id=u, user_creation_date=ts(), user_role=pick(roles), user_birth_date=birth(),
            user_validated_birth_date=maybe(birth(), 0.5), user_activity=pick(activities),
            user_civility=pick(["M", "M.", "Mme", "Mx", None]),
            user_school_type=pick(["Lycée public", "Collège privé", "PRIVATE_HIGH_SCHOOL", None]),
            user_is_active=pick([True, True, True, False, None]), user_is_email_validated=maybe(R.random() < 0.8),
            user_has_validated_email=maybe(R.random() < 0.8),
            user_phone_validation_status=pick(["validated", "unvalidated", "skipped-by-support", None]),
            user_has_enabled_marketing_push=maybe(R.random() < 0.5), user_has_enabled_marketing_email=maybe(R.random() < 0.5),
            user_subscribed_themes=pick(["[]", '["cinema","musique"]', None]),
            user_postal_code=pick(postals), user_department_code=pick(["69", "33", "99", "2A", "971", None])))
    tables["user"] = rows

    # ---------------------------------------------------------------- deposits, recredits
    dep_ids = ids(int(n * 1.4))
    types = ["GRANT_15_17", "GRANT_18", "GRANT_17_18", "GRANT_FREE"]
    amounts = ["0", "20", "30", "50", "80", "80.01", "95", "149.99", "150", "180", "280", "300", "300.01", "500", "520", "12.5"]
    exp_pool = [base, base - dt.timedelta(microseconds=1), base + dt.timedelta(days=400), base - dt.timedelta(days=2), None]
    rows = []
    for d in dep_ids:
        rows.append(dict(id=d, userid=pick(user_ids + ["999"]), amount=Decimal(pick(amounts)),
                         source=pick(["educonnect", "EduConnect puis ubble", "ubble", "dossier dms 1", "Démarches Simplifiées",
                                      "import manuel", "DMS 12", None]),
                         datecreated=ts(), dateupdated=ts(0.3), expirationdate=pick(exp_pool), type=pick(types)))
    tables["deposit"] = rows
    rows = []
    for i, r in enumerate(ids(int(n * 0.5))):
        rows.append(dict(recredit_id=r, deposit_id=pick(dep_ids + ["999"]), recredit_amount=maybe(Decimal(pick(["15", "30", "10.5", "0"]))),
                         recredit_creation_date=ts(), recredit_type=pick(["PREVIOUS_DEPOSIT", "PREVIOUS_DEPOSIT", "RECREDIT_16", None])))
    tables["recredit"] = rows
    # build-marts audits deposit_amount >= 0 (a blocking data test): keep a − prev_amount >= 0
    prev = {}
    for r in rows:
        if r["recredit_type"] == "PREVIOUS_DEPOSIT" and r["recredit_amount"] is not None:
            prev[r["deposit_id"]] = prev.get(r["deposit_id"], Decimal(0)) + r["recredit_amount"]
    for d in tables["deposit"]:
        if d["amount"] < prev.get(d["id"], Decimal(0)):
            d["amount"] = prev[d["id"]]

    # ---------------------------------------------------------------- catalogue
    subcats = [("LIVRE_PAPIER", "LIVRE", False, True, False), ("LIVRE_NUMERIQUE", "LIVRE", False, False, True),
               ("ABO_LIVRE_NUMERIQUE", "LIVRE", False, False, True), ("TELECHARGEMENT_LIVRE_AUDIO", "LIVRE", False, False, True),
               ("SEANCE_CINE", "CINEMA", True, False, False), ("CONCERT", "MUSIQUE_LIVE", True, False, False),
               ("SUPPORT_PHYSIQUE_MUSIQUE_CD", "MUSIQUE_ENREGISTREE", False, True, False), ("SPECTACLE_REPRESENTATION", "SPECTACLE", True, False, False),
               ("JEU_EN_LIGNE", "JEU", False, False, True), ("ABO_JEU_VIDEO", "JEU", False, False, True),
               ("ABO_PRESSE_EN_LIGNE", "MEDIA", False, False, True), ("VOD", "FILM", False, False, True),
               ("ACTIVATION_THING", "TECHNIQUE", False, False, True), ("ACTIVATION_EVENT", "TECHNIQUE", True, False, False)]
    tables["subcategory"] = [dict(id=s, category_id=c, is_event=e, is_physical_deposit=p, is_digital_deposit=g,
                                  search_group_name=None if s.startswith("ACTIVATION") else c.lower()) for s, c, e, p, g in subcats]
    offerer_ids = ids(max(4, n // 10))
    tables["offerer"] = [dict(offerer_id=o, offerer_name=maybe("Structure " + o), offerer_siren=pick(["123456789", "987654321", None]),
                              offerer_is_active=pick([True, True, False, None]),
                              offerer_validation_status=pick(["VALIDATED", "VALIDATED", "PENDING", "NEW", "REJECTED", "CLOSED", None]),
                              offerer_creation_date=ts(0.2), offerer_validation_date=ts(0.4)) for o in offerer_ids]
    tags = set()
    for _ in range(len(offerer_ids)):
        tags.add((pick(offerer_ids + ["99"]), pick(["part-epn", "collectivite", "top-acteur"])))
    tables["offerer_tag"] = [dict(offerer_id=o, tag_name=t) for o, t in sorted(tags)]
    label_ids = ids(4)
    tables["venue_label"] = [dict(venue_label_id=v, venue_label=maybe("Label " + v)) for v in label_ids]
    # ids beyond 64 and 128 bits, and non-numeric ones, for humanize_id (C-27)
    long_ids = ["18446744073709551616", "340282366920938463463374607431768211456", "123456789012345678901234567890123456789012345",
                "000000000000000000000000000000000000000000000000001", "v-1", "0"]
    venue_ids = ids(max(6, n // 4)) + long_ids
    type_codes = ["BOOKSTORE", "DIGITAL", "MOVIE", "CONCERT_HALL", "MUSICAL_INSTRUMENT_STORE", "FOOD_TRUCK", None]
    acts = ["BOOKSTORE", "ART_GALLERY", "CINEMA", "CULTURAL_CENTRE", "ESPORT_ARENA", None]
    names = ["Le Lieu", "Cinéma", "Zèbre", "le lieu", None]
    tables["venue"] = [dict(venue_id=v, venue_name=pick(names), venue_public_name=maybe("Public " + v), venue_siret=maybe("1234"),
                            venue_managing_offerer_id=pick(offerer_ids + ["99"]), venue_booking_email=maybe("v@x.fr"),
                            venue_type_code=pick(type_codes), venue_activity=pick(acts), venue_label_id=maybe(pick(label_ids + ["99"]), 0.5),
                            venue_creation_date=ts(0.2), venue_is_permanent=maybe(R.random() < 0.5),
                            venue_is_open_to_public=maybe(R.random() < 0.5), venue_is_soft_deleted=R.random() < 0.15,
                            venue_state=pick([None, "ACTIVE", "CLOSED"]), banner_url=maybe("https://b"), venue_description=maybe("d"),
                            venue_withdrawal_details=maybe("w"), venue_volunteering_url=maybe("https://v")) for v in venue_ids]
    rows = []
    for a_id in ids(int(len(venue_ids) * 1.3)):
        rows.append(dict(offerer_address_id=a_id, venue_id=maybe(pick(venue_ids), 0.05),
                         offerer_address_type=pick(["VENUE_LOCATION", "VENUE_LOCATION", "OFFER_LOCATION", None]),
                         address_street=maybe("1 rue"), address_postal_code=pick(postals), address_department_code=pick(["06", "971", "75", None]),
                         address_latitude=maybe(R.uniform(-60, 60)), address_longitude=maybe(R.uniform(-60, 60))))
    tables["offerer_address"] = rows
    product_ids = ids(max(3, n // 8))
    jsons = ['{"musicType": "  ROCK ", "musicSubType": " PUNK", "isbn": "978-2-07-036002-4"}',
             '{"showType": " DRAME ", "showSubType": 1.50, "isbn": 9782070368228}',
             '{"showType": 1e2, "musicType": null, "isbn": " 978 2 253 00613 8 "}',
             '{"isbn": 978', '{"isbn": "207036002X", "musicType": "JAZZ", "musicSubType": "BEBOP"}',
             '{"showType": {"a": 1}, "musicType": [1, 2], "isbn": ""}', '{}', '[1, 2]', '"text"',
             '{"musicType": "  ", "showSubType": true, "isbn": null}', '{"isbn": [9782070368228, {"x": 1.50}], "showSubType": -0.0}', '{"showType": "x", "isbn": "9782070360024",}', '{"musicType": NaN, "isbn": "9782070360024"}', '{"isbn": 1e400}',
             '{"musicType": "\\ud800x"}', '{"isbn": "\\"9782070612758\\""}', None]
    eans = ["978-2-07-036002-4", "2070360024", "97820706127AB", "978207036002.", "978 2 07 061275 8", "9782253006138", "12", None]
    tables["product"] = [dict(id=p, description=maybe("prod desc " + p, 0.5), jsondata=maybe(pick(jsons), 0.4), ean=maybe(pick(eans), 0.5))
                         for p in product_ids]
    offer_ids = ids(int(n * 0.8))
    sub_ids = [s[0] for s in subcats] + ["CARTE_MUSEE_OLD", None]
    rows = []
    for o in offer_ids:
        rows.append(dict(offer_id=o, offer_creation_date=ts(), offer_updated_date=ts(0.3),
                         offer_product_id=maybe(pick(product_ids + ["ext-999", "0007", "00", "99999999999999999999999999999999999999"]), 0.5), venue_id=pick(venue_ids + ["999"]),
                         offer_last_provider_id=maybe("12", 0.6), offer_id_at_providers=maybe("p" + o, 0.6),
                         booking_email=pick(["a@b.fr", "jeux-concours@passculture.app", "Jeux-Concours@passculture.app", None]),
                         offer_is_active=pick([True, True, False, None]), offer_name=maybe("Offre " + o),
                         offer_description=maybe("desc"), offer_url=maybe("https://u", 0.6), offer_is_national=maybe(R.random() < 0.5),
                         offer_is_duo=maybe(R.random() < 0.3), offer_extra_data=pick(jsons), offer_ean=maybe(pick(eans), 0.4),
                         offer_validation=pick(["APPROVED", "APPROVED", "APPROVED", "PENDING", "REJECTED", "DRAFT", None]),
                         offer_last_validation_type=pick(["AUTO", "MANUAL", None]), offer_subcategoryid=pick(sub_ids),
                         offerer_address_id=maybe("1"), offer_finalization_date=ts(0.3),
                         offer_publication_date=maybe(pick([base + dt.timedelta(hours=9), base, base - dt.timedelta(days=3),
                                                            base + dt.timedelta(days=5)]), 0.3),
                         scheduled_offer_bookability_date=maybe(pick([base + dt.timedelta(days=8), base, base - dt.timedelta(days=1)]), 0.5)))
    tables["offer"] = rows
    pc_ids = ids(max(3, n // 6))
    tables["price_category"] = [dict(price_category_id=p, offer_id=pick(offer_ids), price=maybe(Decimal(pick(["11.50", "7.5", "25", "0"]))),
                                     price_category_label=maybe("Tarif " + p)) for p in pc_ids]
    stock_ids = ids(int(n * 1.2))
    around = [base + dt.timedelta(hours=19), base - dt.timedelta(minutes=30), base + dt.timedelta(days=10),
              base - dt.timedelta(days=400), base + dt.timedelta(hours=20), base - dt.timedelta(hours=2)]
    rows = []
    for s in stock_ids:
        rows.append(dict(stock_id=s, offer_id=pick(offer_ids + ["999"]), stock_price=maybe(Decimal(pick(["0", "0.00", "4.99", "6.90", "11.50", "25"])), 0.3),
                         stock_quantity=maybe(R.randint(0, 4), 0.4), stock_booking_limit_date=maybe(pick(around), 0.5),
                         stock_beginning_date=maybe(pick(around), 0.5), stock_creation_date=ts(0.1), stock_modified_date=ts(0.5),
                         stock_is_soft_deleted=R.random() < 0.15, price_category_id=maybe(pick(pc_ids + ["99"]), 0.5),
                         stock_features=maybe("VF,IMAX", 0.7), stock_last_provider_id=maybe("3", 0.7)))
    tables["stock"] = rows
    rows = []
    statuses = ["CONFIRMED", "USED", "CANCELLED", "REIMBURSED", "PENDING_REIMBURSEMENT", None]
    for b in ids(n * 4):
        rows.append(dict(booking_id=b, booking_creation_date=ts(), stock_id=pick(stock_ids + ["888"]),
                         booking_quantity=pick([1, 1, 1, 2, None]), user_id=pick(user_ids),
                         booking_amount=maybe(Decimal(pick(["0", "5.50", "10", "6.90", "300"])), 0.1),
                         booking_status=pick(statuses), booking_used_date=ts(0.5), booking_cancellation_date=ts(0.7),
                         booking_cancellation_reason=pick(["OFFERER", "BENEFICIARY", "FRAUD", None]),
                         deposit_id=maybe(pick(dep_ids + ["777"]), 0.1), offerer_id=maybe(pick(offerer_ids)), venue_id=maybe(pick(venue_ids)),
                         price_category_label=maybe("Tarif"), booking_reimbursement_date=ts(0.7),
                         booking_used_recredit_type=pick(["RECREDIT_17", None, None])))
    tables["booking"] = rows
    rows = []
    for i in sorted(R.sample(range(1, n * 3), k=n // 2)):
        rows.append(dict(action_history_id=str(i), action_type=pick(["USER_SUSPENDED", "USER_UNSUSPENDED", "COMMENT"]),
                         action_history_json_data=pick(['{"reason": "upon user request"}', '{"reason": "fraud suspicion"}', "{}", None,
                                                        "reason=deleted", '{"reason": null}', '{"reason": 12.50}']),
                         user_id=maybe(pick(user_ids), 0.1), action_date=ts(0.1)))
    tables["action_history"] = rows
    tables["favorite"] = [dict(id=f, userid=pick(user_ids), offerid=pick(offer_ids + ["999"]), datecreated=ts(0.2)) for f in ids(n)]

    write(a.out, tables, a.format, R)


TYPES = {  # spec types of the columns that are not str
    "user_creation_date": "dt", "user_birth_date": "date", "user_validated_birth_date": "date",
    "amount": "dec2", "recredit_amount": "dec2", "booking_amount": "dec2", "stock_price": "dec2", "price": "dec2",
    "booking_quantity": "i64", "stock_quantity": "i64", "address_latitude": "f64", "address_longitude": "f64",
}
DT_COLS = {"datecreated", "dateupdated", "expirationdate", "recredit_creation_date", "booking_creation_date", "booking_used_date",
           "booking_cancellation_date", "booking_reimbursement_date", "stock_booking_limit_date", "stock_beginning_date",
           "stock_creation_date", "stock_modified_date", "offer_creation_date", "offer_updated_date", "offer_finalization_date",
           "offer_publication_date", "scheduled_offer_bookability_date", "venue_creation_date", "offerer_creation_date",
           "offerer_validation_date", "action_date"}


def csv_field(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S") + (f".{v.microsecond:06d}" if v.microsecond else "")
    if isinstance(v, float):
        return repr(v)
    s = str(v)
    if s == "" or any(ch in s for ch in ',"\n\r'):
        return '"' + s.replace('"', '""') + '"'
    return s


def write(out, tables, fmt, R):
    os.makedirs(os.path.join(out, "applicative"), exist_ok=True)
    os.makedirs(os.path.join(out, "seed"), exist_ok=True)
    shutil.copy(SEED_CSV, os.path.join(out, "seed", "region_department.csv"))
    for t, rows in tables.items():
        cols = list(rows[0].keys())
        # L-2: names match case-insensitively and extra columns are ignored
        names = [c.upper() if R.random() < 0.1 else c for c in cols]
        if R.random() < 0.3:
            for r in rows:
                r["extra_col"] = "x"
            cols.append("extra_col")
            names.append("extra_col")
        if fmt == "csv":
            with open(os.path.join(out, "applicative", t + ".csv"), "w", encoding="utf-8", newline="") as f:
                f.write(",".join(names) + "\n")
                for r in rows:
                    f.write(",".join(csv_field(r[c]) for c in cols) + "\n")
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq
            arrays = {}
            for c, name in zip(cols, names):
                vals = [r[c] for r in rows]
                kind = TYPES.get(c) or ("dt" if c in DT_COLS else None)
                is_id = c.endswith("id") or "id" in c.split("_")
                if (kind is None and is_id and R.random() < 0.4 and c != "user_id"
                        and all(v is None or (isinstance(v, str) and v.isdigit() and (v == "0" or not v.startswith("0")) and len(v) < 19) for v in vals)):
                    # L-3: an id may be stored as Parquet integers (read back as base-10 text)
                    arrays[name] = pa.array([None if v is None else int(v) for v in vals], pa.int64())
                elif kind == "dt":
                    unit = R.choice(["us", "us", "ms", "ns"])
                    if unit == "ms":
                        vals = [None if v is None else v.replace(microsecond=v.microsecond // 1000 * 1000) for v in vals]
                    arrays[name] = pa.array(vals, pa.timestamp(unit))
                elif kind == "date":
                    arrays[name] = pa.array(vals, pa.date32())
                elif kind == "dec2":
                    arrays[name] = pa.array(vals, pa.decimal128(18, 2))
                elif kind == "i64":
                    arrays[name] = pa.array(vals, pa.int64())
                elif kind == "f64":
                    arrays[name] = pa.array(vals, pa.float64())
                elif all(v is None or isinstance(v, bool) for v in vals) and any(isinstance(v, bool) for v in vals):
                    arrays[name] = pa.array(vals, pa.bool_())
                else:
                    arrays[name] = pa.array(vals, pa.string())
            pq.write_table(pa.table(arrays), os.path.join(out, "applicative", t + ".parquet"))


if __name__ == "__main__":
    main()
