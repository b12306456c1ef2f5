"""CSV records: clear messages for unreadable records, and record numbers kept across chunks."""

from __future__ import annotations

import pytest

from supplychain.ingest.chunked import text_columns
from supplychain.ingest.csv_reader import open_csv
from supplychain.ingest.errors import FileRejected, HeaderNotFound
from supplychain.ingest.limits import Limits
from supplychain.ingest.pipeline import read_upload


def test_e49_text_after_a_closing_quote_is_explained(text_file):
    result = read_upload(text_file(b'name,country\nA,VN\n"B" Ltd,VN\nC,DE\n'))
    (error,) = result.errors
    assert error.row == 3
    assert error.message.startswith("record 3 (line 3) could not be read")
    assert "two quotes" in error.message and "expected after" not in error.message
    assert list(result.frame["row"]) == [2, 4]


def test_e49_record_numbers_count_records_not_lines(text_file):
    data = b'name,country,notes\nA,VN,"one\ntwo\nthree"\n"B" x,VN,\nC,DE,\n'
    result = read_upload(text_file(data))
    assert [(e.row, e.message[:21]) for e in result.errors] == [(3, "record 3 (line 5) cou")]
    assert list(result.frame["row"]) == [2, 4]
    assert result.frame["notes"][0] == "one\ntwo\nthree"


def test_unclosed_quote_names_the_record_where_it_opened(text_file):
    with pytest.raises(FileRejected) as info:
        read_upload(text_file(b'name,country\nA,VN\nB,"VN\nC,DE\n'))
    assert "record 3 (line 3) is never closed" in info.value.reason


@pytest.mark.parametrize("chunk", [1, 2, 3, 100])
def test_columns_built_in_chunks_keep_numbers_and_blank_rows_out(text_file, chunk):
    source = open_csv(text_file(b'a,b\n1,x\n\n2,"y\nz"\n,\n3,w,extra\n4\n'), "up.csv", Limits())
    records = list(source.records())[1:]  # after the header
    data, rows, issues = text_columns(iter(records), 2, chunk=chunk)
    assert list(rows) == [2, 4, 6, 7]
    assert list(data[0]) == ["1", "2", "3", "4"]
    assert list(data[1]) == ["x", "y\nz", "w", ""]
    assert [(i.row, i.message) for i in issues] == [(6, "expected 2 fields, found 3")]


def test_e46_cp1252_preview_found_past_the_first_megabyte(text_file):
    filler = b"".join(b"Supplier %d,DE\n" % i for i in range(80_000))
    data = b"name,country\n" + filler + "São Têxtil,BR\n".encode("cp1252")
    result = read_upload(text_file(data), limits=Limits(max_rows=100_000))
    assert result.file.encoding == "cp1252"
    assert "São" in result.warnings[0].message
    assert result.frame["supplier_name"].iloc[-1] == "São Têxtil"


def test_e47_invalid_utf16_is_refused(text_file):
    with pytest.raises(FileRejected) as info:
        read_upload(text_file(b"\xff\xfen\x00a\x00\x00\xd8", "u.txt"))
    assert "known encoding" in info.value.reason


def test_d37_numbers_written_as_text(text_file):
    data = (
        "name,country,workers,migrant workers %,annual spend\n"
        'A,DE,12,45%,"1,234.50"\n'
        "B,DE,3.5,0.5,x\n"
        'C,DE,"1,234", 45 ,1e3\n'
        "D,DE,12345678901234567,,\n"
    )
    result = read_upload(text_file(data.encode()))
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert set(errors) == {(3, "C"), (3, "E"), (5, "C")}
    assert errors[(3, "C")].startswith("expected a whole number")
    assert errors[(3, "E")].startswith("expected an amount")
    assert "too large" in errors[(5, "C")]
    assert list(result.frame["workers"]) == [12, 1234]
    assert list(result.frame["migrant_workers_pct"]) == [45.0, 45.0]
    assert list(result.frame["annual_spend"]) == [1234.5, 1000.0]
    assert str(result.frame["workers"].dtype) == "Int64"


def test_e46_utf8_text_with_a_stray_windows_1252_line_is_refused_with_its_line(text_file):
    utf8 = "Supplier name,Country\n" + "".join(f"Fábrica {i},BR\n" for i in range(50))
    data = utf8.encode() + "Café Ltda,BR\n".encode("cp1252") + b"Last,BR\n"
    with pytest.raises(FileRejected) as info:
        read_upload(text_file(data))
    assert "mostly UTF-8 but line 52 is in another encoding" in info.value.reason
    assert "save it from Excel as 'CSV UTF-8'" in info.value.reason


def test_e46_windows_1252_quotes_after_a_capital_are_not_taken_for_utf8(text_file):
    data = "Supplier name;Country\n“CAFÉ” Ltda;Brasil\nSão Paulo Têxtil;Brasil\n"
    result = read_upload(text_file(data.encode("cp1252")))
    assert result.file.encoding == "cp1252"
    assert list(result.frame["supplier_name"]) == ["“CAFÉ” Ltda", "São Paulo Têxtil"]


def test_e46_unrecognised_header_of_a_windows_1252_file_says_how_it_was_read(text_file):
    with pytest.raises(HeaderNotFound) as info:
        read_upload(text_file("Razão social;Endereço\nTêxtil SA;Rua 1\n".encode("cp1252")))
    assert "row 1 holds 'Razão social', 'Endereço'" in info.value.reason
    assert info.value.reason.endswith(
        "(the file was read as Windows-1252; if that text looks wrong, save it as 'CSV UTF-8')"
    )
