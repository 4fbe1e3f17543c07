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

# Follow-up timepoints of outcomes.csv / pooled.csv as a reader says them (codes not listed are
# free text from the source and are shown as printed).
TIMEPOINT_LABELS = {
    "immediate": "immediately after", "48h": "at 48 hours", "1w": "at 1 week", "2w": "at 2 weeks",
    "3w": "at 3 weeks", "1m": "at 1 month", "2m": "at 2 months", "3m": "at 3 months", "6m": "at 6 months",
    "12m": "at 12 months", "final": "at final follow-up", "procedure": "during the procedure",
    "unspecified": "timepoint not stated in the source",
}
