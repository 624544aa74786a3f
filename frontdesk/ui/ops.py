"""The one way a screen runs core work: off the GUI thread, one error policy, and every
open screen told what changed.

Modelled on Anki's ``QueryOp`` / ``CollectionOp`` and ``operation_did_execute``:

- ``read(query)``: ``query(session)`` runs in a read session on the work lane, its
  value comes back to ``done`` on the GUI thread;
- ``write(operation)``: ``operation(session)`` runs in one transaction; after ``done``,
  what it changed (``OpChanges``, recorded by the store) is broadcast on
  ``TaskRunner.changed`` and each section refreshes what it shows if its kind of data
  changed;
- ``run(work)``: work that is not one transaction (a sync, a backup, an export), its
  changes recorded the same way;
- ``long(work, panel)``: the same, with a ``Progress`` shown in a ``ProgressPanel`` whose
  « Annuler » stops the work at its next step; the screen stays usable meanwhile.

One error policy: an error the core explains (``UserError``) is shown as it is; anything
else is logged with its traceback and explained with one standard text. Either way the
operation wrote nothing (one transaction, or a cancelled file removed). The text goes
to the owner's ``show_error(text)`` if it has one, else to its ``message`` label, else a
message box. ``failed`` may take an error first (return True when handled), e.g. to ask
a confirmation and try again.

The callbacks belong to ``owner``: if it was deleted meanwhile they are dropped, but the
changes are broadcast all the same: other screens must still learn of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QWidget

from frontdesk.errors import UserError
from frontdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontdesk.context import AppContext
    from frontdesk.progress import Progress

log = logging.getLogger(__name__)
T = TypeVar("T")
Done = Callable[[T], None] | None
Failed = Callable[[BaseException], bool] | None

UNEXPECTED = (
    "L'action n'a pas abouti à cause d'une erreur inattendue ; rien n'a été enregistré "
    "à moitié. Le détail est dans le journal technique. Réessayez ; si cela continue, "
    "prévenez le superviseur."
)


class ShowsErrors(Protocol):
    def show_error(self, text: str) -> None: ...


def explain(error: BaseException) -> str:
    """The French text for an error; a bug is logged with its traceback."""
    if isinstance(error, UserError):
        return str(error)
    log.error("operation failed", exc_info=error)
    return UNEXPECTED


def report(owner: QObject | None, error: BaseException) -> None:
    """Show ``error`` where ``owner`` shows its messages (see the module's docstring)."""
    from frontdesk.ui.text import typo

    text = typo(explain(error))
    shower = getattr(owner, "show_error", None)
    if callable(shower):
        shower(text)
        return
    label = getattr(owner, "message", None)
    if isinstance(label, QLabel) and hasattr(label, "show_message"):
        label.show_message(text)
        return
    _message_box(owner, text)


def _message_box(owner: QObject | None, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    parent = owner.window() if isinstance(owner, QWidget) else None
    box = QMessageBox(
        QMessageBox.Icon.Warning, "Action impossible", text, QMessageBox.StandardButton.Ok, parent
    )
    box.setAccessibleName("Action impossible")
    box.open()  # never blocks: the screen behind stays as it was


class Ops:
    """What a screen calls; one per logged-in session (``UiSession.ops``)."""

    def __init__(self, ctx: AppContext, tasks: TaskRunner) -> None:
        self.ctx = ctx
        self.tasks = tasks

    def read(
        self,
        query: Callable[[Session], T],
        done: Done[T] = None,
        *,
        owner: QObject,
        failed: Failed = None,
    ) -> None:
        store = self.ctx.store
        self._submit(lambda: store.read(query), done, owner, failed, changes=False)

    def write(
        self,
        operation: Callable[[Session], T],
        done: Done[T] = None,
        *,
        owner: QObject | None,
        failed: Failed = None,
        initiator: QObject | None = None,
    ) -> None:
        """``initiator``: a widget that shows this change by itself (in ``done``); the
        sections around it do not read again for it."""
        store = self.ctx.store
        self._submit(
            lambda: store.write(operation), done, owner, failed, changes=True, initiator=initiator
        )

    def run(
        self,
        work: Callable[[], T],
        done: Done[T] = None,
        *,
        owner: QObject | None,
        failed: Failed = None,
        lane: str = "main",
    ) -> None:
        from frontdesk.store.changes import recorded

        self._submit(lambda: recorded(work), done, owner, failed, changes=True, lane=lane)

    def long(
        self,
        work: Callable[[Progress], T],
        done: Done[T] = None,
        *,
        owner: QObject,
        panel: Any,  # ProgressPanel: shows the progress, « Annuler » cancels it
        failed: Failed = None,
    ) -> Progress:
        from frontdesk.progress import Cancelled, Progress
        from frontdesk.store.changes import recorded

        progress = Progress()
        panel.follow(progress)

        def finished(value: T) -> None:
            panel.finish()
            if done is not None:
                done(value)

        def refused(error: BaseException) -> bool:
            panel.finish()
            if isinstance(error, Cancelled):
                panel.say(str(error))
                return True
            return failed(error) if failed is not None else False

        self._submit(
            lambda: recorded(lambda: work(progress)), finished, owner, refused, changes=True
        )
        return progress

    def _submit(
        self,
        work: Callable[[], Any],
        done: Done[Any],
        owner: QObject | None,
        failed: Failed,
        *,
        changes: bool,
        lane: str = "main",
        initiator: QObject | None = None,
    ) -> None:
        def succeeded(answer: Any) -> None:
            value = answer.value if changes else answer
            if _alive(owner) and done is not None:
                done(value)
            if changes and answer.changes:
                self.tasks.changed.emit(answer.changes, initiator)

        def errored(error: BaseException) -> None:
            if not _alive(owner):
                explain(error)  # still logged
                return
            if failed is not None and failed(error):
                return
            report(owner, error)

        self.tasks.run(work, succeeded, errored, lane=lane)


def _alive(owner: QObject | None) -> bool:
    return owner is None or shiboken6.isValid(owner)
