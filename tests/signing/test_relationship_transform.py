"""The OOXML RelationshipTransform + C14N, against the steps of ECMA-376 Part 2 §13.2.4.24
written out by hand: keep the relationships named by SourceId, sort them by Id, drop text and
foreign attributes, add TargetMode="Internal" where missing; then C14N 1.0 (attributes sorted
by name, empty elements as start/end pairs, default namespace only)."""

from __future__ import annotations

import pytest

pytest.importorskip("lxml")

from xladdin.signing.core import relationship_transform

RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"
               xmlns:x="urn:extra">
  <!-- a comment -->
  <Relationship Type="t/sheet" Target="worksheets/sheet2.xml" Id="rId10" x:note="dropped"/>
  <Relationship Id="rId2" Target="http://example.invalid/" Type="t/link" TargetMode="External"/>
  <Relationship Id="rId3" Type="t/theme" Target="theme/theme1.xml"/>
  <Relationship Id="rId1" Type="t/sheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""

NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def test_selected_sorted_internal_mode_added_by_hand():
    got = relationship_transform(RELS, ["rId1", "rId10", "rId2"])
    # by hand: rId3 not selected; order by Id as bytes: rId1 < rId10 < rId2
    want = (
        f'<Relationships xmlns="{NS}">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" TargetMode="Internal" '
        'Type="t/sheet"></Relationship>'
        '<Relationship Id="rId10" Target="worksheets/sheet2.xml" TargetMode="Internal" '
        'Type="t/sheet"></Relationship>'
        '<Relationship Id="rId2" Target="http://example.invalid/" TargetMode="External" '
        'Type="t/link"></Relationship>'
        "</Relationships>"
    ).encode()
    assert got == want


def test_whitespace_and_order_in_the_part_do_not_matter():
    compact = RELS.replace(b"\n  ", b"").replace(b"<!-- a comment -->", b"")
    assert relationship_transform(compact, ["rId1", "rId3"]) == relationship_transform(
        RELS, ["rId3", "rId1"]
    )


def test_doctype_is_refused():
    evil = b'<!DOCTYPE r [<!ENTITY a "aaaa">]><Relationships xmlns="%s"/>' % NS.encode()
    with pytest.raises(ValueError):
        relationship_transform(evil, [])
