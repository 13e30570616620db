"""The catalogue's words around findings: operating-system errors said in one way."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("exc", "key"),
    [
        (FileNotFoundError(2, "No such file or directory", "x.xlsx"), "path_missing"),
        (IsADirectoryError(21, "Is a directory", "x.xlsx"), "path_folder"),
        (NotADirectoryError(20, "Not a directory", "x/y.xlsx"), "cli_os_not_dir"),
        (FileExistsError(17, "File exists", "x"), "cli_os_exists"),
        (PermissionError(13, "Permission denied", "x.xlsx"), "cli_os_permission"),
        (OSError(28, "No space left on device"), None),
    ],
)
def test_one_classifier_of_os_errors_says_each_kind_in_both_languages(exc, key):
    """Issue #12: operating-system errors are classified in one place
    (:func:`os_error_word`); every command, the reader and the national totals say them with
    the same catalogue rows, in English and in Lao."""
    from xladdin.findings.words import WORDS, os_error_word
    from xladdin.workbook.package import os_reason

    assert os_error_word(exc) == key
    if key is None:
        assert os_reason(exc) == "No space left on device"
    else:
        en, lo = WORDS[key]
        assert en and lo and os_reason(exc) == en and os_reason(exc, "lo") == lo
        assert "Errno" not in os_reason(exc)


def test_a_file_excel_holds_open_on_windows_is_a_permission_problem():
    from xladdin.findings.words import os_error_word

    exc = OSError(13, "The process cannot access the file")
    exc.winerror = 32  # ERROR_SHARING_VIOLATION
    assert os_error_word(exc) == "cli_os_permission"


def test_a_calculation_error_is_said_in_lao_by_its_kind():
    """Issue #12 item 4: an error of the calculation core keeps its own English text (it
    names the period or argument at fault) and is said in Lao by its kind, matched on its
    class or a base class; another error is a generic "cannot be calculated"."""
    from xladdin.findings.words import calculation_words, word
    from xladdin.gdp.errors import (
        CalculationError,
        DivisionByZeroError,
        NoOverlapError,
        ShapeError,
    )

    class ZeroIndex(DivisionByZeroError):  # a subclass: its base decides
        pass

    cases = [
        (NoOverlapError("old and new have no period with both values"), "calc_no_overlap"),
        (ZeroIndex("old is zero in the link period 3"), "calc_division_by_zero"),
        (ShapeError("old has 5 cells, new has 4"), "calc_shape"),
        (CalculationError("something else"), "calc_other"),
    ]
    for exc, key in cases:
        got = calculation_words("reason", exc)
        assert got == {"reason": str(exc), "reason_lo": word(key, "lo")}
        assert word(key, "lo") and word(key, "lo") != word(key)


def test_where_words_name_the_item_in_each_language():
    from xladdin.findings.words import where_words

    assert where_words("Agriculture", "ກະສິກຳ", 2014) == {
        "where": "Agriculture, 2014",
        "where_lo": "ກະສິກຳ, 2014",
    }
    assert where_words("", "", 2014) == {"where": "2014", "where_lo": "2014"}
    assert where_words("", "", "") == {"where": "-", "where_lo": "-"}


def test_a_path_that_cannot_be_used_is_said_in_both_languages_for_keys_and_trust_roots(tmp_path):
    """Issue #12 item 4: a missing key file or trust root is said from the catalogue (the
    one OS-error classifier), never the system's English "No such file or directory"."""
    pytest.importorskip("cryptography")
    from xladdin.findings.words import os_reason_words, word
    from xladdin.signing.core import SigningError, load_pkcs12, load_trust_roots

    missing = tmp_path / "nowhere.pem"
    for load in (lambda: load_trust_roots([missing]), lambda: load_pkcs12(missing, "x")):
        with pytest.raises(SigningError) as exc:
            load()
        f = exc.value.finding
        assert word("path_missing") in f.message_en and word("path_missing", "lo") in f.message_lo
        assert "No such file" not in f.message_lo
    other = OSError(28, "No space left on device")
    assert os_reason_words(other) == {
        "reason": "No space left on device",
        "reason_lo": word("path_unreadable", "lo"),
    }
