"""Abbreviations every news reader knows: countries and bodies, and US states (AP style)."""

from __future__ import annotations

KNOWN_ABBREVIATIONS: dict[str, str] = {
    "U.S.": "United States",
    "US": "United States",
    "U.S.A.": "United States",
    "USA": "United States",
    "America": "United States",
    "United States of America": "United States",
    "U.K.": "United Kingdom",
    "UK": "United Kingdom",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "U.N.": "United Nations",
    "UN": "United Nations",
    "E.U.": "European Union",
    "EU": "European Union",
    "U.A.E.": "United Arab Emirates",
    "UAE": "United Arab Emirates",
}
"""Abbreviations and short names of places and bodies every reader knows."""

STATE_ABBREVIATIONS: dict[str, str] = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida",
    "Ga.": "Georgia", "Ill.": "Illinois", "Ind.": "Indiana", "Kan.": "Kansas",
    "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland", "Mass.": "Massachusetts",
    "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire",
    "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York",
    "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma",
    "Ore.": "Oregon", "Pa.": "Pennsylvania", "R.I.": "Rhode Island",
    "S.C.": "South Carolina", "S.D.": "South Dakota", "Tenn.": "Tennessee",
    "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
    "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
}  # fmt: skip
"""US state abbreviations of news style (AP), as in datelines ("CAPE CANAVERAL, Fla.")."""

ALL_ABBREVIATIONS: dict[str, str] = {**KNOWN_ABBREVIATIONS, **STATE_ABBREVIATIONS}
"""Every abbreviation -> the full name that names its entity."""
