"""The operators' report: figures under the small-cell rule, text/JSON/CSV, and the HTML page."""
