"""Opens a layer with QGIS's own Python API (python3-qgis, QGIS 3.22 on Debian 12) in a
process of its own, as QGIS would when the layer is added to a project, and reports the
renderer of the style QGIS loaded with it as a dict:

    {"valid": True, "type": "graduatedSymbol", "attribute": "per_10k_km2",
     "ranges": [[lower, upper, "#rrggbb", "label"], ...]}            # graduated
     "categories": [["HH", "#ff0000", "High-High"], ...]}          # categorized

A missing QGIS is an error that names scripts/bootstrap.sh, never a skipped test."""
import json
import os
import subprocess

import pytest

SCRIPT = r"""
import json, os, sys
try:
    from qgis.core import QgsApplication, QgsVectorLayer
except ImportError as e:
    print(json.dumps({"missing": str(e)}), flush=True)
    os._exit(0)
QgsApplication.setPrefixPath('/usr', True)
app = QgsApplication([], False)
app.initQgis()
layer = QgsVectorLayer(sys.argv[1], 'layer', sys.argv[2])
out = {"valid": layer.isValid()}
r = layer.renderer() if layer.isValid() else None
if r is not None:
    out["type"] = r.type()
    if r.type() == 'graduatedSymbol':
        out["attribute"] = r.classAttribute()
        out["ranges"] = [[x.lowerValue(), x.upperValue(), x.symbol().color().name(), x.label()] for x in r.ranges()]
    elif r.type() == 'categorizedSymbol':
        out["attribute"] = r.classAttribute()
        out["categories"] = [[c.value(), c.symbol().color().name(), c.label()] for c in r.categories()]
print(json.dumps(out), flush=True)
os._exit(0)  # QGIS 3.22 may crash while tearing down; what it loaded is printed
"""


def qgis_renderer(uri, provider="ogr"):
    """The renderer QGIS gives `uri` (a path, 'path|layername=L', or a postgres URI)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=os.environ.get("XDG_RUNTIME_DIR", "/tmp"))
    p = subprocess.run(["/usr/bin/python3", "-c", SCRIPT, str(uri), provider], capture_output=True, text=True,
                       env=env, timeout=300)
    lines = [line for line in p.stdout.splitlines() if line.startswith("{")]
    assert lines, f"QGIS printed nothing for {uri} (exit {p.returncode}):\n{p.stdout}\n{p.stderr}"
    result = json.loads(lines[-1])
    if "missing" in result:
        pytest.fail(f"QGIS's Python API is missing ({result['missing']}): scripts/bootstrap.sh installs the Debian "
                    "packages qgis and python3-qgis")
    assert result["valid"], f"QGIS cannot open {uri}:\n{p.stderr}"
    return result
