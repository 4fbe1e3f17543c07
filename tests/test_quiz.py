"""The quiz directive renders one <details> per option with its feedback, and rejects bad input."""

import io

from sphinx.application import Sphinx


def build_page(tmp_path, body: str):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("extensions = ['myst_parser', 'spinebook.sphinx_quiz']\n")
    (src / "index.md").write_text("# Page\n\n" + body)
    warnings = io.StringIO()
    app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html",
                 status=None, warning=warnings, freshenv=True)
    app.build()
    return (tmp_path / "out" / "index.html").read_text(), warnings.getvalue()


QUIZ = """```{quiz} Which is right?
- [ ] Wrong option | Because it is wrong.
- [x] Right *option* | Because it is right.
```
"""


def test_quiz_renders_an_option_per_details_with_feedback(tmp_path):
    html, _ = build_page(tmp_path, QUIZ)
    assert html.count('<details class="sb-quiz-option') == 2
    assert '<details class="sb-quiz-option sb-right">' in html
    assert "<summary>" in html and "B. " in html and "<em>option</em>" in html
    assert "Not quite. </strong>Because it is wrong." in html
    assert "Right. </strong>Because it is right." in html


def test_quiz_without_a_right_option_is_an_error(tmp_path):
    html, warnings = build_page(tmp_path, QUIZ.replace("[x]", "[ ]"))
    assert "sb-quiz-option" not in html
    assert "quiz: mark at least one option as right with [x]" in warnings


def test_quiz_line_without_feedback_is_an_error(tmp_path):
    html, warnings = build_page(tmp_path, QUIZ.replace(" | Because it is wrong.", ""))
    assert "sb-quiz-option" not in html
    assert "every line must look like '- [x] option | feedback'" in warnings
