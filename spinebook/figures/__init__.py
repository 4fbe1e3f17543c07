"""Pure figure builders: DataFrame(s) + options -> plotly Figure. They never load data."""
