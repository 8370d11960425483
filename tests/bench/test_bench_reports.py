"""Benchmark: generating a status report (snapshot, then HTML and PDF with WeasyPrint in
German and in English) for the Jena demo data (9 bundles, ~50 measures, three
participation projects) and for 10x the measures (each demo measure copied nine times
with its updates, milestones and indicators).

Not part of the unit suite. Run from the repository root with:

    .venv/bin/pytest tests/bench/test_bench_reports.py -m bench -p no:cacheprovider \\
        --override-ini addopts="" -q -s

It prints, per size: measures, seconds for the snapshot, the HTML (both languages), the
German PDF, the English PDF and in total, and pages and size of each PDF.
BENCH_REPORT_RUNS=N repeats each generation (default 3; the median is printed).
"""

import datetime
import io
import os
import statistics
import time

import pytest
from django.core.management import call_command
from django.utils import translation
from pypdf import PdfReader

from measures.models import Indicator, IndicatorValue, Measure, Milestone, ProgressUpdate
from reports.models import StatusReport
from reports.render import render_body, render_pdf
from reports.snapshot import build_snapshot

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

RUNS = int(os.environ.get("BENCH_REPORT_RUNS", "3"))


def multiply_measures(factor: int) -> None:
    """Copy every measure (factor - 1) times, with its history, in bulk."""
    originals = list(Measure.objects.all())
    updates = list(ProgressUpdate.objects.all())
    milestones = list(Milestone.objects.all())
    indicators = list(Indicator.objects.prefetch_related("values"))
    for copy in range(1, factor):
        clones = []
        for m in originals:
            m_clone = Measure.objects.get(pk=m.pk)
            m_clone.pk = None
            m_clone.code = f"{m.code}.{copy}"
            m_clone.slug = f"{m.slug}-{copy}"
            clones.append((m.pk, m_clone))
        Measure.objects.bulk_create([c for _, c in clones])
        new_id = {old: clone.pk for old, clone in clones}
        ProgressUpdate.objects.bulk_create([
            ProgressUpdate(measure_id=new_id[u.measure_id], date=u.date, status=u.status,
                           progress=u.progress, text=u.text, reason=u.reason)
            for u in updates
        ])
        Milestone.objects.bulk_create([
            Milestone(measure_id=new_id[ms.measure_id], title=ms.title, due_on=ms.due_on,
                      completed_on=ms.completed_on)
            for ms in milestones
        ])
        for indicator in indicators:
            clone = Indicator.objects.create(
                measure_id=new_id[indicator.measure_id], name=indicator.name,
                unit=indicator.unit, baseline_value=indicator.baseline_value,
                target_value=indicator.target_value, target_date=indicator.target_date,
            )
            IndicatorValue.objects.bulk_create([
                IndicatorValue(indicator=clone, date=v.date, value=v.value)
                for v in indicator.values.all()
            ])


def generate_once(report) -> dict:
    """What reports.services.report_generate does, timed step by step."""
    started = time.perf_counter()
    snapshot = build_snapshot(report)
    after_snapshot = time.perf_counter()
    bodies = {}
    for language in ("de", "en"):
        with translation.override(language):
            bodies[language] = render_body(snapshot)
    after_html = time.perf_counter()
    pdf_de = render_pdf(bodies["de"], title=report.title, language="de")
    after_pdf_de = time.perf_counter()
    pdf_en = render_pdf(bodies["en"], title=report.title, language="en")
    done = time.perf_counter()
    return {
        "snapshot": after_snapshot - started, "html": after_html - after_snapshot,
        "pdf_de": after_pdf_de - after_html, "pdf_en": done - after_pdf_de,
        "total": done - started,
        "pages_de": len(PdfReader(io.BytesIO(pdf_de)).pages), "kb_de": len(pdf_de) / 1024,
        "pages_en": len(PdfReader(io.BytesIO(pdf_en)).pages), "kb_en": len(pdf_en) / 1024,
    }


def test_bench_report_generation_demo_and_ten_times_the_measures(capsys):
    call_command("load_jena_demo", verbosity=0)
    call_command("load_participation_demo", verbosity=0)
    today = datetime.date.today()
    report = StatusReport.objects.create(
        title="Sachstandsbericht (Benchmark)", period_start=today - datetime.timedelta(days=182),
        period_end=today, as_of=today,
    )
    rows = []
    for factor in (1, 10):
        if factor > 1:
            multiply_measures(factor)
        runs = [generate_once(report) for _ in range(RUNS)]
        rows.append((Measure.objects.filter(is_public=True).count(), {
            key: statistics.median(run[key] for run in runs) for key in runs[0]
        }))
    with capsys.disabled():
        print("\n[bench reports] measures  snapshot s  html s  pdf de s  pdf en s  total s  "
              "pages de/en  KiB de/en")
        for measures, r in rows:
            print(f"[bench reports] {measures:>8} {r['snapshot']:>10.2f} {r['html']:>7.2f} "
                  f"{r['pdf_de']:>9.2f} {r['pdf_en']:>9.2f} {r['total']:>8.2f} "
                  f"{r['pages_de']:>6.0f}/{r['pages_en']:<5.0f} "
                  f"{r['kb_de']:>5.0f}/{r['kb_en']:.0f}")
    assert rows[1][0] >= 10 * 40
