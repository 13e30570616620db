"""The Excel add-in (``xladdin.xlam``), built from text sources on any OS.

* :mod:`xladdin.addin.build` -- ``build_addin()``: xlwings' ribbon template + our ribbon XML,
  VBA and config, written with pyOpenVBA (source-only VBA), then verified.
* :mod:`xladdin.addin.verify` -- ``verify_addin()``: independent read-back (oletools, olefile,
  defusedxml, LibreOffice).
* :mod:`xladdin.addin.wrappers` -- the UDF wrappers, by xlwings' own generator.
* :mod:`xladdin.addin.install` -- Windows install into XLSTART.
* :mod:`xladdin.addin.selftest` -- the self-test workbook.

See docs/addin.md.
"""
