"""Tamper tests: 100 random alterations of a real pack are all detected; an intact pack verifies,
also with the verify_pack.py shipped inside it, run with ``python -I`` (standard library only)."""

from __future__ import annotations

import contextlib
import json
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from supplychain.evidence.chain import GENESIS, entry_hash
from supplychain.evidence.verify import (
    ALTERED,
    INTACT,
    MANIFEST,
    UNREADABLE,
    manifest_bytes,
    verify_pack,
)
from tests.unit.evidence.packs import KEY, build, members, reseal, rewrite

AUDIT = "audit/audit_trail.jsonl"
TRIALS = 100
Change = Callable[[dict[str, bytes]], str]


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out, _ = build(tmp_path_factory.mktemp("tamper"))
    return out


def run_shipped(
    pack: Path, workdir: Path, *args: str, script_from: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Extract verify_pack.py from a pack and run it isolated, from an empty directory: -I (no
    environment, no script folder on the path) and -S (no site module, so no site-packages)."""
    script = workdir / "script" / "verify_pack.py"
    script.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(script_from or pack) as zf:
        script.write_bytes(zf.read("verify_pack.py"))
    empty = workdir / "empty"
    empty.mkdir(exist_ok=True)
    assert not any(empty.iterdir())
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(script), str(pack), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=empty,
        env={},
        check=False,
    )
    assert not any(empty.iterdir()), "the checker leaves nothing behind"
    return done


def flip_byte(rng: random.Random) -> Change:
    def change(files: dict[str, bytes]) -> str:
        name = rng.choice(sorted(files))
        data = bytearray(files[name])
        at = rng.randrange(len(data))
        data[at] = (data[at] + rng.randrange(1, 256)) % 256
        files[name] = bytes(data)
        return name

    return change


def _lines(files: dict[str, bytes]) -> list[bytes]:
    return files[AUDIT].splitlines(keepends=True)


def edit_rows(rng: random.Random, sealed: bool, how: str) -> Change:
    """Delete one audit row or swap two; ``sealed`` also fixes the manifest's hash of the file."""

    def change(files: dict[str, bytes]) -> str:
        lines = _lines(files)
        if how == "delete":
            del lines[rng.randrange(len(lines))]
        else:
            i, j = rng.sample(range(len(lines)), 2)
            lines[i], lines[j] = lines[j], lines[i]
        files[AUDIT] = b"".join(lines)
        if sealed:
            reseal(files, AUDIT)
        return AUDIT

    return change


def replace_upload(rng: random.Random, sealed: bool) -> Change:
    def change(files: dict[str, bytes]) -> str:
        name = rng.choice([n for n in sorted(files) if n.startswith("uploads/")])
        noise = rng.randbytes(8).hex().encode()
        files[name] = b"Supplier Name,Country\nInnocent Trading Ltd,DE\n" + noise
        if sealed:
            reseal(files, name)
        return name

    return change


def drop_last_row_and_move_head(rng: random.Random) -> Change:
    """The strongest attack without the key: cut the trail's end and fix every hash in sight."""

    def change(files: dict[str, bytes]) -> str:
        lines = _lines(files)[:-1]
        files[AUDIT] = b"".join(lines)
        reseal(files, AUDIT)
        manifest = json.loads(files[MANIFEST])
        last = json.loads(lines[-1])
        manifest["audit_chain"].update(
            entries=len(lines), head_seq=last["seq"], head_hash=last["hash"]
        )
        files[MANIFEST] = manifest_bytes(manifest)
        return MANIFEST

    return change


def noting(change: Change, touched: list[str]) -> Callable[[dict[str, bytes]], None]:
    return lambda files: touched.append(change(files))


def alteration(rng: random.Random) -> Change:
    kind = rng.randrange(8)
    sealed = rng.random() < 0.5
    return [
        flip_byte(rng),
        flip_byte(rng),
        flip_byte(rng),
        edit_rows(rng, sealed, "delete"),
        edit_rows(rng, sealed, "swap"),
        replace_upload(rng, sealed),
        drop_last_row_and_move_head(rng),
        replace_upload(rng, True),
    ][kind]


def test_untouched_pack_verifies_in_process_and_with_the_shipped_script(
    pack: Path, tmp_path: Path
) -> None:
    outcome = verify_pack(pack, KEY)
    assert outcome.status == INTACT, outcome.message
    assert "The manifest's HMAC matches the key." in outcome.notes
    done = run_shipped(pack, tmp_path)
    assert done.returncode == INTACT, done.stderr
    assert done.stdout.startswith("INTACT:")
    key_file = tmp_path / "key.txt"
    key_file.write_bytes(KEY + b"\n")
    keyed = run_shipped(pack, tmp_path, "--key", str(key_file))
    assert keyed.returncode == INTACT and "HMAC matches" in keyed.stdout, keyed.stderr
    key_file.write_bytes(b"another key")
    wrong = run_shipped(pack, tmp_path, "--key", str(key_file))
    assert wrong.returncode == ALTERED and "HMAC does not match" in wrong.stderr


def test_the_shipped_script_imports_only_the_standard_library(pack: Path) -> None:
    source = members(pack)["verify_pack.py"].decode()
    imported = {
        line.split()[1].split(".")[0]
        for line in source.splitlines()
        if line.startswith(("import ", "from "))
    }
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported


def test_a_hundred_random_alterations_are_all_detected(pack: Path, tmp_path: Path) -> None:
    rng = random.Random(20260331)
    missed, outcomes = [], []
    for trial in range(TRIALS):
        change = alteration(rng)
        touched: list[str] = []
        altered = rewrite(pack, tmp_path / f"t{trial}.zip", noting(change, touched))
        outcome = verify_pack(altered, KEY)
        outcomes.append(outcome.status)
        if outcome.status != ALTERED:
            missed.append((trial, touched, outcome.message))
        if trial % 10 == 0:  # the shipped script gives the same answer
            shipped = run_shipped(altered, tmp_path, "--key", str(_key(tmp_path)))
            assert shipped.returncode == outcome.status, shipped.stderr
    assert missed == [], missed
    assert outcomes.count(ALTERED) == TRIALS


def _key(tmp_path: Path) -> Path:
    path = tmp_path / "key.bin"
    path.write_bytes(KEY)
    return path


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("evidence-workbook.xlsx", "evidence-workbook.xlsx was altered"),
        ("uploads/1.csv", "uploads/1.csv was altered"),
        ("README.txt", "README.txt was altered"),
        ("verify_pack.py", "verify_pack.py was altered"),
    ],
)
def test_a_changed_file_is_named(pack: Path, tmp_path: Path, target: str, expected: str) -> None:
    def change(files: dict[str, bytes]) -> None:
        files[target] = files[target][:-1] + bytes([files[target][-1] ^ 1])

    outcome = verify_pack(rewrite(pack, tmp_path / "x.zip", change), KEY)
    assert outcome.status == ALTERED and expected in outcome.message


def test_deleted_and_swapped_rows_are_named_even_when_the_manifest_is_resealed(
    pack: Path, tmp_path: Path
) -> None:
    rng = random.Random(1)
    deleted = verify_pack(rewrite(pack, tmp_path / "d.zip", edit_rows(rng, True, "delete")), KEY)
    swapped = verify_pack(rewrite(pack, tmp_path / "s.zip", edit_rows(rng, True, "swap")), KEY)
    assert deleted.status == swapped.status == ALTERED
    assert "audit entry" in deleted.message and "missing or out of order" in deleted.message
    assert "audit entry" in swapped.message


def test_a_replaced_upload_is_caught_by_the_audit_trail_without_any_key(
    pack: Path, tmp_path: Path
) -> None:
    def change(files: dict[str, bytes]) -> None:
        files["uploads/2.csv"] = b"Supplier Name,Country\nClean Ltd,DE\n"
        reseal(files, "uploads/2.csv")

    outcome = verify_pack(rewrite(pack, tmp_path / "u.zip", change), None)
    assert outcome.status == ALTERED
    assert "uploads/2.csv is not the file that was uploaded" in outcome.message


def test_an_extra_or_missing_file_is_named(pack: Path, tmp_path: Path) -> None:
    extra = verify_pack(rewrite(pack, tmp_path / "e.zip", lambda f: f.update({"x.txt": b"x"})))
    gone = verify_pack(rewrite(pack, tmp_path / "g.zip", lambda f: f.pop("README.txt")))
    assert extra.status == gone.status == ALTERED
    assert "x.txt is in the pack but not listed" in extra.message
    assert "README.txt is listed in manifest.json but missing" in gone.message


def test_unreadable_files_exit_2(tmp_path: Path, pack: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip at all")
    assert verify_pack(junk).status == UNREADABLE
    assert verify_pack(tmp_path / "missing.zip").status == UNREADABLE
    bare = rewrite(pack, tmp_path / "bare.zip", lambda f: f.pop(MANIFEST))
    assert verify_pack(bare).status == UNREADABLE
    assert run_shipped(junk, tmp_path, script_from=pack).returncode == UNREADABLE
    done = run_shipped(pack, tmp_path, "--key", str(tmp_path / "no-such-key"))
    assert done.returncode == UNREADABLE


def test_a_key_given_for_a_pack_without_hmac_is_refused(tmp_path: Path) -> None:
    unsigned, _ = build(tmp_path, "unsigned.zip", key=None)
    assert verify_pack(unsigned).status == INTACT
    outcome = verify_pack(unsigned, KEY)
    assert outcome.status == ALTERED and "carries no HMAC" in outcome.message


ODD_VALUES = (None, 0, -1, True, 1.5, "x", "", [], [1], {}, {"a": 1})


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value, as a path of keys and indices."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _nodes(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _nodes(child, (*path, index))
    return found


def _reshape(rng: random.Random, value: Any, skip: tuple[str, ...] = ()) -> None:
    """Replace one random node of ``value`` by a value that reads differently as JSON."""
    path = rng.choice([p for p in _nodes(value) if p[-1] not in skip])
    for step in path[:-1]:
        value = value[step]
    old = json.dumps(value[path[-1]])
    value[path[-1]] = rng.choice([v for v in ODD_VALUES if json.dumps(v) != old])


def _rechain(lines: list[Any]) -> bytes:
    """What an attacker without the key can do: recompute every hash of an edited trail."""
    prev = GENESIS
    for entry in lines:
        if not isinstance(entry, dict):
            continue
        entry["prev_hash"] = prev
        with contextlib.suppress(KeyError, TypeError):  # a field made unhashable stays as is
            entry["hash"] = prev = entry_hash(prev, entry)
    return b"".join(json.dumps(e).encode() + b"\n" for e in lines)


def restructure(rng: random.Random) -> Change:
    """Put a value of another type anywhere in the manifest or an audit entry, then reseal."""

    def change(files: dict[str, bytes]) -> str:
        if rng.random() < 0.5:
            manifest = json.loads(files[MANIFEST])
            _reshape(rng, manifest)
            files[MANIFEST] = manifest_bytes(manifest)
            return MANIFEST
        entries = [json.loads(line) for line in _lines(files)]
        _reshape(rng, entries, skip=("hash", "prev_hash"))  # those are recomputed below
        files[AUDIT] = _rechain(entries)
        reseal(files, AUDIT)
        return AUDIT

    return change


def test_a_reshaped_manifest_or_audit_trail_is_reported_never_crashes_the_verifier(
    pack: Path, tmp_path: Path
) -> None:
    rng = random.Random(8)
    for trial in range(TRIALS):
        touched: list[str] = []
        altered = rewrite(pack, tmp_path / f"r{trial}.zip", noting(restructure(rng), touched))
        keyed = verify_pack(altered, KEY)
        assert keyed.status == ALTERED, (trial, touched, keyed.message)
        assert verify_pack(altered).status in (INTACT, ALTERED)
    shipped = run_shipped(altered, tmp_path, "--key", str(_key(tmp_path)))
    assert shipped.returncode == ALTERED and "Traceback" not in shipped.stderr, shipped.stderr


def test_a_pack_extracted_and_zipped_again_with_folder_entries_still_verifies(
    pack: Path, tmp_path: Path
) -> None:
    def with_folders(files: dict[str, bytes]) -> None:
        folders = {name.rsplit("/", 1)[0] + "/" for name in files if "/" in name}
        files.update(dict.fromkeys(sorted(folders), b""))

    again = rewrite(pack, tmp_path / "again.zip", with_folders)
    assert verify_pack(again, KEY).status == INTACT
    assert run_shipped(again, tmp_path, script_from=pack).returncode == INTACT
    hidden = rewrite(pack, tmp_path / "hidden.zip", lambda f: f.update({"uploads/": b"data"}))
    outcome = verify_pack(hidden, KEY)
    assert outcome.status == ALTERED and "uploads/ is in the pack but not listed" in outcome.message


def test_a_damaged_zip_is_reported_and_intact_only_when_no_file_changed(
    pack: Path, tmp_path: Path
) -> None:
    """A byte flipped in the zip itself (a damaged download): never a traceback; INTACT only when
    the flip hit zip bookkeeping (a timestamp, say) and every file still reads the same."""
    original, raw = members(pack), pack.read_bytes()
    rng = random.Random(28)
    statuses = []
    for trial in range(TRIALS):
        damaged = bytearray(raw)
        damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
        target = tmp_path / f"z{trial}.zip"
        target.write_bytes(bytes(damaged))
        outcome = verify_pack(target, KEY)
        statuses.append(outcome.status)
        if outcome.status == INTACT:
            assert members(target) == original, trial
    assert statuses.count(ALTERED) + statuses.count(UNREADABLE) >= TRIALS * 0.9, statuses
    shipped = run_shipped(target, tmp_path, script_from=pack)
    assert shipped.returncode == statuses[-1] and "Traceback" not in shipped.stderr
