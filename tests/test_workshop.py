"""The shared workshop machinery, in-process: what the browser test found, pinned where it is
cheap to check (money in HTML, the rerun note, a bad file's lines, the form's message line).

The browser test (tests/test_browser.py) shows the same behaviour in JupyterLab itself; these
tests keep it from regressing on machines without Chromium.
"""

from __future__ import annotations

import html
import re

import pytest
from conftest import example_data, write_yaml

from kit import cli
from kit.errors import ParamsError
from kit.notebook import Workshop
from kit.tables import DOLLAR, Lines, Table, right

SAAS = "saas-subscription.yaml"


def shown_text(markup: str) -> str:
    """The text a browser shows for ``markup``: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.fixture
def session(tmp_path, monkeypatch) -> Workshop:
    """A proposal workshop on a private copy of the SaaS example, its form built."""
    monkeypatch.setattr(Workshop, "_open", {})
    source = write_yaml(tmp_path, example_data(SAAS), "deal.yaml")
    workshop = Workshop.open("proposal", source, tmp_path / "out")
    workshop.form  # noqa: B018 - builds the form, as the notebook's form cell does
    return workshop


def test_every_dollar_sign_in_html_sits_where_mathjax_cannot_pair_it() -> None:
    line = "Forward: 19.6 wins = $1,176,000.00, short by $24,000.00"
    table = Table(
        ["Item", right("Amount ($)")],
        [["Seats <20>", "$1,068.00"]],
        title="Prices in $",
        notes=["$ is the US dollar"],
    )
    for block, text in [
        (Lines([line]), line),
        (table, "Prices in $ItemAmount ($)Seats <20>$1,068.00$ is the US dollar"),
    ]:
        markup = block._repr_html_()
        assert "$" not in markup.replace(DOLLAR, "")
        assert shown_text(markup) == text


def test_a_rerun_keeps_the_edits_and_says_whether_they_are_saved(session, tmp_path) -> None:
    session._form.apply(("pricing", "subscription", "quantity"), 40)
    assert session._kept_note(session.source) == (
        "Kept the form's edits to deal.yaml (1 field: pricing.subscription.quantity); they are"
        " not saved. Press 'Reset to file' to go back to the file, or 'Save parameters' to keep"
        " them."
    )
    session.save(tmp_path / "forty.yaml")
    assert session._kept_note(session.source) == (
        "Kept the form's edits to deal.yaml (1 field: pricing.subscription.quantity), saved as"
        " forty.yaml. Press 'Reset to file' to go back to the file."
    )
    session._form.apply(("pricing", "term_months"), 36)
    assert "2 fields" in session._kept_note(session.source)
    assert "they are not saved" in session._kept_note(session.source)


def test_a_bad_file_reads_in_a_notebook_as_kit_check_prints_it(
    tmp_path, monkeypatch, capsys
) -> None:
    data = example_data(SAAS)
    data["locale"] = "xx_YY"
    data["requirements"][0]["priority"] = "urgent"
    write_yaml(tmp_path, data, "broken.yaml")
    (tmp_path / "playbooks").mkdir()
    monkeypatch.chdir(tmp_path / "playbooks")  # where a notebook runs
    monkeypatch.setattr(Workshop, "_open", {})
    assert cli.main(["check", "../broken.yaml"]) == 2
    printed = capsys.readouterr().err.splitlines()
    with pytest.raises(ParamsError) as raised:
        Workshop.open("qualify", "../broken.yaml")
    assert raised.value._render_traceback_() == printed
    assert printed == [
        "error: ../broken.yaml: locale: 'xx_YY' is not a locale Babel knows; use a code like en_GB",
        "error: ../broken.yaml: requirements[0].priority: Input should be 'must', 'should' or"
        " 'could' (got 'urgent')",
    ]


def test_the_form_lists_written_documents_as_an_output_with_download_links(
    session, monkeypatch
) -> None:
    monkeypatch.chdir(session.source.parent)
    session._form.apply(("pricing", "subscription", "quantity"), 40)
    session._form._write()
    [output] = session._form._message.outputs
    stem = "proposal-mueller-soen-support-automation"
    assert output["data"]["text/plain"].splitlines() == [
        f"wrote {stem}-workshop.docx",
        f"wrote {stem}-internal-workshop.docx",
    ]
    links = re.findall(r"<a href='([^']*)' download>([^<]*)</a>", output["data"]["text/html"])
    assert links == [
        (f"out/{stem}-workshop.docx", f"{stem}-workshop.docx"),
        (f"out/{stem}-internal-workshop.docx", f"{stem}-internal-workshop.docx"),
    ]
