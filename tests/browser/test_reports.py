"""A manager reads a report: opens Reports, chooses last month on Performance, sees the chart drawn from the
table's figures, and downloads them as CSV; with JavaScript off the same page is the table alone."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.urls import reverse
from playwright.sync_api import Page, expect

from casework.cases.engine import today
from casework.reports.scope import add_months
from tests.browser.axe import check_accessibility
from tests.browser.helpers import shot
from tests.web.test_reports import casebook

#: Is a chart drawn on this canvas, and did it paint anything? (Chart.js keeps the chart on its canvas.)
_DRAWN = """(canvas) => {
  const chart = window.Chart && window.Chart.getChart(canvas);
  if (!chart) return {chart: false, painted: 0};
  const {width, height} = canvas;
  const pixels = canvas.getContext("2d").getImageData(0, 0, width, height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) painted++;
  return {chart: true, type: chart.config.type, series: chart.data.datasets.length, painted};
}"""


def test_a_manager_reads_performance_with_its_chart_and_downloads_the_figures(signed_in_page: Any, people: Any) -> None:
    casebook(people, 4)
    month = add_months(today(), -1)
    page: Page = signed_in_page("manager")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    check_accessibility(page, "reports")

    page.get_by_role("link", name="Performance against the policy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance against the policy")
    page.get_by_label("Month", exact=True).fill(f"{month:%Y-%m}")
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()
    expect(page).to_have_url(f"{reverse('web:report', args=['performance'])}?month={month:%Y-%m}&team=")
    expect(page.locator("#described")).to_contain_text(f"{month:%B %Y}")

    by_kind = page.get_by_role("table", name=f"Duties due {month:%-d %B %Y}", exact=False).first
    expect(by_kind).to_be_visible()
    # The officer's two cases (of four: the others are South's) each had 3 duties due last month.
    totals = by_kind.locator("tfoot tr").first
    expect(totals.locator("th")).to_have_text("All duties")
    expect(totals.locator("td").first).to_have_text("6")

    chart = page.get_by_role("img", name="Stacked bar chart of Met on time", exact=False).first
    expect(chart).to_be_visible()
    drawn = chart.evaluate(_DRAWN)
    assert drawn["chart"], "no Chart.js chart on the canvas"
    assert (drawn["type"], drawn["series"]) == ("bar", 4), drawn  # stacked: on time, late, missed, overdue
    assert drawn["painted"] > 1000, f"the chart painted almost nothing: {drawn}"
    shot(page, "performance with charts")
    check_accessibility(page, "performance report")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"performance-{month:%Y-%m}.csv"
    path = download.path()
    assert path is not None
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert ["Month", f"{month:%B %Y}"] in rows
    # 6 fell due: at or above the suppression threshold (5), so shown as it is.
    assert any(row[:2] == ["All duties", "6"] for row in rows)

    # A bad month: the error at the field, and the page still works.
    page.goto(reverse("web:report", args=["performance"]) + "?month=2026-13")
    expect(page).to_have_title("Error: Performance against the policy – Casework")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator("#id_month-error")).to_contain_text("is not a month")
    check_accessibility(page, "performance report, bad month")


def test_a_report_is_its_tables_without_javascript(signed_in_page: Any, people: Any) -> None:
    casebook(people, 4)
    month = add_months(today(), -1)
    page: Page = signed_in_page("operations", javascript=False)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="Performance against the policy").click()
    page.get_by_label("Month", exact=True).fill(f"{month:%Y-%m}")
    page.get_by_label("Team", exact=True).select_option(label="North")
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()
    expect(page.locator("#described")).to_contain_text("North")
    table = page.locator("#table-by-kind")
    expect(table).to_be_visible()
    expect(table.locator("tfoot td").first).to_have_text("6")
    # No script ran: the chart stays hidden rather than an empty box.
    expect(page.locator("[data-chart]").first).to_be_hidden()
    expect(page.get_by_role("link", name="Download spreadsheet (XLSX)")).to_be_visible()
