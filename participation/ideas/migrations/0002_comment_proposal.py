"""Comments on Bürgerbudget proposals: a fourth target, exactly one of four."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0001_budget"),
        ("ideas", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="comment",
            name="comment_has_exactly_one_target",
        ),
        migrations.AddField(
            model_name="comment",
            name="proposal",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="comments",
                to="budgets.proposal",
                verbose_name="Vorschlag",
            ),
        ),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("idea__isnull", False),
                        ("measure__isnull", True),
                        ("project__isnull", True),
                        ("proposal__isnull", True),
                    ),
                    models.Q(
                        ("idea__isnull", True),
                        ("measure__isnull", False),
                        ("project__isnull", True),
                        ("proposal__isnull", True),
                    ),
                    models.Q(
                        ("idea__isnull", True),
                        ("measure__isnull", True),
                        ("project__isnull", False),
                        ("proposal__isnull", True),
                    ),
                    models.Q(
                        ("idea__isnull", True),
                        ("measure__isnull", True),
                        ("project__isnull", True),
                        ("proposal__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="comment_has_exactly_one_target",
            ),
        ),
    ]
