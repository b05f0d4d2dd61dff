"""A cap on uploaded files that holds before they are read: first in Django's chain of upload
handlers, it skips a file as soon as it grows over the cap, so neither memory nor the temporary
folder ever holds more than the cap of it. The page then says the file was too large."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

TOO_LARGE_ATTRIBUTE = "upload_too_large"


class CappedUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_too_large = content_length > settings.REFRAIN_MAX_UPLOAD_BYTES + 64 * 1024

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.request_too_large:  # the whole request is over the cap: skip the file unread
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.REFRAIN_MAX_UPLOAD_BYTES:
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the handlers after this one make the file

    def _refuse(self) -> None:
        setattr(self.request, TOO_LARGE_ATTRIBUTE, self.file_name or True)
        raise SkipFile()
