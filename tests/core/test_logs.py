"""Logging goes to a rotating file; crashes are written there with their traceback."""

from __future__ import annotations

import logging
import sys

from frontdesk.logs import log_unhandled, setup_logging
from frontdesk.paths import AppPaths


def test_crash_is_logged_with_traceback(paths: AppPaths) -> None:
    setup_logging(paths.log_file)
    try:
        raise ValueError("boom")
    except ValueError:
        summary = log_unhandled(*sys.exc_info())
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = paths.log_file.read_text(encoding="utf-8")
    assert summary == "ValueError: boom"
    assert "Traceback" in text and "raise ValueError" in text


def test_switching_to_rotation_keeps_one_handler(paths: AppPaths) -> None:
    setup_logging(paths.log_file, rotate=False)
    setup_logging(paths.log_file, rotate=True)
    ours = [h for h in logging.getLogger().handlers if h.get_name() == "frontdesk-file"]
    assert len(ours) == 1 and type(ours[0]).__name__ == "RotatingFileHandler"
    logging.getLogger("frontdesk.test").info("after switch")
    ours[0].flush()
    assert "after switch" in paths.log_file.read_text(encoding="utf-8")
