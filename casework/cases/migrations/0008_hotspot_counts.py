"""The hot spots report's derived counts (casework/cases/models/hotspots.py), filled from the records.

From here on `engine.refresh` keeps them with each event; this fills them once for the cases already held.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from casework.cases.models.hotspots import fill


def forwards(apps: Any, schema_editor: Any) -> None:
    names = ("PlaceDay", "HotspotCaseDay", "ComplainantDay", "PerpetratorCase")
    fill(
        case=apps.get_model("cases", "Case"),
        incident=apps.get_model("cases", "Incident"),
        party=apps.get_model("cases", "Party"),
        tables={name: apps.get_model("cases", name)._meta.db_table for name in names},
        using=schema_editor.connection,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_report_covering_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='PlaceDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('estate', models.CharField(blank=True, max_length=100)),
                ('area', models.CharField(blank=True, max_length=100)),
                ('ward', models.CharField(blank=True, max_length=100)),
                ('postcode_district', models.CharField(blank=True, max_length=10)),
                ('cases', models.IntegerField(default=0)),
                ('incidents', models.IntegerField(default=0)),
            ],
            options={
                'indexes': [models.Index(fields=['day'], include=('estate', 'area', 'ward', 'postcode_district', 'cases', 'incidents'), name='place_day_day')],
                'constraints': [models.UniqueConstraint(fields=('day', 'estate', 'area', 'ward', 'postcode_district'), name='place_day_once')],
            },
        ),
        migrations.CreateModel(
            name='ComplainantDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('person_key', models.CharField(max_length=300)),
                ('day', models.DateField()),
                ('incidents', models.IntegerField()),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.case')),
            ],
            options={
                'indexes': [models.Index(fields=['day'], include=('person_key', 'incidents', 'case'), name='complainant_day_day')],
            },
        ),
        migrations.CreateModel(
            name='HotspotCaseDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('address_id', models.BigIntegerField(null=True)),
                ('estate', models.CharField(blank=True, max_length=100)),
                ('area', models.CharField(blank=True, max_length=100)),
                ('ward', models.CharField(blank=True, max_length=100)),
                ('postcode_district', models.CharField(blank=True, max_length=10)),
                ('cases', models.IntegerField(default=0)),
                ('incidents', models.IntegerField(default=0)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.case')),
            ],
            options={
                'indexes': [models.Index(condition=models.Q(('cases__gt', 0)), fields=['day'], include=('address_id', 'cases'), name='hotspot_case_day_opened'), models.Index(fields=['address_id', 'day'], include=('incidents',), name='hotspot_case_day_address')],
            },
        ),
        migrations.CreateModel(
            name='PerpetratorCase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('person_key', models.CharField(db_index=True, max_length=300)),
                ('opened_at', models.DateTimeField()),
                ('closed_at', models.DateTimeField(null=True)),
                ('shared', models.BooleanField(default=False)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.case')),
            ],
            options={
                'indexes': [models.Index(condition=models.Q(('shared', True)), fields=['opened_at'], include=('person_key', 'closed_at', 'case'), name='perpetrator_case_shared')],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
