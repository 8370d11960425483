"""The moderation models, which until December 2026 belonged to the app ``participation``.

A database made before keeps its rows: the ``participation_*`` tables are renamed
(``core.legacy_tables``); a new database gets new tables.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.legacy_tables import Adoption


ADOPTION = Adoption(
    app_label="moderation",
    legacy_models={
        "Flag": "report",
        "ModerationDecision": "moderationdecision",
        "FlagAlert": "reportalert",
    },
    renamed_indexes={},
)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('ideas', '0001_initial'),
        ('projects', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Flag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(choices=[('spam', 'Werbung oder Spam'), ('insult', 'Beleidigung oder Belästigung'), ('hate', 'Hassrede oder Diskriminierung'), ('personal_data', 'persönliche Daten anderer'), ('illegal', 'möglicherweise rechtswidrig'), ('off_topic', 'nicht zum Thema'), ('other', 'Sonstiges')], error_messages={'blank': 'Bitte wählen Sie einen Grund für die Meldung.', 'invalid_choice': 'Bitte wählen Sie einen Grund für die Meldung.'}, max_length=20, verbose_name='Grund')),
                        ('text', models.TextField(blank=True, error_messages={'max_length': 'Die Erläuterung darf höchstens %(limit_value)s Zeichen lang sein.'}, max_length=1000, validators=[django.core.validators.MaxLengthValidator(1000)], verbose_name='Erläuterung')),
                        ('status', models.CharField(choices=[('open', 'offen'), ('upheld', 'Inhalt ausgeblendet'), ('dismissed', 'zurückgewiesen')], default='open', max_length=20, verbose_name='Status')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='gemeldet am')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='entschieden am')),
                        ('comment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='flags', to='ideas.comment', verbose_name='Kommentar')),
                        ('idea', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='flags', to='ideas.idea', verbose_name='Idee')),
                        ('reporter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='flags', to=settings.AUTH_USER_MODEL, verbose_name='gemeldet von')),
                    ],
                    options={
                        'verbose_name': 'Meldung',
                        'verbose_name_plural': 'Meldungen',
                        'ordering': ['-created_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('comment__isnull', True), ('idea__isnull', False)), models.Q(('comment__isnull', False), ('idea__isnull', True)), _connector='OR'), name='report_has_exactly_one_target')],
                    },
                ),
                migrations.CreateModel(
                    name='FlagAlert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='seit')),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='flag_alerts', to='projects.project', verbose_name='Projekt')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='flag_alerts', to=settings.AUTH_USER_MODEL, verbose_name='Moderator:in')),
                    ],
                    options={
                        'verbose_name': 'Benachrichtigung über Meldungen',
                        'verbose_name_plural': 'Benachrichtigungen über Meldungen',
                        'constraints': [models.UniqueConstraint(fields=('user', 'project'), name='one_report_alert')],
                    },
                ),
                migrations.CreateModel(
                    name='ModerationDecision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(choices=[('hide', 'ausgeblendet'), ('auto_hide', 'automatisch ausgeblendet (mehrere Meldungen)'), ('restore', 'wiederhergestellt'), ('dismiss', 'Meldungen zurückgewiesen')], max_length=20, verbose_name='Entscheidung')),
                        ('rule', models.CharField(blank=True, choices=[('spam', 'Werbung oder Spam'), ('insult', 'Beleidigung oder Belästigung'), ('hate', 'Hassrede oder Diskriminierung'), ('personal_data', 'persönliche Daten anderer'), ('illegal', 'möglicherweise rechtswidrig'), ('off_topic', 'nicht zum Thema'), ('other', 'Sonstiges')], help_text='Gegen welche Regel der Netiquette verstößt der Inhalt?', max_length=20, verbose_name='Regel')),
                        ('statement', models.TextField(blank=True, verbose_name='Begründung')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='entschieden am')),
                        ('review_requested_at', models.DateTimeField(blank=True, null=True, verbose_name='Überprüfung beantragt am')),
                        ('review_text', models.TextField(blank=True, verbose_name='Antrag auf Überprüfung')),
                        ('review_outcome', models.CharField(blank=True, choices=[('upheld', 'Entscheidung bestätigt'), ('reversed', 'Entscheidung aufgehoben')], max_length=20, verbose_name='Ergebnis der Überprüfung')),
                        ('review_decided_at', models.DateTimeField(blank=True, null=True, verbose_name='überprüft am')),
                        ('comment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='moderation_decisions', to='ideas.comment', verbose_name='Kommentar')),
                        ('idea', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='moderation_decisions', to='ideas.idea', verbose_name='Idee')),
                        ('moderator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Moderation')),
                        ('review_decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='überprüft von')),
                    ],
                    options={
                        'verbose_name': 'Moderationsentscheidung',
                        'verbose_name_plural': 'Moderationsentscheidungen',
                        'ordering': ['-created_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('comment__isnull', True), ('idea__isnull', False)), models.Q(('comment__isnull', False), ('idea__isnull', True)), _connector='OR'), name='decision_has_exactly_one_target')],
                    },
                ),
            ],
        ),
        migrations.RunPython(ADOPTION.forwards, ADOPTION.backwards),
    ]
