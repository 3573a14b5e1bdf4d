"""``/api/imports``: upload retailers or orders as CSV or Excel; each import is a job whose
result is the report `crm import` prints, with every rejected row (line, column, message)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from api.deps import PrincipalDep, SessionDep, StateDep
from api.routers.jobs import start
from graph.errors import InvalidInput
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.session import Session
from jobs.records import JobView
from seeds.importer import MARGIN_KM
from seeds.service.imports import ImportReport, import_orders, import_retailers
from seeds.tabular import table_format

router = APIRouter(prefix="/imports", tags=["imports"])
PLANNERS = (AccountRole.PLANNER,)
MAX_UPLOAD_MB = 64
Upload = Annotated[UploadFile, File(description="a .csv (UTF-8 or GB18030) or .xlsx file")]


def read_upload(upload: UploadFile) -> tuple[str, bytes]:
    """The upload's file name (without any folders) and content.

    Raises `InvalidInput` for a file that is not CSV or Excel, or larger than
    `MAX_UPLOAD_MB`."""
    name = PurePath(upload.filename or "").name
    table_format(name)
    limit = MAX_UPLOAD_MB * 1024 * 1024
    content = upload.file.read(limit + 1)
    if len(content) > limit:
        raise InvalidInput(f"{name} is larger than {MAX_UPLOAD_MB} MB: split it into parts")
    return name, content


@router.post(
    "/retailers",
    status_code=202,
    response_model=JobView,
    summary="Create or update retailers from a file (a job; its result: an ImportReport)",
)
def retailers(
    session: SessionDep,
    principal: PrincipalDep,
    state: StateDep,
    file: Upload,
    margin_km: Annotated[
        float, Form(ge=0, le=50, description="how far outside its district a retailer may lie")
    ] = MARGIN_KM,
) -> Response:
    name, content = read_upload(file)

    def run(job_session: Session, acting: Principal, progress: Progress) -> ImportReport:
        return import_retailers(
            job_session, acting, content, filename=name, margin_km=margin_km, progress=progress
        )

    params = {"file": name, "bytes": len(content), "margin_km": margin_km}
    return start(
        state, session, principal, "import_retailers", params, run, writes=True, roles=PLANNERS
    )


@router.post(
    "/orders",
    status_code=202,
    response_model=JobView,
    summary="Import orders, per order or monthly totals; re-importing replaces (a job; its "
    "result: an ImportReport)",
)
def orders(session: SessionDep, principal: PrincipalDep, state: StateDep, file: Upload) -> Response:
    name, content = read_upload(file)

    def run(job_session: Session, acting: Principal, progress: Progress) -> ImportReport:
        return import_orders(job_session, acting, content, filename=name, progress=progress)

    params = {"file": name, "bytes": len(content)}
    return start(
        state, session, principal, "import_orders", params, run, writes=True, roles=PLANNERS
    )
