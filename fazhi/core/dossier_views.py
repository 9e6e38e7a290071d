"""The 卷宗 of a record to download (issue 20): its cover, index, issued documents and files in
one .zip (core/dossier.py). Mounted by the lead in a register's namespace; the record is found
through the register's pages, so the one access rule applies (another county's record is a
404). A register holding personal data prints it in full in its documents: as for a single
document (core/case_file_views.py), the 卷 is given only once the officer has stated why he
needs the data, and its assembly is audited.
"""

from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from . import dossier
from .errors import ActionRefused
from .personal import shows_personal_data

NEEDS_REASON = "卷宗载有个人信息：请先在本页说明查看个人信息的事由，再下载卷宗。"


@require_GET
def dossier_view(request, pages, pk):
    record = pages.record_for(request.user, pk)
    if pages.register.sensitive and not shows_personal_data(request.user, pages.register):
        return _refused(request, pages, record, NEEDS_REASON)
    try:
        data = dossier.assemble(request.user, pages.register, record)
    except ActionRefused as refusal:
        return _refused(request, pages, record, str(refusal))
    response = HttpResponse(data, content_type="application/zip")
    name = quote(dossier.safe_name(f"{record.number}卷宗") + ".zip")
    # RFC 6266 with RFC 5987's UTF-8 form: every browser in use reads a Chinese name from it.
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _refused(request, pages, record, message: str):
    messages.error(request, message)
    return redirect(f"{pages.namespace}:detail", pk=record.pk)
