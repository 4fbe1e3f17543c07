"""Sphinx extension: self-check quizzes that work in the static book (no kernel, no script).

In a chapter (a markdown cell)::

    ```{quiz} Why did the number of people with low back pain rise while the age-standardized rate fell?
    - [x] The population grew and aged. | Right: counts follow the population; rates remove its growth and ageing.
    - [ ] GBD changed its methods in 2021. | No: both numbers come from the same GBD round.
    ```

Each option is an HTML ``<details>`` element: the reader clicks (or presses Enter on) an option to
reveal whether it is right and why. Feedback is given per option; nothing is scored or sent.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst import Directive, directives

OPTION = re.compile(r"^\s*[-*]\s*\[(?P<mark>[ xX])\]\s*(?P<text>.+?)\s*\|\s*(?P<feedback>.+?)\s*$")


class quiz_details(nodes.General, nodes.Element):
    pass


class quiz_summary(nodes.General, nodes.TextElement):
    pass


def _visit_details(self, node):
    self.body.append(self.starttag(node, "details", CLASS=" ".join(node["classes"])))


def _depart_details(self, node):
    self.body.append("</details>\n")


def _visit_summary(self, node):
    self.body.append(self.starttag(node, "summary", ""))


def _depart_summary(self, node):
    self.body.append("</summary>\n")


class QuizDirective(Directive):
    """A multiple-choice question with feedback for every option."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"class": directives.class_option}

    def run(self):
        options = [OPTION.match(line) for line in self.content if line.strip()]
        bad = [line for line, match in zip([l for l in self.content if l.strip()], options) if match is None]
        if bad or not options:
            raise self.error(
                f"quiz: every line must look like '- [x] option | feedback' (or '[ ]' for a wrong option); got {bad[:1] or 'no options'}"
            )
        if not any(match["mark"].lower() == "x" for match in options):
            raise self.error("quiz: mark at least one option as right with [x]")

        box = nodes.container(classes=["sb-quiz"] + self.options.get("class", []))
        question = nodes.paragraph(classes=["sb-quiz-question"])
        question += self.state.inline_text(self.arguments[0], self.lineno)[0]
        box += question
        for letter, match in zip("ABCDEFGHIJ", options):
            right = match["mark"].lower() == "x"
            details = quiz_details(classes=["sb-quiz-option", "sb-right" if right else "sb-wrong"])
            summary = quiz_summary()
            summary += nodes.inline(text=f"{letter}. ")
            summary += self.state.inline_text(match["text"], self.lineno)[0]
            details += summary
            feedback = nodes.paragraph(classes=["sb-quiz-feedback"])
            feedback += nodes.strong(text="Right. " if right else "Not quite. ")
            feedback += self.state.inline_text(match["feedback"], self.lineno)[0]
            details += feedback
            box += details
        return [box]


def setup(app):
    app.add_node(quiz_details, html=(_visit_details, _depart_details),
                 latex=(lambda s, n: None, lambda s, n: None), text=(lambda s, n: None, lambda s, n: None))
    app.add_node(quiz_summary, html=(_visit_summary, _depart_summary),
                 latex=(lambda s, n: None, lambda s, n: None), text=(lambda s, n: None, lambda s, n: None))
    app.add_directive("quiz", QuizDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
