"""spinebook: data, statistics, figures and explorers for the book
*Ultrasound or Fluoroscopy? Image guidance for interventional back-pain treatment*.

Data flows one way: ``data`` -> ``meta`` -> ``figures`` -> ``widgets`` -> notebooks.
"""

__version__ = "0.1.0"

from spinebook import display as _display

_display.configure()
