"""The ideas models, which until December 2026 belonged to the app ``participation``.

A database made before keeps its rows: the ``participation_*`` tables are renamed
(``core.legacy_tables``); a new database gets new tables.
"""

import django.core.validators
import django.db.models.deletion
import djgeojson.fields
import participation.ideas.models
from django.conf import settings
from django.db import migrations, models

from core.legacy_tables import Adoption


ADOPTION = Adoption(
    app_label="ideas",
    legacy_models={"Idea": "idea", "Comment": "comment", "Vote": "vote"},
    renamed_indexes={"Idea": {"participati_project_8e4723_idx": "idea_project_list_idx"}},
)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('geo', '0001_initial'),
        ('measures', '0003_historicalmeasure_comments_closed_and_more'),
        ('projects', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Idea',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(error_messages={'blank': 'Bitte geben Sie Ihrer Idee einen Titel.', 'max_length': 'Der Titel darf höchstens %(limit_value)d Zeichen lang sein (jetzt: %(show_value)d).'}, max_length=140, verbose_name='Titel')),
                        ('text', models.TextField(error_messages={'blank': 'Bitte beschreiben Sie Ihre Idee.', 'max_length': 'Die Beschreibung darf höchstens %(limit_value)d Zeichen lang sein (jetzt: %(show_value)d).'}, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='Beschreibung')),
                        ('location', djgeojson.fields.PointField(blank=True, null=True, validators=[participation.ideas.models.validate_idea_location], verbose_name='Ort auf der Karte')),
                        ('place_description', models.CharField(blank=True, error_messages={'max_length': 'Die Ortsbeschreibung darf höchstens %(limit_value)d Zeichen lang sein.'}, max_length=200, verbose_name='Adresse oder Ortsbeschreibung')),
                        ('image', models.ImageField(blank=True, upload_to='ideas/%Y/%m/', verbose_name='Bild')),
                        ('image_alt', models.CharField(blank=True, error_messages={'max_length': 'Die Bildbeschreibung darf höchstens %(limit_value)d Zeichen lang sein.'}, max_length=250, verbose_name='Bildbeschreibung')),
                        ('status', models.CharField(choices=[('submitted', 'eingereicht'), ('in_review', 'in Prüfung'), ('accepted', 'angenommen'), ('rejected', 'abgelehnt'), ('implemented', 'umgesetzt')], default='submitted', error_messages={'invalid_choice': 'Unbekannter Status „%(value)s“.'}, max_length=20, verbose_name='Status')),
                        ('official_response', models.TextField(blank=True, error_messages={'max_length': 'Die Antwort darf höchstens %(limit_value)d Zeichen lang sein.'}, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='Antwort der Stadt')),
                        ('official_response_at', models.DateTimeField(blank=True, null=True, verbose_name='Antwort am')),
                        ('is_hidden', models.BooleanField(default=False, verbose_name='ausgeblendet')),
                        ('vote_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='Unterstützungen')),
                        ('comment_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='Kommentare')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='eingereicht am')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='geändert')),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ideas', to=settings.AUTH_USER_MODEL, verbose_name='eingereicht von')),
                        ('category', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ideas', to='projects.category', verbose_name='Kategorie')),
                        ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ideas', to='geo.district', verbose_name='Ortsteil')),
                        ('measure', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ideas', to='measures.measure', verbose_name='aufgegriffen in Maßnahme')),
                        ('official_response_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Antwort von')),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ideas', to='projects.project', verbose_name='Projekt')),
                    ],
                    options={
                        'verbose_name': 'Idee',
                        'verbose_name_plural': 'Ideen',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Comment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(error_messages={'blank': 'Bitte schreiben Sie einen Kommentar.', 'max_length': 'Ein Kommentar hat höchstens %(limit_value)d Zeichen (dieser hat %(show_value)d).'}, max_length=3000, validators=[django.core.validators.MaxLengthValidator(3000)], verbose_name='Kommentar')),
                        ('is_deleted', models.BooleanField(default=False, verbose_name='gelöscht')),
                        ('is_hidden', models.BooleanField(default=False, verbose_name='ausgeblendet')),
                        ('is_highlighted', models.BooleanField(default=False, verbose_name='hervorgehoben')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='geschrieben am')),
                        ('edited_at', models.DateTimeField(blank=True, null=True, verbose_name='bearbeitet am')),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='comments', to=settings.AUTH_USER_MODEL, verbose_name='verfasst von')),
                        ('measure', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='measures.measure', verbose_name='Maßnahme')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='ideas.comment', verbose_name='Antwort auf')),
                        ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='projects.project', verbose_name='Projekt')),
                        ('idea', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='ideas.idea', verbose_name='Idee')),
                    ],
                    options={
                        'verbose_name': 'Kommentar',
                        'verbose_name_plural': 'Kommentare',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Vote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='abgegeben am')),
                        ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='ideas.idea', verbose_name='Idee')),
                        ('phase', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='votes', to='projects.phase', verbose_name='Phase')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='votes', to=settings.AUTH_USER_MODEL, verbose_name='Person')),
                    ],
                    options={
                        'verbose_name': 'Unterstützung',
                        'verbose_name_plural': 'Unterstützungen',
                    },
                ),
                migrations.AddIndex(
                    model_name='idea',
                    index=models.Index(fields=['project', 'is_hidden', '-created_at'], name='idea_project_list_idx'),
                ),
                migrations.AddConstraint(
                    model_name='comment',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('idea__isnull', False), ('measure__isnull', True), ('project__isnull', True)), models.Q(('idea__isnull', True), ('measure__isnull', False), ('project__isnull', True)), models.Q(('idea__isnull', True), ('measure__isnull', True), ('project__isnull', False)), _connector='OR'), name='comment_has_exactly_one_target'),
                ),
                migrations.AddConstraint(
                    model_name='vote',
                    constraint=models.UniqueConstraint(fields=('user', 'idea'), name='one_vote_per_person_and_idea'),
                ),
            ],
        ),
        migrations.RunPython(ADOPTION.forwards, ADOPTION.backwards),
    ]
