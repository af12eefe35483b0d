import io
import re
import time
import zlib

from portal.exports.models import ExportJob


def wait_for_job(job: ExportJob, *, timeout: float = 120) -> ExportJob:
    """The job once a worker has finished with it (done, failed or expired)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"export {job.pk} still {job.status} after {timeout}s")


def file_bytes(job: ExportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def csv_lines(job: ExportJob) -> list[str]:
    return file_bytes(job).decode("utf-8-sig").splitlines()


def xlsx_rows(job: ExportJob) -> list[tuple]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(file_bytes(job)), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))


def pdf_text_objects(data: bytes) -> bytes:
    """The PDF's streams, inflated: its outline and metadata carry the title as plain text."""
    inflated = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(inflated)
