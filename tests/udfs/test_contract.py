"""The GDP_ function names and arguments are a contract (saved workbooks call them)."""

import inspect
import subprocess
import sys
import textwrap

import udfs

# name -> (required args, optional args with defaults), as in the brief's contract table
CONTRACT = {
    "GDP_GVA": (["output", "intermediate"], {}),
    "GDP_GDP": (["gva"], {"taxes": None, "subsidies": None}),
    "GDP_DEFLATE": (["current", "price_index"], {"index_base": 100}),
    "GDP_REFLATE": (["volume", "price_index"], {"index_base": 100}),
    "GDP_DEFLATOR": (["current", "volume"], {"index_base": 100}),
    "GDP_EXTRAPOLATE": (["base_value", "indicator"], {"base_position": 1}),
    "GDP_GROWTH": (["series"], {"lag": 1}),
    "GDP_SHARE": (["parts"], {"total": None}),
    "GDP_CONTRIB": (["component", "total"], {}),
    "GDP_CONTRIB_AO": (
        ["component_index", "component_value", "total_index", "total_value"],
        {"periods_per_year": 4, "convention": "eurostat"},
    ),
    "GDP_PER_CAPITA": (["value", "population"], {"scale": 1}),
    "GDP_TO_USD": (["value", "exchange_rate"], {}),
    "GDP_CHAIN": (
        ["current", "previous_year_prices"],
        {"reference_position": 1, "periods_per_year": 1},
    ),
    "GDP_CHAIN_SUM": (
        ["indices", "values", "first_year", "reference_year"],
        {"periods_per_year": 4},
    ),
    "GDP_REBASE": (
        ["old_series", "new_series"],
        {
            "method": "ratio",
            "link_position": None,
            "old_base_position": None,
            "old_base_value": None,
        },
    ),
    "GDP_DENTON": (
        ["indicator", "benchmarks"],
        {"method": "proportional", "periods_per_year": 4, "conversion": "sum", "offset": 0, "h": 1},
    ),
    "GDP_CHOWLIN": (
        ["benchmarks", "indicators"],
        {
            "method": "chow-lin-maxlog",
            "periods_per_year": 4,
            "conversion": "sum",
            "offset": 0,
            "min_rho": 0,
            "intercept": True,
        },
    ),
    "GDP_ALLOCATE": (["total", "indicators"], {}),
    "GDP_RAKE": (["components", "total"], {"basis": "value", "alterability": None}),
    "GDP_CHECK_SUM": (["parts", "total"], {"tolerance": None}),
}


def test_functions_lists_exactly_the_twenty_names():
    assert list(udfs.FUNCTIONS) == list(CONTRACT)
    assert len(udfs.FUNCTIONS) == 20
    for name, f in udfs.FUNCTIONS.items():
        assert getattr(udfs, name) is f


def test_signatures_match_the_contract():
    for name, (required, optional) in CONTRACT.items():
        params = inspect.signature(udfs.FUNCTIONS[name]).parameters
        names = list(params)
        assert names == required + list(optional), name
        for arg, default in optional.items():
            assert params[arg].default == default, (name, arg)
        for arg in required:
            assert params[arg].default is inspect.Parameter.empty, (name, arg)


def test_xlfunc_metadata_for_excel():
    for name, f in udfs.FUNCTIONS.items():
        meta = f.__xlfunc__
        assert meta["name"] == name
        assert meta["category"] == "GDP (xladdin)"
        doc = meta["ret"]["doc"]
        assert doc and "\n" not in doc and doc.isascii() and len(doc) <= 255, name
        for arg in meta["args"]:
            assert arg["options"] == {"convert": "raw"}, (name, arg["name"])
            assert arg["doc"].isascii() and not arg["doc"].startswith("Positional"), (name, arg)
            assert len(arg["doc"]) <= 255


def test_metadata_equals_what_real_xlwings_decorators_build():
    """As on Windows: ``xlwings.func/arg/ret`` are xlwings.udfs' (pywin32 stubbed here), the
    UDF modules are imported afresh and use them as they are; same metadata as elsewhere."""
    code = textwrap.dedent(
        """
        import json, sys, types
        for mod in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
            m = types.ModuleType(mod)
            m.CoInitialize = lambda: None
            m.Dispatch = object
            sys.modules[mod] = m
        sys.modules["win32com"].client = sys.modules["win32com.client"]
        import xlwings
        import xlwings.udfs as real
        xlwings.func, xlwings.arg, xlwings.ret = real.xlfunc, real.xlarg, real.xlret
        import udfs._xlwings, udfs.functions, udfs.benchmarking
        assert udfs._xlwings.func is real.xlfunc and udfs._xlwings.arg is real.xlarg
        out = {}
        for mod in (udfs.functions, udfs.benchmarking):
            for k in dir(mod):
                if k.startswith("GDP_"):
                    out[k] = getattr(mod, k).__xlfunc__
        print(json.dumps(out, default=repr, sort_keys=True))
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    import json

    real = json.loads(proc.stdout)
    ours = json.loads(
        json.dumps(
            {k: f.__xlfunc__ for k, f in udfs.FUNCTIONS.items()}, default=repr, sort_keys=True
        )
    )
    assert real == ours


def test_never_raises_leaves_the_garbage_collector_alone():
    # Issue #12: a UDF call used to run gc.disable() for the whole process.
    import gc

    from udfs._common import never_raises

    seen = []

    def body(x):
        """Two
        lines."""
        seen.append(gc.isenabled())
        raise ValueError("bad x")

    f = never_raises(body)
    assert gc.isenabled()
    assert f(1) == "#GDP! unexpected ValueError: bad x"
    assert seen == [True] and gc.isenabled()
    assert f.__doc__ == "Two lines."  # one line for the Function Wizard
    assert list(inspect.signature(f).parameters) == ["x"]  # what xlwings' decorators read


def test_udfs_use_xlwings_decorators_and_public_core_helpers_only():
    # Issue #12: idiomatic xlwings (@xw.func / @xw.arg, no copied decorators) and no private
    # imports from the calculation core.
    from pathlib import Path

    root = Path(udfs.__file__).parent
    for path in root.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "gdp._arrays" not in text, path.name
        assert "gc.disable" not in text, path.name
    for name in ("functions.py", "benchmarking.py"):
        text = (root / name).read_text(encoding="utf-8")
        assert text.count("@xw.func(category=CATEGORY)") == text.count("\ndef GDP_"), name


class _TextRaises(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no text for this error")


class _TextNotStr(Exception):
    def __str__(self):  # type: ignore[override]
        return 42


def test_never_raises_even_when_the_error_cannot_say_what_it_is():
    # An exception whose text cannot be made (its __str__ raises, or is not text) is named
    # by its class: the cell still says #GDP!, nothing reaches Excel as a Python error.
    from udfs._common import never_raises

    def raising(kind):
        raise kind()

    f = never_raises(raising)
    assert f(_TextRaises) == "#GDP! unexpected _TextRaises"
    assert f(_TextNotStr) == "#GDP! unexpected _TextNotStr"
