"""Versioned data files (CSV) read by xladdin.templates.data; see README.md here."""
