"""« Ce poste »: the site, the device id, the idle-lock delay, the retention period, backups.

A superviseur edits the two delays; other profiles read them as plain text. Read again
by the Paramètres section whenever this PC's settings change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

from frontdesk import __version__
from frontdesk.config import settings_defaults
from frontdesk.device import (
    current_site,
    get_setting,
    idle_lock_minutes,
    retention_months,
    set_retention_months,
)
from frontdesk.device import set_idle_lock_minutes as save_idle_minutes
from frontdesk.store.backup import make_backup
from frontdesk.ui.progress_panel import ProgressPanel
from frontdesk.ui.session import UiSession
from frontdesk.ui.settings.bounded_spin_box import BoundedSpinBox
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, buddy_label, button, hint, left_aligned

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontdesk.progress import Progress

NBSP = "\u00a0"
RETENTION_HELP = typo(
    "Passé ce délai, les visites, leurs notes et les retours du tuteur sont effacés "
    "(vérification chaque jour au démarrage) ; seuls restent des totaux mensuels "
    "anonymes : les statistiques ne changent pas."
)
RETENTION_SHORT = typo("Au-delà, visites effacées ; restent des totaux mensuels anonymes.")


@dataclass(frozen=True)
class DeviceFacts:
    site: str
    device_id: str
    idle_minutes: int
    retention_months: int


def read_facts(session: Session) -> DeviceFacts:
    site = current_site(session)
    label = f"{site.name} — {site.commune} ({site.insee_code})" if site else "—"
    return DeviceFacts(
        label,
        str(get_setting(session, "device_id", "—")),
        idle_lock_minutes(session),
        retention_months(session),
    )


def _selectable(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        label.textInteractionFlags() | label.textInteractionFlags().TextSelectableByMouse
    )
    return label


class DevicePanel(QGroupBox):
    def __init__(self, session: UiSession) -> None:
        super().__init__("Ce poste")
        self.setAccessibleName("Ce poste")
        self._session = session
        paths = session.ctx.paths
        can_edit = session.may("settings.device")
        idle, kept = settings_defaults().idle_lock_minutes, settings_defaults().retention_months
        self.site = _selectable()
        self.device = _selectable()
        # a superviseur gets spin boxes; the others read the values as plain text
        self.idle: BoundedSpinBox | None = None
        self.retention: BoundedSpinBox | None = None
        self.idle_value = _selectable()
        self.retention_value = _selectable()
        self.save_idle = button("Enregistrer le délai")
        self.save_retention = button("Enregistrer la durée de conservation")
        self.backup = button("Faire une sauvegarde maintenant")
        self.progress = ProgressPanel("Sauvegarde de la base")
        self.message = MessageLabel()

        form = QFormLayout(self)
        form.addRow("Site :", self.site)
        form.addRow("Identifiant du poste :", self.device)
        if can_edit:
            self.idle = BoundedSpinBox(idle.min, idle.max, "min")
            self.retention = BoundedSpinBox(kept.min, kept.max, "mois")
            self.retention.setAccessibleDescription(RETENTION_HELP)
            for box in (self.idle, self.retention):
                box.clamped.connect(lambda _typed, _kept, box=box: self._say_clamped(box))
            form.addRow(buddy_label("Verrouillage après &inactivité :", self.idle), self.idle)
            form.addRow("", left_aligned(self.save_idle))
            form.addRow(buddy_label("Con&servation des visites :", self.retention), self.retention)
        else:
            form.addRow("Verrouillage après inactivité :", self.idle_value)
            form.addRow("Conservation des visites :", self.retention_value)
        form.addRow("", hint(RETENTION_SHORT))
        form.addRow("", left_aligned(self.save_retention))
        form.addRow("Version :", _selectable(f"Frontdesk {__version__}"))
        form.addRow("Base de données :", _selectable(str(paths.database)))
        form.addRow("Sauvegardes :", _selectable(str(paths.backup_dir)))
        form.addRow("Journal technique :", _selectable(str(paths.log_file)))
        form.addRow("", left_aligned(self.backup))
        form.addRow(self.progress)
        form.addRow(self.message)
        # Only once the buttons have a parent: setVisible(True) on a parentless widget
        # shows it as a window of its own, which takes the focus from the main window.
        for widget in (self.save_idle, self.save_retention, self.backup):
            widget.setVisible(can_edit)
        for label, name in (
            (self.site, "Site"),
            (self.device, "Identifiant du poste"),
            (self.idle_value, "Verrouillage après inactivité"),
            (self.retention_value, "Conservation des visites"),
        ):
            label.setAccessibleName(name)

        self.save_idle.clicked.connect(self._save_idle)
        self.save_retention.clicked.connect(self._save_retention)
        self.backup.clicked.connect(self._backup_now)
        self.progress.ended.connect(lambda: self.backup.setEnabled(True))
        self.reload()

    def reload(self) -> None:
        self._session.ops.read(read_facts, self._show, owner=self)

    def _show(self, facts: DeviceFacts) -> None:
        self.site.setText(facts.site)
        self.device.setText(facts.device_id)
        self.idle_value.setText(f"{facts.idle_minutes}{NBSP}min")
        self.retention_value.setText(f"{facts.retention_months}{NBSP}mois")
        if self.idle is not None and self.retention is not None:
            self.idle.show_value(facts.idle_minutes)
            self.retention.show_value(facts.retention_months)

    def _say_clamped(self, box: BoundedSpinBox) -> None:
        kept = box.said(box.value())
        note = (
            f"{box.bounds_note()} : la valeur est ramenée à {kept}. Enregistrez pour l'appliquer."
        )
        self.message.show_message(typo(note))

    def _saved(self, box: BoundedSpinBox, said: str) -> None:
        """Saved; a value brought back within bounds on the way says so too."""
        note = box.bounds_note()
        box.clamped_from = None
        self.message.show_message(
            typo(f"{note} : {said[0].lower()}{said[1:]}" if note else said), "success"
        )

    def _save_idle(self) -> None:
        box = self.idle
        assert box is not None
        minutes = box.value()
        actor = self._session.profile.id

        def done(_result: object) -> None:
            self._saved(box, f"La session se verrouillera après {minutes}{NBSP}min sans activité.")
            self._session.idle_minutes_changed.emit(minutes)

        self._session.ops.write(lambda s: save_idle_minutes(s, minutes, actor), done, owner=self)

    def _save_retention(self) -> None:
        box = self.retention
        assert box is not None
        months = box.value()
        actor = self._session.profile.id
        said = f"Le détail des visites sera conservé {months}{NBSP}mois."
        self._session.ops.write(
            lambda s: set_retention_months(s, months, actor),
            lambda _result: self._saved(box, said),
            owner=self,
        )

    def _backup_now(self) -> None:
        """A copy of the base, with its progress and « Annuler » (a cancelled copy is
        removed: only whole backups are kept)."""
        paths = self._session.ctx.paths
        keep = settings_defaults().backups_kept

        def work(progress: Progress) -> str:
            return make_backup(paths.database, paths.backup_dir, keep=keep, progress=progress).name

        def done(name: str) -> None:
            self.message.show_message(typo(f"Sauvegarde enregistrée : {name}"), "success")

        self.backup.setEnabled(False)
        self.message.clear_message()
        self._session.ops.long(work, done, owner=self, panel=self.progress)
