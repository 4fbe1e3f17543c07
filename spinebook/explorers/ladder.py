"""Chapter 2 explorers: the treatment ladder, by guideline and population."""

from spinebook.figures.ladder import (GUIDELINE_ORDER, POPULATIONS, agreement_figure, ladder_figure, ladder_table,
                                      rows_for)
from spinebook.widgets import Control, Explorer

POPULATION_OPTIONS = [(label, name) for name, label in POPULATIONS.items()]


def by_guideline(data) -> Explorer:
    """The ladder one guideline gives for one population (acute, chronic, sciatica)."""
    table = ladder_table(data["ladder"])
    tallest = max(len(rows_for(table, p, g)) for g in GUIDELINE_ORDER for p in POPULATIONS)
    height = 160 + 30 * tallest
    return Explorer(
        lambda guideline, population: ladder_figure(table, guideline, population, height=height),
        [Control("guideline", "Guideline", GUIDELINE_ORDER, "buttons"),
         Control("population", "Population", POPULATION_OPTIONS, "buttons")],
        title="The treatment ladder by guideline",
    )


def agreement(data) -> Explorer:
    """Treatment (or contested question) x guideline: where the guidelines agree and where they do not."""
    table = ladder_table(data["ladder"])
    return Explorer(
        lambda rows, population: agreement_figure(table, rows, population),
        [Control("rows", "Rows", [("The editorial's treatments", "treatments"), ("Contested questions", "questions")], "buttons"),
         Control("population", "Population", [("Any", "any")] + POPULATION_OPTIONS, "buttons")],
        title="Do the guidelines agree?",
    )
