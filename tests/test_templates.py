"""Templates a team owns: the search path, exporting the built-ins, and checking edited copies.

Broken templates are made the way Word breaks them: a built-in template is copied and one
piece of its XML is edited inside the zip. Each check then has to name the template, the part
and the paragraph, in one line, and exit 1.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import example_path

from kit import cli, registry, templates
from kit.errors import UsageError
from kit.params import load

PROPOSAL = "proposal.docx"


def run_cli(capsys, *args: str) -> tuple[int, list[str], list[str]]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def builtin_proposal() -> Path:
    playbook = registry.get("proposal")
    return playbook.template_dir / PROPOSAL


def edited_copy(folder: Path, part: str, old: str, new: str) -> tuple[Path, str]:
    """The built-in proposal template with the first ``old`` in ``part`` replaced by ``new``;
    returns the copy and the edited part's XML."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / PROPOSAL
    with (
        zipfile.ZipFile(builtin_proposal()) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                text = data.decode("utf-8")
                assert old in text, f"{old!r} is no longer in the built-in {part}"
                edited = text.replace(old, new, 1)
                data = edited.encode("utf-8")
            copy.writestr(item, data)
    return target, edited


def paragraph_number(xml: str, marker: str) -> int:
    """The number of the paragraph holding ``marker``, counted as Word orders them."""
    return len(re.findall(r"<w:p[\s>/]", xml[: xml.index(marker)]))


@pytest.fixture
def only(monkeypatch):
    """Register only the named playbooks, so a check renders just their templates."""

    def restrict(*chosen: registry.Playbook) -> None:
        registered = {playbook.name: playbook for playbook in chosen}
        monkeypatch.setattr(registry, "playbooks", lambda: registered)

    return restrict


@pytest.fixture
def no_team_folders(monkeypatch):
    monkeypatch.delenv(templates.ENVIRONMENT_VARIABLE, raising=False)


# --- the search path -------------------------------------------------------------------------


def test_the_option_beats_the_environment_which_beats_the_builtin(
    tmp_path, monkeypatch, no_team_folders
):
    proposal = registry.get("proposal")
    option, environment = tmp_path / "option", tmp_path / "environment"
    for folder in (option, environment):
        folder.mkdir()
        (folder / PROPOSAL).write_bytes(builtin_proposal().read_bytes())
    assert templates.find(proposal, PROPOSAL) == builtin_proposal()
    monkeypatch.setenv(templates.ENVIRONMENT_VARIABLE, str(environment))
    assert templates.find(proposal, PROPOSAL) == environment / PROPOSAL
    assert templates.find(proposal, PROPOSAL, [option]) == option / PROPOSAL


def test_a_team_folder_without_the_template_falls_back_to_the_next(
    tmp_path, monkeypatch, no_team_folders
):
    empty, environment = tmp_path / "empty", tmp_path / "environment"
    empty.mkdir()
    environment.mkdir()
    (environment / PROPOSAL).write_bytes(builtin_proposal().read_bytes())
    monkeypatch.setenv(templates.ENVIRONMENT_VARIABLE, f"{empty}:{environment}")
    assert templates.find(registry.get("proposal"), PROPOSAL) == environment / PROPOSAL


def test_a_relative_environment_folder_is_refused(monkeypatch):
    monkeypatch.setenv(templates.ENVIRONMENT_VARIABLE, "brand")
    with pytest.raises(UsageError) as caught:
        templates.team_folders()
    assert str(caught.value) == "KIT_TEMPLATES: brand is a relative path; give absolute folders"


def test_run_with_a_missing_templates_folder_exits_2_before_a_kernel_starts(
    capsys, tmp_path, no_team_folders
):
    missing = tmp_path / "missing"
    out = tmp_path / "out"
    code, _, err = run_cli(
        capsys,
        "run",
        "proposal",
        "--params",
        str(example_path("saas-subscription.yaml")),
        "--out",
        str(out),
        "--templates",
        str(missing),
    )
    assert code == 2
    assert err == [f"error: {missing}: not a folder (from --templates)"]
    assert not out.exists()


def restyled(folder: Path, heading: str) -> None:
    """Export the built-in templates into ``folder`` and rename the proposal's first heading."""
    templates.export(folder)
    word = docx.Document(str(folder / PROPOSAL))
    first = next(p for p in word.paragraphs if p.style.name == "Heading 1")
    first.text = heading
    word.save(str(folder / PROPOSAL))


def headings(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 1"]


def test_kit_run_uses_the_option_before_the_environment(
    capsys, tmp_path, monkeypatch, no_team_folders
):
    option, environment = tmp_path / "option", tmp_path / "environment"
    restyled(option, "Our summary, restyled by the option's team")
    restyled(environment, "Our summary, restyled by the environment's team")
    monkeypatch.setenv(templates.ENVIRONMENT_VARIABLE, str(environment))
    params = example_path("saas-subscription.yaml")
    name = f"proposal-{load(params).id}.docx"

    code, _, err = run_cli(
        capsys, "run", "proposal", "--params", str(params), "--out", str(tmp_path / "a"),
        "--templates", str(option),
    )  # fmt: skip
    assert code == 0, err
    assert headings(tmp_path / "a" / name)[0] == "Our summary, restyled by the option's team"

    code, _, err = run_cli(
        capsys, "run", "proposal", "--params", str(params), "--out", str(tmp_path / "b")
    )
    assert code == 0, err
    assert headings(tmp_path / "b" / name)[0] == "Our summary, restyled by the environment's team"


# --- export ------------------------------------------------------------------------------------


def test_export_copies_every_registered_template_and_refuses_to_overwrite(capsys, tmp_path):
    folder = tmp_path / "ours"
    code, out, _ = run_cli(capsys, "templates", "export", str(folder))
    assert code == 0
    wanted = sorted({t for p in registry.playbooks().values() for t in p.templates})
    assert sorted(p.name for p in folder.iterdir()) == wanted
    assert out == [f"wrote {folder / name}" for name in wanted]

    (folder / PROPOSAL).write_bytes(b"our restyled copy")
    code, _, err = run_cli(capsys, "templates", "export", str(folder))
    assert code == 2
    assert err[0].startswith(f"error: {folder}: would overwrite ")
    assert err[0].endswith(" (use --force to replace them)")
    assert (folder / PROPOSAL).read_bytes() == b"our restyled copy"

    code, _, _ = run_cli(capsys, "templates", "export", str(folder), "--force")
    assert code == 0
    assert (folder / PROPOSAL).read_bytes() == builtin_proposal().read_bytes()


# --- check -------------------------------------------------------------------------------------


def test_the_builtin_templates_pass(capsys, no_team_folders):
    code, out, err = run_cli(capsys, "templates", "check")
    assert (code, err) == (0, [])
    wanted = [t for p in registry.playbooks().values() for t in p.templates]
    assert out == [f"{len(wanted)} template(s) ok: {', '.join(wanted)}"]


def test_an_unknown_nested_variable_is_reported_with_its_place(
    capsys, tmp_path, only, no_team_folders
):
    only(registry.get("proposal"))
    path, xml = edited_copy(
        tmp_path / "ours", "word/document.xml", "{{ doc.customer }}", "{{ doc.customer_nam }}"
    )
    number = paragraph_number(xml, "{{ doc.customer_nam }}")
    code, out, err = run_cli(capsys, "templates", "check", str(tmp_path / "ours"))
    assert (code, out) == (1, [])
    assert err == [
        f"error: {path}: word/document.xml: paragraph {number}: unknown variable "
        "doc.customer_nam; rendering would fail"
    ]


def test_an_unknown_variable_inside_a_table_loop_is_reported(
    capsys, tmp_path, only, no_team_folders
):
    only(registry.get("proposal"))
    path, xml = edited_copy(
        tmp_path / "ours", "word/document.xml", "{{ row.theme }}", "{{ row.themes }}"
    )
    number = paragraph_number(xml, "{{ row.themes }}")
    code, _, err = run_cli(capsys, "templates", "check", str(tmp_path / "ours"))
    assert code == 1
    assert err == [
        f"error: {path}: word/document.xml: paragraph {number}: unknown variable row.themes;"
        " rendering would fail"
    ]


def test_an_unknown_variable_in_the_header_is_reported(capsys, tmp_path, only, no_team_folders):
    only(registry.get("proposal"))
    path, _ = edited_copy(tmp_path / "ours", "word/header1.xml", "{{ doc.title }}", "{{ title }}")
    code, _, err = run_cli(capsys, "templates", "check", str(tmp_path / "ours"))
    assert code == 1
    assert err == [
        f"error: {path}: word/header1.xml: paragraph 1: unknown variable title;"
        " rendering would fail"
    ]


def test_a_tag_split_across_two_paragraphs_is_reported_in_both(
    capsys, tmp_path, only, no_team_folders
):
    only(registry.get("proposal"))
    old = "<w:t>{{ summary.problem }}</w:t></w:r></w:p>"
    new = "<w:t>{{ summary.</w:t></w:r></w:p><w:p><w:r><w:t>problem }}</w:t></w:r></w:p>"
    path, xml = edited_copy(tmp_path / "ours", "word/document.xml", old, new)
    first = paragraph_number(xml, "{{ summary.</w:t>")
    before = re.sub(r"<[^>]+>", "", xml[: xml.index("{{ summary.</w:t>")].rsplit("<w:p>", 1)[1])
    code, _, err = run_cli(capsys, "templates", "check", str(tmp_path / "ours"))
    assert code == 1
    split = "a tag opens or closes here but not both; Word may have split it across paragraphs"
    assert err == [
        f"error: {path}: word/document.xml: paragraph {first} ('{before}{{{{ summary.'): {split}",
        f"error: {path}: word/document.xml: paragraph {first + 1} ('problem }}}}'): {split}",
    ]


def test_spaced_braces_are_reported(capsys, tmp_path, only, no_team_folders):
    only(registry.get("proposal"))
    path, _ = edited_copy(
        tmp_path / "ours", "word/header1.xml", "{{ doc.title }}", "{ { doc.title }}"
    )
    code, _, err = run_cli(capsys, "templates", "check", str(tmp_path / "ours"))
    assert code == 1
    header = docx.Document(str(builtin_proposal())).sections[0].header.paragraphs[0].text
    shown = header.replace("{{ doc.title }}", "{ { doc.title }}")
    assert err == [
        f"error: {path}: word/header1.xml: paragraph 1 ({shown!r}): a tag has a space between"
        " its braces ('{ {' or '% }')"
    ]


def test_typographic_quotes_inside_a_tag_are_reported(capsys, tmp_path, only, no_team_folders):
    only(registry.get("proposal"))
    path, _ = edited_copy(
        tmp_path / "ours",
        "word/header1.xml",
        "{{ doc.title }}",
        "{{ doc.title or \N{LEFT DOUBLE QUOTATION MARK}Proposal\N{RIGHT DOUBLE QUOTATION MARK} }}",
    )
    code, _, err = run_cli(capsys, "templates", "check", str(tmp_path / "ours"))
    assert code == 1
    assert len(err) == 1
    assert err[0].startswith(f"error: {path}: word/header1.xml: paragraph 1 (")
    assert err[0].endswith(
        ": a tag holds typographic quotes; Word's AutoFormat replaced straight quotes, which the"
        " template language needs"
    )


@pytest.mark.parametrize("part", ["word/header1.xml", "word/styles.xml"])
def test_malformed_xml_is_one_line_with_part_line_and_column(
    capsys, tmp_path, only, no_team_folders, part
):
    only(registry.get("proposal"))
    xml = zipfile.ZipFile(builtin_proposal()).read(part).decode("utf-8")
    opening = re.search(r"<(w:[A-Za-z]+)[ >]", xml.split("\n", 1)[1]).group(1)
    closing = f"</{opening}>"
    path, edited = edited_copy(tmp_path / "ours", part, closing, f"</{opening}x>")
    line = edited.split("\n")[1]
    column = line.index(f"</{opening}x>") + len(f"</{opening}x>") + 1
    code, _, err = run_cli(capsys, "templates", "check", str(tmp_path / "ours"))
    assert code == 1
    assert err == [
        f"error: {path}: {part}: line 2, column {column}: malformed XML (Opening and ending tag"
        f" mismatch: {opening.split(':')[1]} line 2 and {opening.split(':')[1]}x)"
    ]


def test_a_registered_template_that_exists_nowhere_is_reported(capsys, tmp_path, only, monkeypatch):
    team = tmp_path / "team"
    team.mkdir()
    monkeypatch.setenv(templates.ENVIRONMENT_VARIABLE, str(team))
    gone = tmp_path / "gone"
    proposal = dataclasses.replace(registry.get("proposal"), template_dir=gone)
    only(proposal)
    code, out, err = run_cli(capsys, "templates", "check")
    assert (code, out) == (1, [])
    assert err == [
        *(
            f"error: {name}: template of playbook proposal not found in {team}, {gone}"
            for name in proposal.templates
        ),
        "error: no template was checked",
    ]


def test_a_team_folder_without_some_templates_is_fine(capsys, tmp_path, only, monkeypatch):
    team = tmp_path / "team"
    team.mkdir()
    monkeypatch.setenv(templates.ENVIRONMENT_VARIABLE, str(team))
    proposal = registry.get("proposal")
    only(proposal)
    code, out, err = run_cli(capsys, "templates", "check")
    assert (code, err) == (0, [])
    assert out == [f"{len(proposal.templates)} template(s) ok: {', '.join(proposal.templates)}"]


def test_a_stray_template_and_a_missing_folder_are_reported(
    capsys, tmp_path, only, no_team_folders
):
    only(registry.get("proposal"))
    team = tmp_path / "team"
    team.mkdir()
    docx.Document().save(str(team / "invoice.docx"))
    (team / f"~${PROPOSAL}").write_bytes(b"Word's lock file while the copy is open")
    missing = tmp_path / "missing"
    code, _, err = run_cli(capsys, "templates", "check", str(team), str(missing))
    assert code == 1
    assert err == [
        f"error: {missing}: not a folder (from the command line)",
        f"error: {team / 'invoice.docx'}: no registered playbook uses a template of this name",
    ]


def test_nothing_to_check_is_never_a_pass(capsys, only, no_team_folders):
    only(dataclasses.replace(registry.get("proposal"), documents=()))
    code, out, err = run_cli(capsys, "templates", "check")
    assert (code, out, err) == (1, [], ["error: no template was checked"])


def test_two_playbooks_bringing_one_template_name_are_reported(
    capsys, tmp_path, only, no_team_folders
):
    proposal = registry.get("proposal")
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / PROPOSAL).write_bytes(builtin_proposal().read_bytes())
    twin = dataclasses.replace(
        proposal, name="proposal_twin", template_dir=theirs, documents=proposal.documents[:1]
    )
    only(proposal, twin)
    code, _, err = run_cli(capsys, "templates", "check")
    assert code == 1
    assert err == [
        f"error: {PROPOSAL}: playbooks proposal, proposal_twin each bring a template of this"
        " name; a team's copy would replace all of them"
    ]


def test_a_file_that_is_not_a_docx_is_one_line(capsys, tmp_path, only, no_team_folders):
    only(registry.get("proposal"))
    (tmp_path / PROPOSAL).write_bytes(b"not a zip file")
    code, _, err = run_cli(capsys, "templates", "check", str(tmp_path))
    assert code == 1
    assert err == [
        f"error: {tmp_path / PROPOSAL}: not a readable .docx file (File is not a zip file)"
    ]
