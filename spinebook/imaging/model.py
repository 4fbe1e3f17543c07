"""From the data package to the simulator's inputs: tissue properties, phantom dimensions, probes.

Only rows marked ``role = model`` are used; units are converted here, visibly. Where the data package
has no value for something the phantom needs, :data:`SCHEMATIC_CHOICES` names the value and why; the
page prints both tables, so a reader sees which numbers are measured and which are drawn.
"""

from __future__ import annotations

import math

import pandas as pd

from spinebook.imaging.ultrasound import Acoustics, Probe

#: The photon energy at which X-ray attenuation is taken (a NIST grid point; see the page).
XRAY_ENERGY = "50 keV"
#: Which measured tissue stands in for each tissue of the phantom (acoustic row, X-ray row).
STAND_INS = {
    "skin": ("skin", "soft_tissue"), "fat": ("fat", "fat"), "muscle": ("muscle", "muscle"),
    "bone": ("bone", "bone"), "blood": ("blood", "blood"), "nerve": ("soft_tissue", "soft_tissue"),
    "disc": ("soft_tissue", "soft_tissue"), "csf": ("soft_tissue", "soft_tissue"),
    "steel": ("steel", "iron"), "contrast": ("blood", "soft_tissue"),  # no acoustic value for contrast: a liquid, like blood
}
#: Phantom dimensions no source in the data package gave, with the reason for the value drawn.
SCHEMATIC_CHOICES = {
    "skin_thickness": (2.0, "drawn: a thin layer; its value hardly changes either image"),
    "subcutaneous_fat": (10.0, "drawn for the normal-BMI body; obesity adds the measured extra depth to it"),
    "disc_height": (11.0, "drawn: no L4–L5 disc height in the sources read"),
    "spinous_width": (8.0, "drawn: no spinous process width in the sources read"),
    "transverse_process_height": (10.0, "drawn: no transverse process height in the sources read"),
    "needle_diameter": (0.72, "drawn: about the outer diameter of a 22-gauge needle"),
}
MM_PER = {"mm": 1.0, "cm": 10.0, "m": 1000.0}


def _model_rows(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["role"] == "model"]


def tissue_value(tissues: pd.DataFrame, tissue: str, prop: str, xray: bool = False) -> tuple[float, str]:
    """The model value of one property of one measured tissue, and its unit (a printed range is used
    at its midpoint)."""
    rows = _model_rows(tissues)
    rows = rows[(rows["tissue"] == tissue) & (rows["property"] == prop)]
    if prop == "density":
        is_xray = rows["condition"].fillna("").str.contains("X-ray")
        rows = rows[is_xray] if xray else rows[~is_xray]
    if prop == "mass_attenuation":
        rows = rows[rows["condition"] == XRAY_ENERGY]
    if len(rows) != 1:
        raise KeyError(f"data/tissues.csv needs exactly one model row for {tissue} {prop}"
                       f"{' (X-ray)' if xray else ''}, found {len(rows)}")
    row = rows.iloc[0]
    value = float(row["value"])
    if pd.notna(row.get("value_high")):
        value = (value + float(row["value_high"])) / 2
    return value, str(row["unit"])


def _has_model_row(tissues, tissue, prop):
    rows = _model_rows(tissues)
    return bool(((rows["tissue"] == tissue) & (rows["property"] == prop)).any())


def attenuation_db_cm_mhz(value: float, unit: str, condition: str = "") -> float:
    """dB/cm/MHz from the printed unit; a value printed in dB/cm at 1 MHz is taken to grow in
    proportion to frequency (the usual first-order law)."""
    unit = unit.replace(" ", "")
    if unit == "dB/cm/MHz":
        return value
    if unit == "dB/cm":
        return value  # at 1 MHz: dB/cm ÷ 1 MHz
    if unit == "Np/m/MHz":
        return value * 20 / math.log(10) / 100
    raise ValueError(f"unknown attenuation unit {unit!r}")


def density_kg_m3(value: float, unit: str) -> float:
    return value * 1000.0 if unit.replace(" ", "") in ("g/cm3", "g/cm³", "g/mL") else value


def acoustics(tissues: pd.DataFrame) -> Acoustics:
    impedance, attenuation = {}, {}
    for tissue, (measured, _) in STAND_INS.items():
        if _has_model_row(tissues, measured, "impedance"):  # printed as such (the needle's steel)
            impedance[tissue], _ = tissue_value(tissues, measured, "impedance")
        else:  # Z = ρc
            speed, _ = tissue_value(tissues, measured, "speed_of_sound")
            density = density_kg_m3(*tissue_value(tissues, measured, "density"))
            impedance[tissue] = density * speed / 1e6
        if tissue == "steel":
            attenuation[tissue] = 0.0  # thin: casts no shadow (see ultrasound.THIN)
        else:
            attenuation[tissue] = attenuation_db_cm_mhz(*tissue_value(tissues, measured, "attenuation"))
    impedance["air"], attenuation["air"] = impedance["skin"], attenuation["skin"]  # never inside the image
    reference = attenuation_db_cm_mhz(*tissue_value(tissues, "soft_tissue", "attenuation"))
    return Acoustics(impedance, attenuation, reference)


def linear_attenuation_per_mm(tissues: pd.DataFrame) -> dict:
    """μ = (μ/ρ) · ρ at :data:`XRAY_ENERGY`, per millimetre, for every phantom tissue. Contrast medium
    is soft tissue plus its iodine: (μ/ρ)_I × iodine concentration (300 mg I/mL = 0.3 g/cm³)."""
    mu = {"air": 0.0}
    for tissue, (_, measured) in STAND_INS.items():
        mass, _ = tissue_value(tissues, measured, "mass_attenuation")
        density, unit = tissue_value(tissues, measured, "density", xray=True)
        mu[tissue] = mass * density / 10.0
    iodine, _ = tissue_value(tissues, "iodine", "mass_attenuation")
    concentration, _ = tissue_value(tissues, "contrast_medium", "iodine_concentration")
    mu["contrast"] += iodine * concentration / 1000.0 / 10.0
    return mu


def probes(table: pd.DataFrame) -> dict[str, Probe]:
    out = {}
    for name, rows in table.groupby("probe", sort=False):
        value = dict(zip(rows["property"], rows["value"].astype(float)))
        out[name] = Probe(
            name=name, label=str(rows["label"].iloc[0]),
            centre_frequency_mhz=value["centre_frequency"] / 1e6,
            fractional_bandwidth=value["fractional_bandwidth"] / 100,
            elements=int(value["elements"]), pitch_mm=value["pitch"] * 1000,
            radius_mm=value.get("radius", 0.0) * 1000,
            depth_mm=100.0 if "radius" in value else 60.0,
            element_width_mm=value.get("element_width", 0.0) * 1000,
            element_height_mm=value.get("element_height", 0.0) * 1000,
            elevation_focus_mm=value.get("elevation_focus", 0.0) * 1000,
        )
    return out


#: Phantom dimension <- how it comes from data/anatomy.csv (its ``dimension`` key there).
FROM_ANATOMY = {
    "lamina_thickness": "lamina_thickness", "canal_ap": "canal_ap", "interpedicular_width": "canal_width",
    "body_width": "body_width", "body_depth": "body_depth", "body_height": "body_height",
    "pedicle_width": "pedicle_width", "pedicle_height": "pedicle_height",
    "transverse_process_length": "transverse_process_length", "facet_joint_space": "facet_joint_space",
    "epidural_depth": "epidural_depth", "nerve_root_diameter": "nerve_root_diameter",
    "artery_diameter": "artery_diameter",
}
#: The C-arm's oblique angle for each target: data/anatomy.csv rows ``oblique_view_angle`` whose
#: population names the procedure.
OBLIQUE_VIEW = {"facet": "facet", "medial_branch": "facet", "transforaminal": "transforaminal"}
BMI_POPULATION = {"normal": "BMI normal", "obese": "BMI obese"}


def anatomy_value(anatomy: pd.DataFrame, dimension: str, population: str | None = None) -> tuple[float, pd.Series]:
    """The model value of a dimension in millimetres (degrees for angles) and its row. A printed
    interval or range (``statistic`` "interval" or "range") is used at its midpoint. ``population``
    picks one of several model rows: an exact match, or for view angles a word of it."""
    rows = _model_rows(anatomy)
    rows = rows[rows["dimension"] == dimension]
    if population is not None:
        exact = rows[rows["population"] == population]
        rows = exact if len(exact) else rows[rows["population"].str.contains(population, regex=False)]
    if len(rows) != 1:
        raise KeyError(f"data/anatomy.csv needs exactly one model row for {dimension}"
                       f"{' (' + population + ')' if population else ''}, found {len(rows)}")
    row = rows.iloc[0]
    value = float(row["value"])
    if row["statistic"] in ("interval", "range") and pd.notna(row["value_high"]):
        value = (value + float(row["value_high"])) / 2
    unit = str(row["unit"]).strip()
    if unit in MM_PER:
        value *= MM_PER[unit]
    elif unit not in ("°", "degrees", "deg"):  # angles stay in degrees
        raise ValueError(f"data/anatomy.csv {dimension}: unit {unit!r} is neither a length nor an angle")
    return value, row


def dimensions(anatomy: pd.DataFrame, body: str) -> dict:
    """Every dimension the phantom needs for ``body`` ("normal" or "obese"), in millimetres.

    Depth comes from the skin-to-epidural distance measured in each BMI class: the lamina lies one
    lamina thickness above the epidural space, and the obese body's extra depth is fat."""
    dims = {name: value for name, (value, _) in SCHEMATIC_CHOICES.items()}
    for name, key in FROM_ANATOMY.items():
        dims[name], _ = anatomy_value(anatomy, key)
    normal, _ = anatomy_value(anatomy, "skin_to_epidural", BMI_POPULATION["normal"])
    here, _ = anatomy_value(anatomy, "skin_to_epidural", BMI_POPULATION[body])
    dims["skin_to_lamina"] = here - dims["lamina_thickness"]
    dims["subcutaneous_fat"] = SCHEMATIC_CHOICES["subcutaneous_fat"][0] + (here - normal)
    for target, word in OBLIQUE_VIEW.items():
        dims[f"oblique_view_angle_{target}"], _ = anatomy_value(anatomy, "oblique_view_angle", word)
    # The joint space is drawn along the facet view (the angle at which the C-arm sees it open); the
    # measured facet angle in the data states no reference line, so it is not used for drawing.
    dims["facet_angle"] = dims["oblique_view_angle_facet"]
    return dims


def source_labels(keys) -> dict[str, str]:
    """"First author year" for bibliography keys (the key itself when no author was captured)."""
    from pybtex.database import parse_file

    from spinebook.data import DATA_DIR

    entries = parse_file(str(DATA_DIR.parent / "book" / "references.bib")).entries
    labels = {}
    for key in keys:
        entry = entries.get(key)
        people = entry.persons.get("author", []) if entry else []
        name = " ".join(people[0].last_names).strip("{}") if people else ""
        if not name or name.startswith("[") or " not " in f" {name} ":
            title = str(entry.fields.get("title", key)).strip("{}") if entry else key
            name = title if len(title) <= 40 else title[:40].rsplit(" ", 1)[0] + "…"
        year = entry.fields.get("year", "") if entry else ""
        labels[key] = f"{name} {year}".strip()
    return labels


def dimension_table(anatomy: pd.DataFrame) -> pd.DataFrame:
    """Every phantom dimension, its value for each body, and where it comes from (a measured source
    or a drawn value and why): the table the page prints."""
    normal, obese = dimensions(anatomy, "normal"), dimensions(anatomy, "obese")
    rows = []

    def add(name, unit, where, key=""):
        rows.append({"dimension": f"{name.replace('_', ' ')} ({unit})", "normal BMI": normal[name], "obese": obese[name],
                     "from": where, "source": key})

    for name, key in FROM_ANATOMY.items():
        _, row = anatomy_value(anatomy, key)
        add(name, "mm", f"{row['structure']}, {row['level']} ({row['method']})", row["source_id"])
    add("skin_to_lamina", "mm", "skin-to-epidural depth by BMI class (L4–L5, MRI; interval midpoint) minus the lamina",
        anatomy_value(anatomy, "skin_to_epidural", BMI_POPULATION["normal"])[1]["source_id"])
    for target in ("facet", "transforaminal"):
        _, row = anatomy_value(anatomy, "oblique_view_angle", OBLIQUE_VIEW[target])
        add(f"oblique_view_angle_{target}", "°", f"C-arm oblique: {row['population']}", row["source_id"])
    for name, (_, why) in SCHEMATIC_CHOICES.items():
        add(name, "mm", why)
    table = pd.DataFrame(rows)
    labels = source_labels(sorted(set(table["source"]) - {""}))
    table["from"] = [f"{where} — {labels[key]}" if key else where for where, key in zip(table["from"], table["source"])]
    return table.drop(columns="source")


def tissue_table(tissues: pd.DataFrame) -> pd.DataFrame:
    """One row per phantom tissue: what stands in for it, its impedance, attenuation and X-ray μ,
    and the sources (the table the page prints)."""
    acoustic, mu = acoustics(tissues), linear_attenuation_per_mm(tissues)
    model_rows = _model_rows(tissues)
    rows = []
    for tissue, (sound, xray) in STAND_INS.items():
        keys = set(model_rows[model_rows["tissue"].isin([sound, xray])]["source_id"])
        if tissue == "contrast":
            keys |= set(model_rows[model_rows["tissue"].isin(["iodine", "contrast_medium"])]["source_id"])
        rows.append({"tissue": tissue, "acoustic values of": sound.replace("_", " "),
                     "impedance (MRayl)": acoustic.impedance[tissue],
                     "attenuation (dB/cm/MHz)": acoustic.attenuation[tissue] if tissue != "steel" else float("nan"),
                     "X-ray values of": xray.replace("_", " ") + (" + iodine" if tissue == "contrast" else ""),
                     f"μ at {XRAY_ENERGY} (1/cm)": mu[tissue] * 10, "sources": sorted(keys)})
    table = pd.DataFrame(rows)
    labels = source_labels(sorted(set().union(*table["sources"])))
    table["sources"] = table["sources"].map(lambda keys: "; ".join(labels[k] for k in keys))
    return table
