"""The notifications models, which until December 2026 belonged to the app ``participation``.

A database made before keeps its rows: the ``participation_*`` tables are renamed
(``core.legacy_tables``); a new database gets new tables.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.legacy_tables import Adoption


ADOPTION = Adoption(
    app_label="notifications",
    legacy_models={
        "Follow": "follow",
        "Notification": "notification",
        "NotificationPreference": "notificationpreference",
    },
    renamed_indexes={"Notification": {"participati_recipie_db08da_idx": "notification_unread_idx"}},
)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('geo', '0001_initial'),
        ('ideas', '0001_initial'),
        ('measures', '0003_historicalmeasure_comments_closed_and_more'),
        ('projects', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Follow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('is_automatic', models.BooleanField(default=False, verbose_name='automatisch (durch Mitmachen)')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='seit')),
                        ('bundle', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='measures.measurebundle', verbose_name='Maßnahmenbündel')),
                        ('core_area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='measures.corearea', verbose_name='Kernbereich')),
                        ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='geo.district', verbose_name='Ortsteil')),
                        ('idea', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='ideas.idea', verbose_name='Idee')),
                        ('measure', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='measures.measure', verbose_name='Maßnahme')),
                        ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='projects.project', verbose_name='Projekt')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to=settings.AUTH_USER_MODEL, verbose_name='Person')),
                    ],
                    options={
                        'verbose_name': 'Abonnement',
                        'verbose_name_plural': 'Abonnements',
                        'ordering': ['-created_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('measure__isnull', False), ('bundle__isnull', True), ('core_area__isnull', True), ('project__isnull', True), ('idea__isnull', True), ('district__isnull', True)), models.Q(('measure__isnull', True), ('bundle__isnull', False), ('core_area__isnull', True), ('project__isnull', True), ('idea__isnull', True), ('district__isnull', True)), models.Q(('measure__isnull', True), ('bundle__isnull', True), ('core_area__isnull', False), ('project__isnull', True), ('idea__isnull', True), ('district__isnull', True)), models.Q(('measure__isnull', True), ('bundle__isnull', True), ('core_area__isnull', True), ('project__isnull', False), ('idea__isnull', True), ('district__isnull', True)), models.Q(('measure__isnull', True), ('bundle__isnull', True), ('core_area__isnull', True), ('project__isnull', True), ('idea__isnull', False), ('district__isnull', True)), models.Q(('measure__isnull', True), ('bundle__isnull', True), ('core_area__isnull', True), ('project__isnull', True), ('idea__isnull', True), ('district__isnull', False)), _connector='OR'), name='follow_has_exactly_one_target'), models.UniqueConstraint(condition=models.Q(('measure__isnull', False)), fields=('user', 'measure'), name='one_follow_per_user_and_measure'), models.UniqueConstraint(condition=models.Q(('bundle__isnull', False)), fields=('user', 'bundle'), name='one_follow_per_user_and_bundle'), models.UniqueConstraint(condition=models.Q(('core_area__isnull', False)), fields=('user', 'core_area'), name='one_follow_per_user_and_core_area'), models.UniqueConstraint(condition=models.Q(('project__isnull', False)), fields=('user', 'project'), name='one_follow_per_user_and_project'), models.UniqueConstraint(condition=models.Q(('idea__isnull', False)), fields=('user', 'idea'), name='one_follow_per_user_and_idea'), models.UniqueConstraint(condition=models.Q(('district__isnull', False)), fields=('user', 'district'), name='one_follow_per_user_and_district')],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('progress_update', 'neuer Sachstand einer gefolgten Maßnahme'), ('milestone_reached', 'Meilenstein einer gefolgten Maßnahme erreicht'), ('phase_started', 'neue Phase in einem gefolgten Projekt'), ('phase_ending', 'Phase in einem gefolgten Projekt endet bald'), ('new_idea', 'neue Idee in einem gefolgten Projekt oder Ortsteil'), ('comment_on_my_idea', 'Kommentar zu meiner Idee'), ('reply_to_my_comment', 'Antwort auf meinen Kommentar'), ('idea_response', 'Antwort der Stadt oder neuer Status meiner Idee'), ('content_hidden', 'mein Beitrag wurde ausgeblendet'), ('review_decided', 'Entscheidung über meinen Antrag auf Überprüfung'), ('new_report', 'neue Meldung in einem moderierten Projekt'), ('measure_stale', 'Erinnerung: Maßnahme ohne aktuellen Sachstand'), ('milestone_due', 'Erinnerung: Meilenstein bald fällig'), ('status_report_published', 'neuer Sachstandsbericht an den Stadtrat veröffentlicht')], max_length=40, verbose_name='Art')),
                        ('event_key', models.CharField(max_length=120, verbose_name='Ereignis')),
                        ('url', models.CharField(max_length=300, verbose_name='Adresse')),
                        ('context', models.JSONField(blank=True, default=dict, verbose_name='Angaben')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='erstellt')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='gelesen')),
                        ('delivery', models.CharField(choices=[('immediate', 'sofort per E-Mail'), ('daily', 'täglich gesammelt'), ('weekly', 'wöchentlich gesammelt'), ('off', 'keine E-Mail (nur hier im Portal)')], max_length=20, verbose_name='E-Mail')),
                        ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='per E-Mail gesendet')),
                        ('email_skipped', models.BooleanField(default=False, verbose_name='E-Mail entfällt')),
                        ('email_attempts', models.PositiveSmallIntegerField(default=0, verbose_name='Zustellversuche')),
                        ('email_last_error', models.TextField(blank=True, verbose_name='letzter Fehler')),
                        ('email_claim', models.UUIDField(blank=True, null=True, verbose_name='Zustellung beansprucht von')),
                        ('email_claimed_at', models.DateTimeField(blank=True, null=True, verbose_name='beansprucht am')),
                        ('email_handed_over_at', models.DateTimeField(blank=True, null=True, verbose_name='an den Mailserver übergeben')),
                        ('email_uncertain', models.BooleanField(default=False, help_text='Der Versand brach ab, nachdem die E-Mail an den Mailserver übergeben war; sie wird nicht erneut gesendet, um keine doppelte E-Mail zu verschicken.', verbose_name='Zustellung ungewiss')),
                        ('comment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='ideas.comment')),
                        ('idea', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='ideas.idea')),
                        ('measure', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='measures.measure')),
                        ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='projects.project')),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='Empfänger:in')),
                    ],
                    options={
                        'verbose_name': 'Benachrichtigung',
                        'verbose_name_plural': 'Benachrichtigungen',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['recipient', 'read_at'], name='notification_unread_idx'), models.Index(condition=models.Q(('email_skipped', False), ('emailed_at__isnull', True)), fields=['delivery', 'created_at'], name='notification_email_pending')],
                        'constraints': [models.UniqueConstraint(fields=('recipient', 'event_key'), name='one_notification_per_event')],
                    },
                ),
                migrations.CreateModel(
                    name='NotificationPreference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('progress_update', 'neuer Sachstand einer gefolgten Maßnahme'), ('milestone_reached', 'Meilenstein einer gefolgten Maßnahme erreicht'), ('phase_started', 'neue Phase in einem gefolgten Projekt'), ('phase_ending', 'Phase in einem gefolgten Projekt endet bald'), ('new_idea', 'neue Idee in einem gefolgten Projekt oder Ortsteil'), ('comment_on_my_idea', 'Kommentar zu meiner Idee'), ('reply_to_my_comment', 'Antwort auf meinen Kommentar'), ('idea_response', 'Antwort der Stadt oder neuer Status meiner Idee'), ('content_hidden', 'mein Beitrag wurde ausgeblendet'), ('review_decided', 'Entscheidung über meinen Antrag auf Überprüfung'), ('new_report', 'neue Meldung in einem moderierten Projekt'), ('measure_stale', 'Erinnerung: Maßnahme ohne aktuellen Sachstand'), ('milestone_due', 'Erinnerung: Meilenstein bald fällig'), ('status_report_published', 'neuer Sachstandsbericht an den Stadtrat veröffentlicht')], max_length=40, verbose_name='Art')),
                        ('delivery', models.CharField(choices=[('immediate', 'sofort per E-Mail'), ('daily', 'täglich gesammelt'), ('weekly', 'wöchentlich gesammelt'), ('off', 'keine E-Mail (nur hier im Portal)')], max_length=20, verbose_name='E-Mail')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preferences', to=settings.AUTH_USER_MODEL, verbose_name='Person')),
                    ],
                    options={
                        'verbose_name': 'Benachrichtigungseinstellung',
                        'verbose_name_plural': 'Benachrichtigungseinstellungen',
                        'constraints': [models.UniqueConstraint(fields=('user', 'kind'), name='one_preference_per_kind')],
                    },
                ),
            ],
        ),
        migrations.RunPython(ADOPTION.forwards, ADOPTION.backwards),
    ]
