"""Uploads on the intake path stay in memory: never a temporary file on disk.

``MemoryOnlyUploadHandler`` replaces Django's handlers for the monitoring views: every file is
kept in a BytesIO whatever its size; a file over the per-file cap, or any file once the total
cap is reached, is skipped (its bytes are dropped as they arrive) and noted, so the view can
say so and keep the typed text."""

import io
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext as _

from . import cleaning, conf, sealing


class MemoryOnlyUploadHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.max_file = int(conf.get("MINGA_MONITORING_MAX_FILE_BYTES"))
        self.max_total = int(conf.get("MINGA_MONITORING_MAX_TOTAL_BYTES"))
        self.total = 0
        self.skipped: list[str] = []
        self.file: io.BytesIO | None = None
        self.size = 0
        self.dropped = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file = io.BytesIO()
        self.size = 0
        self.dropped = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.size += len(raw_data)
        self.total += len(raw_data)
        if self.size > self.max_file or self.total > self.max_total:
            self.skipped.append(str(self.file_name or ""))
            self.file = io.BytesIO()  # drop what arrived (Django closes this on the way out)
            self.dropped = True
            raise SkipFile
        assert self.file is not None
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile | None:
        if self.file is None or self.dropped:
            return None
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def use_memory_only(request: HttpRequest) -> MemoryOnlyUploadHandler:
    """Install the handler (before anything reads request.POST / FILES)."""
    handler = MemoryOnlyUploadHandler(request)
    request.upload_handlers = [handler]
    return handler


def clean_uploads(files: list[Any], keep_originals: bool) -> tuple[list[sealing.Upload], str]:
    """Clean each file in memory; (uploads, error message or "")."""
    uploads = []
    for upload in files:
        data = upload.read()
        try:
            cleaned = cleaning.clean(data)
        except cleaning.UnsupportedFile as exc:
            return [], _("“%(name)s”: %(problem)s") % {
                "name": upload.name,
                "problem": exc.message,
            }
        uploads.append(
            sealing.Upload(
                name=upload.name,
                content_type=cleaned.content_type,
                data=cleaned.data,
                original=data if keep_originals else None,
            )
        )
    return uploads, ""
