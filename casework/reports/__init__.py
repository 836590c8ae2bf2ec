"""Reports: performance against the policy, open cases, outcomes, regulatory figures, hot spots, Case Review.

Each report is a module with a `build(scope, params)` that asks the database for aggregates (never loading
cases into Python) and returns a `Report`: tables of figures, each optionally drawn as a chart. The web
pages, the CSV and XLSX downloads and the benchmarks all read the same `Report`.
"""
