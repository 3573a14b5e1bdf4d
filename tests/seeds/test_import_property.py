"""Random and mutated CSV and Excel bytes never crash the importer: every outcome is a
`DomainError` or a report in which each row read is created, updated or rejected."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import DomainError
from seeds.importer import Known, validate_retailers
from seeds.tabular import TableFormat, read_table
from tests.seeds.test_tabular import xlsx_bytes

KNOWN = Known(retailers={"R0001"}, districts={"340103", "340121"}, areas={"A01"}, staff={"HF1"})
HEADER = "客户编码,店铺名称,lon,lat,district_adcode,经营业态,经营规模,联系电话,片区\n"
ROWS = [
    "NEW001,新开便利店,117.30,31.86,340103,便利店,小,13900000001,A01\n",
    'R0001,"老店, 二号",117.17,32.47,340121,Z,M,0551-65551234,\n',
    "NEW002,远店,116.40,39.90,340103,B,S,12345,A99\n",
]
CSV = (HEADER + "".join(ROWS)).encode()
XLSX = xlsx_bytes([[c for c in line.strip().split(",")] for line in [HEADER, ROWS[0], ROWS[2]]])
NOISE = st.sampled_from(
    [b'"', b",", b"\n", b"\r", b"\xef\xbb\xbf", "乙".encode("gb18030"), b"\xff"]
)


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """`base` with a few bytes inserted, deleted or replaced, or cut short."""
    data = bytearray(base)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "cut"]))
        chunk = draw(NOISE | st.binary(min_size=1, max_size=3))
        if kind == "insert":
            data[at:at] = chunk
        elif kind == "delete":
            del data[at : at + len(chunk)]
        elif kind == "replace":
            data[at : at + len(chunk)] = chunk
        else:
            del data[at:]
    return bytes(data)


def counts_every_row(data: bytes, fmt: TableFormat) -> None:
    try:
        table = read_table(data, filename="upload", fmt=fmt)
    except DomainError:
        return
    rows = validate_retailers(table, KNOWN)
    rejected = {e.line for e in rows.errors}
    assert not rejected & set(rows.lines)
    assert len(rows.records) + len(rejected) == table.read


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), mutated(CSV)))
def test_random_and_mutated_csv_never_crash_and_every_row_is_counted(data: bytes) -> None:
    counts_every_row(data, TableFormat.CSV)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutated(XLSX), st.binary(max_size=100)))
def test_random_and_mutated_excel_never_crash_and_every_row_is_counted(data: bytes) -> None:
    counts_every_row(data, TableFormat.XLSX)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12)
            | st.floats()
            | st.integers(),
            max_size=10,
        ),
        max_size=5,
    )
)
def test_random_excel_cells_never_crash_and_every_row_is_counted(cells: list[list[object]]) -> None:
    header: list[object] = [
        "id",
        "name",
        "lon",
        "lat",
        "district_adcode",
        "business_format",
        "outlet_scale",
        "phone",
    ]
    counts_every_row(xlsx_bytes([header, *cells]), TableFormat.XLSX)
