"""The output folder: a build writes only into a folder it owns and replaces only what it wrote."""

from __future__ import annotations

from pathlib import Path

from graph.store import MANIFEST, MARKER

from .conftest import MINI


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_out_naming_a_file_is_a_clear_error(invoke, tmp_path: Path):
    target = tmp_path / "notes.txt"
    target.write_text("a curator's notes\n")
    result = invoke("build", "--data", MINI, "--out", target, "-q")
    assert result.exit_code == 2
    assert result.stderr == (f"error: --out {target} is a file; the build writes a folder of files: "
                             "give a folder's name\n")
    assert target.read_text() == "a curator's notes\n"

    inside = invoke("build", "--data", MINI, "--out", target / "out", "-q")
    assert inside.exit_code == 2 and f"is inside {target}, which is a file" in inside.stderr


def test_a_folder_of_foreign_files_is_refused_and_left_untouched(invoke, tmp_path: Path):
    out = tmp_path / "mine"
    (out / "store").mkdir(parents=True)
    (out / "store" / "keep.txt").write_text("not cjkg's\n")
    (out / "cjkg.nt").write_text("also not cjkg's\n")
    before = _tree(out)
    result = invoke("build", "--data", MINI, "--out", out, "-q")
    assert result.exit_code == 2
    assert f"--out {out} already holds files that cjkg did not write (cjkg.nt, store)" in result.stderr
    assert _tree(out) == before and not (out / ".cache").exists()


def test_a_new_or_empty_folder_is_taken_and_marked(invoke, tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (empty, tmp_path / "new" / "deeper"):
        assert invoke("build", "--data", MINI, "--out", out, "-q").exit_code == 0
        assert (out / MARKER).is_file() and (out / MANIFEST).is_file()


def test_a_build_from_before_the_marker_is_recognised_by_its_manifest(invoke, tmp_path: Path):
    out = tmp_path / "out"
    assert invoke("build", "--data", MINI, "--out", out, "-q").exit_code == 0
    (out / MARKER).unlink()
    assert invoke("build", "--data", MINI, "--out", out, "-q", "--full").exit_code == 0
    assert (out / MARKER).is_file()


def test_a_build_replaces_only_what_it_wrote(invoke, tmp_path: Path):
    out = tmp_path / "out"
    assert invoke("build", "--data", MINI, "--out", out, "-q").exit_code == 0
    (out / "my-notes.md").write_text("kept\n")
    assert invoke("build", "--data", MINI, "--out", out, "-q", "--full").exit_code == 0
    assert (out / "my-notes.md").read_text() == "kept\n"
