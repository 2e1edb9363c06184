"""The package as installed: `cmake --install` puts coopatlas/ in
<prefix>/lib/python3/dist-packages (COOPATLAS_PYTHON_INSTALL_DIR), where it imports and
finds the installed library through its RPATH."""
import os
import subprocess
import sys
from pathlib import Path

BUILD = Path(os.environ.get("COOPATLAS_BUILD_DIR", ""))
CMAKE = os.environ.get("COOPATLAS_CMAKE", "cmake")
INSTALL_DIR = os.environ.get("COOPATLAS_PYTHON_INSTALL_DIR", "lib/python3/dist-packages")


def test_installed_package_imports_from_the_prefix(tmp_path):
    prefix = tmp_path / "prefix"
    subprocess.run([CMAKE, "--install", str(BUILD), "--prefix", str(prefix)], check=True, capture_output=True)
    package = prefix / INSTALL_DIR / "coopatlas"
    assert (package / "__init__.py").is_file() and (package / "_coopatlas.pyi").is_file()
    assert list(package.glob("_coopatlas*.so"))
    assert (prefix / "share" / "coopatlas" / "qgis" / "coopatlas_processing.zip").is_file()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LD_LIBRARY_PATH")}
    env["PYTHONPATH"] = str(prefix / INSTALL_DIR)
    env["COOPATLAS_DATA"] = str(prefix / "share" / "coopatlas")
    code = ("import coopatlas, sys\n"
            "a = coopatlas.Atlas.load()\n"
            "df = coopatlas.coverage(a, level='region', vintage='2009', zone='MA')\n"
            "libs = [l.split()[-1] for l in open('/proc/self/maps') if 'libcoopatlas.so' in l]\n"
            "print(coopatlas.__file__); print(a.manifest); print(int(df['engaged'].sum())); print(libs[0])\n")
    p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    module, manifest, engaged, library = p.stdout.split("\n")[:4]
    assert Path(module).parent == package
    assert Path(manifest).parent == prefix / "share" / "coopatlas"
    assert int(engaged) > 0
    assert Path(library).resolve().parent == (prefix / "lib").resolve() or str(prefix) in library
