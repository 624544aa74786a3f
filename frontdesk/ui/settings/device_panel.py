"""« Ce poste »: the site, the device id, the idle-lock delay, the retention period, backups."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox

from frontdesk import __version__
from frontdesk.config import settings_defaults
from frontdesk.device import (
    SettingError,
    current_site,
    get_setting,
    idle_lock_minutes,
    retention_months,
    set_retention_months,
)
from frontdesk.device import set_idle_lock_minutes as save_idle_minutes
from frontdesk.store.backup import BackupError, make_backup
from frontdesk.ui.session import UiSession
from frontdesk.ui.visit.typography import typo
from frontdesk.ui.widgets import MessageLabel, buddy_label, button, hint, left_aligned

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
        bounds = settings_defaults().idle_lock_minutes
        self.site = _selectable()
        self.device = _selectable()
        self.idle = QSpinBox()
        self.idle.setRange(bounds.min, bounds.max)
        self.idle.setSuffix("\u00a0min")
        self.save_idle = button("Enregistrer le délai")
        kept = settings_defaults().retention_months
        self.retention = QSpinBox()
        self.retention.setRange(kept.min, kept.max)
        self.retention.setSuffix("\u00a0mois")
        self.retention.setAccessibleDescription(RETENTION_HELP)
        self.save_retention = button("Enregistrer la durée de conservation")
        self.backup = button("Faire une sauvegarde maintenant")
        self.message = MessageLabel()

        form = QFormLayout(self)
        form.addRow("Site :", self.site)
        form.addRow("Identifiant du poste :", self.device)
        form.addRow(buddy_label("Verrouillage après &inactivité :", self.idle), self.idle)
        form.addRow("", left_aligned(self.save_idle))
        form.addRow(buddy_label("Con&servation des visites :", self.retention), self.retention)
        form.addRow("", hint(RETENTION_SHORT))
        form.addRow("", left_aligned(self.save_retention))
        form.addRow("Version :", _selectable(f"Frontdesk {__version__}"))
        form.addRow("Base de données :", _selectable(str(paths.database)))
        form.addRow("Sauvegardes :", _selectable(str(paths.backup_dir)))
        form.addRow("Journal technique :", _selectable(str(paths.log_file)))
        form.addRow("", left_aligned(self.backup))
        form.addRow(self.message)
        # Only once the buttons have a parent: setVisible(True) on a parentless widget
        # shows it as a window of its own, which takes the focus from the main window.
        can_edit = session.may("settings.device")
        self.idle.setEnabled(can_edit)
        self.save_idle.setVisible(can_edit)
        self.retention.setEnabled(can_edit)
        self.save_retention.setVisible(can_edit)
        self.backup.setVisible(can_edit)
        self.site.setAccessibleName("Site")
        self.device.setAccessibleName("Identifiant du poste")

        self.save_idle.clicked.connect(self._save_idle)
        self.save_retention.clicked.connect(self._save_retention)
        self.backup.clicked.connect(self._backup_now)
        self._load()

    def _load(self) -> None:
        store = self._session.ctx.store

        def work() -> DeviceFacts:
            with store.session() as session:
                site = current_site(session)
                label = f"{site.name} — {site.commune} ({site.insee_code})" if site else "—"
                return DeviceFacts(
                    label,
                    str(get_setting(session, "device_id", "—")),
                    idle_lock_minutes(session),
                    retention_months(session),
                )

        self._session.tasks.run(work, self._show, owner=self)

    def _show(self, facts: DeviceFacts) -> None:
        self.site.setText(facts.site)
        self.device.setText(facts.device_id)
        self.idle.setValue(facts.idle_minutes)
        self.retention.setValue(facts.retention_months)

    def _save_idle(self) -> None:
        minutes = self.idle.value()
        actor = self._session.profile.id

        def work() -> None:
            with self._session.ctx.store.transaction() as session:
                save_idle_minutes(session, minutes, actor)

        def done(_result: object) -> None:
            self.message.show_message(
                f"La session se verrouillera après {minutes}\u00a0min sans activité.", "success"
            )
            self._session.idle_minutes_changed.emit(minutes)

        def failed(error: BaseException) -> None:
            self.message.show_expected(error, SettingError)

        self._session.tasks.run(work, done, failed, owner=self)

    def _save_retention(self) -> None:
        months = self.retention.value()
        actor = self._session.profile.id

        def work() -> None:
            with self._session.ctx.store.transaction() as session:
                set_retention_months(session, months, actor)

        def done(_result: object) -> None:
            self.message.show_message(
                f"Le détail des visites sera conservé {months}\u00a0mois.", "success"
            )

        def failed(error: BaseException) -> None:
            self.message.show_expected(error, SettingError)

        self._session.tasks.run(work, done, failed, owner=self)

    def _backup_now(self) -> None:
        paths = self._session.ctx.paths
        self.backup.setEnabled(False)

        def work() -> str:
            keep = settings_defaults().backups_kept
            return make_backup(paths.database, paths.backup_dir, keep=keep).name

        def done(name: str) -> None:
            self.backup.setEnabled(True)
            self.message.show_message(f"Sauvegarde enregistrée : {name}", "success")

        def failed(error: BaseException) -> None:
            self.backup.setEnabled(True)
            self.message.show_expected(error, BackupError)

        self._session.tasks.run(work, done, failed, owner=self)
