"""Excel date serials and cell-text escaping, from their one home :mod:`xladdin.workbook.cells`.

Expected serials are Excel's own, stated in Microsoft's documentation of the DATE function
and of the 1900/1904 date systems ("Date systems in Excel", support.microsoft.com): 1900-01-01
is 1, 2008-01-01 is 39448 in the 1900 system, and the 1904 system counts 1,462 days fewer.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from xladdin.workbook.cells import datetime_to_serial, serial_to_datetime, xml_escape


@pytest.mark.parametrize(
    ("when", "serial"),
    [
        (date(1900, 1, 1), 1),  # day 1 of the 1900 system
        (date(1900, 2, 28), 59),
        (date(1900, 3, 1), 61),  # 60 is Excel's non-existent 1900-02-29
        (date(2008, 1, 1), 39448),  # Microsoft's DATE(2008,1,1) example
    ],
)
def test_serials_of_the_1900_system(when, serial):
    assert datetime_to_serial(when) == serial
    assert serial_to_datetime(serial) == datetime(when.year, when.month, when.day)


def test_the_1904_system_is_1462_days_later():
    # "Date systems in Excel": the 1904 system's serials are 1,462 less for the same date
    assert datetime_to_serial(date(2008, 1, 1), date1904=True) == 39448 - 1462
    assert serial_to_datetime(39448 - 1462, date1904=True) == datetime(2008, 1, 1)


def test_a_time_is_a_fraction_of_a_day():
    assert datetime_to_serial(time(18, 0)) == 0.75  # 18 h / 24 h


def test_out_of_range_serials_stay_numbers():
    assert serial_to_datetime(-1.0) == -1.0
    assert serial_to_datetime(2958466.0) == 2958466.0  # after 9999-12-31


def test_xml_escape_matches_the_standard_library():
    from xml.sax.saxutils import escape

    text = "a & b < c > d \"e\" 'f'"
    assert xml_escape(text) == escape(text) == "a &amp; b &lt; c &gt; d \"e\" 'f'"


@pytest.mark.parametrize(
    "raw",
    [
        "plain",
        "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;",
        "&#10;&#x0A;&#xa;&#9;",
        "ລາວ &#x0EA5;&#x0EB2;&#x0EA7; &#3749;",
        "&amp;amp; &amp;#10;",  # resolved once: the text is "&amp; &#10;"
        "_x000D_ &amp; _x005F_",  # OOXML escapes are a later step (ooxml_unescape)
    ],
)
def test_xml_unescape_reads_references_as_an_xml_parser_does(raw):
    """One resolution of XML references (xladdin.workbook.cells.xml_unescape), used by the
    tokenised reader and the text edits alike: what expat reports for the same text."""
    import xml.etree.ElementTree as ET

    from xladdin.workbook.cells import xml_unescape
    from xladdin.workbook.sheet_scan import text_of

    parsed = ET.fromstring(f"<a>{raw}</a>".encode()).text or ""
    assert xml_unescape(raw) == parsed
    assert text_of(raw.encode()) == parsed


def test_xml_unescape_leaves_what_is_not_a_reference():
    from xladdin.workbook.cells import xml_unescape

    assert xml_unescape("&nbsp; &#xZZ; &# ; & x") == "&nbsp; &#xZZ; &# ; & x"
    assert xml_unescape("&#໑;") == "&#໑;"  # a Lao digit is not a decimal reference
