"""Reference data for the self-test workbook (a package so wheels include it)."""
