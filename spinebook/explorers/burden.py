"""Chapter 1 explorers: the burden of low back pain."""

from spinebook.figures.burden import burden_trend_figure
from spinebook.widgets import Control, Explorer

MEASURES = [("Prevalence", "prevalence"), ("Incidence", "incidence"), ("YLDs", "yld"), ("DALYs", "dalys")]
METRICS = [("Number of people or years", "count"), ("Age-standardized rate", "rate_age_standardized")]


def trend(data) -> Explorer:
    """Burden over time, one line per GBD round and source: measure x metric."""
    burden = data["burden"]
    return Explorer(
        lambda measure, metric: burden_trend_figure(burden, measure, metric),
        [Control("measure", "Measure", MEASURES, "buttons"), Control("metric", "Metric", METRICS, "buttons")],
        title="Burden of low back pain over time",
    )
