"""A refused file, by code (app/importing/messages.py): a BadInput whose text is the Chinese
message and which carries the code and parameters the wizard translates."""

from __future__ import annotations

from typing import Any

from app.errors import BadInput
from app.importing.messages import Message


class ImportFault(BadInput):
    """The file as a whole could not be imported; nothing was changed."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.code: str = message.code
        self.params: dict[str, Any] = dict(message.params)
