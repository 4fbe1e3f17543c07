"""Chapter 1 explorers: the burden of low back pain — over time, by age, by place, and by risk factor.

Each state's figure is built once and kept by the Explorer itself (spinebook.widgets)."""

from spinebook.figures.burden import (RISK_VIEWS, burden_by_age_figure, burden_by_place_figure, burden_trend_figure,
                                      risk_factor_figure)
from spinebook.widgets import Control, Explorer

MEASURES = [("Prevalence", "prevalence"), ("Incidence", "incidence"), ("YLDs", "yld"), ("DALYs", "dalys")]
METRICS = [("Number", "count"), ("Age-standardized rate", "rate_age_standardized")]
ROUNDS = [("GBD 2021", "GBD 2021"), ("GBD 2019", "GBD 2019")]


def trend(data) -> Explorer:
    """Burden over time, one line per GBD round and source: measure x metric."""
    burden = data["burden"]
    return Explorer(
        lambda measure, metric: burden_trend_figure(burden, measure, metric),
        [Control("measure", "Measure", MEASURES, "buttons"), Control("metric", "Metric", METRICS, "buttons")],
        title="Burden of low back pain over time",
    )


def by_age(data) -> Explorer:
    """Who carries it (1): global counts by age band, per measure."""
    burden = data["burden"]
    return Explorer(
        lambda measure: burden_by_age_figure(burden, measure),
        [Control("measure", "Measure", MEASURES, "buttons")],
        title="Low back pain by age",
    )


def by_place(data) -> Explorer:
    """Who carries it (2): age-standardized rates by place, one GBD round at a time."""
    burden = data["burden"]
    return Explorer(
        lambda measure, gbd_round: burden_by_place_figure(burden, measure, gbd_round),
        [Control("measure", "Measure", MEASURES, "buttons"), Control("gbd_round", "GBD round", ROUNDS, "buttons")],
        title="Low back pain by place",
    )


def risk_factors(data) -> Explorer:
    """What drives it: burden attributable to occupational ergonomic factors, smoking and high BMI."""
    table = data["risk_factors"]
    return Explorer(
        lambda view: risk_factor_figure(table, view),
        [Control("view", "Show", [(label, key) for key, label in RISK_VIEWS.items()], "buttons")],
        title="Attributable risk factors",
    )
