"""Reader-facing names for the codes of the dataset's controlled vocabularies (one place for all
chapters). The codes themselves are defined, as enums, in data/datapackage.json."""

PROCEDURE_FAMILY_LABELS = {
    "injection_epidural": "Epidural injection",
    "facet_mbb": "Facet joint / medial branch",
    "sij": "Sacroiliac joint",
    "nerve_root": "Nerve root block",
    "ablation": "Radiofrequency ablation",
    "disc": "Disc block",
    "endoscopic": "Endoscopic discectomy",
    "mixed": "Mixed spinal procedures",
    "other": "Other",
}
