"""What the coopatlas algorithms share: the coopatlas module, the atlas (loaded once per
manifest), the partnership filter parameters, DataFrames written to feature sinks, layers
exported for the library, and the graduated styles of the outputs."""
import math
import os
import shutil
import sys
import tempfile
import threading

from qgis.core import (QgsClassificationCustom, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsFeature, QgsFeatureSink, QgsField,
                       QgsFields, QgsGeometry, QgsGraduatedSymbolRenderer, QgsProcessing, QgsProcessingException,
                       QgsProcessingLayerPostProcessorInterface, QgsProcessingParameterBoolean,
                       QgsProcessingParameterEnum, QgsProcessingParameterFile, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsProcessingUtils, QgsRendererRange, QgsSymbol,
                       QgsVectorFileWriter, QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor

_atlases = {}
_atlas_lock = threading.Lock()
# Post-processors handed to QGIS must outlive the algorithm that created them.
_stylers = []

UNDATED = ["keep", "drop"]
POPULATION = ["field-or-places", "field", "places"]
METHODS = ["quantiles", "jenks", "equal-interval", "head-tail", "std-dev", "box-plot"]


def coopatlas_module():
    """The coopatlas Python module: importable by QGIS's Python (installed, or on
    PYTHONPATH), or from the folder named by $COOPATLAS_PYTHONPATH."""
    try:
        import coopatlas
    except ImportError:
        extra = os.environ.get("COOPATLAS_PYTHONPATH")
        if extra and extra not in sys.path:
            sys.path.insert(0, extra)
        try:
            import coopatlas
        except ImportError as e:
            raise QgsProcessingException(
                "the coopatlas Python module cannot be imported ({}): install coopatlas (cmake --install puts it in "
                "<prefix>/lib/python3/dist-packages), or set PYTHONPATH or COOPATLAS_PYTHONPATH to the folder "
                "holding it (<build>/apps/python)".format(e))
    return coopatlas


def run(feedback, call):
    """Runs a coopatlas call, turning its errors into QgsProcessingException."""
    coopatlas = coopatlas_module()
    try:
        return call()
    except coopatlas.CoopatlasError as e:
        raise QgsProcessingException(str(e))


def load_atlas(manifest, feedback):
    """The atlas of a manifest ('' = the embedded one), loaded once per file version."""
    coopatlas = coopatlas_module()
    key = (manifest or "", os.path.getmtime(manifest) if manifest else 0)
    with _atlas_lock:
        atlas = _atlases.get(key)
        if atlas is None:
            feedback.pushInfo("loading the atlas {}".format(manifest or "(embedded)"))
            atlas = run(feedback, lambda: coopatlas.Atlas.load(manifest or None))
            _atlases[key] = atlas
    return atlas


def add_atlas_parameter(alg):
    alg.addParameter(QgsProcessingParameterFile(
        "ATLAS", "Atlas manifest (empty: the embedded Franco-Moroccan atlas)", QgsProcessingParameterFile.File,
        extension="yaml", optional=True))


def add_filter_parameters(alg):
    """The partnership filter of the command line (--kind ... --two-sided)."""
    for name, text in (("KIND", "Partnership kinds (comma-separated; empty: all)"),
                       ("THEME", "Themes (comma-separated; empty: all)"),
                       ("SOURCE", "Source documents (comma-separated; empty: all)"),
                       ("COUNTRY", "Party countries, ISO alpha-2 (comma-separated; empty: all)")):
        alg.addParameter(QgsProcessingParameterString(name, text, optional=True))
    alg.addParameter(QgsProcessingParameterNumber("FROM_YEAR", "First signature year", QgsProcessingParameterNumber.Integer,
                                                  optional=True, minValue=1900, maxValue=2100))
    alg.addParameter(QgsProcessingParameterNumber("TO_YEAR", "Last signature year", QgsProcessingParameterNumber.Integer,
                                                  optional=True, minValue=1900, maxValue=2100))
    alg.addParameter(QgsProcessingParameterEnum("UNDATED", "Undated partnerships with a year range", UNDATED,
                                                defaultValue=0))
    alg.addParameter(QgsProcessingParameterBoolean("TWO_SIDED", "Drop one-sided records (requests without a partner)",
                                                   defaultValue=False))


def filter_arguments(alg, parameters, context):
    """The filter keywords of the coopatlas functions."""
    def words(name):
        value = alg.parameterAsString(parameters, name, context)
        return [w.strip() for w in value.split(",") if w.strip()] if value else None

    def year(name):
        if parameters.get(name) in (None, ""):
            return None
        return alg.parameterAsInt(parameters, name, context)

    return dict(kind=words("KIND"), theme=words("THEME"), source=words("SOURCE"), country=words("COUNTRY"),
                from_year=year("FROM_YEAR"), to_year=year("TO_YEAR"),
                undated=UNDATED[alg.parameterAsEnum(parameters, "UNDATED", context)],
                two_sided=alg.parameterAsBool(parameters, "TWO_SIDED", context))


def text_or_none(alg, parameters, name, context):
    value = alg.parameterAsString(parameters, name, context)
    return value or None


def qgs_fields(df, skip=("geometry",)):
    """QGIS fields for the columns of a DataFrame: integers, reals, text (booleans as 0/1)."""
    import pandas as pd

    fields = QgsFields()
    for column in df.columns:
        if column in skip:
            continue
        dtype = df[column].dtype
        if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_integer_dtype(dtype):
            fields.append(QgsField(str(column), QVariant.LongLong))
        elif pd.api.types.is_float_dtype(dtype):
            fields.append(QgsField(str(column), QVariant.Double))
        else:
            fields.append(QgsField(str(column), QVariant.String))
    return fields


def cell(value):
    """A DataFrame cell as a QGIS attribute (None for NaN and NA)."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def write_frame(df, sink, fields, feedback, progress=(70, 100), geometries=None):
    """Adds one feature per row; returns False when canceled on the way."""
    names = [f.name() for f in fields]
    n = len(df)
    start, end = progress
    geoms = geometries if geometries is not None else (df.geometry if "geometry" in df.columns else None)
    for i, (_, row) in enumerate(df.iterrows()):
        if feedback.isCanceled():
            return False
        f = QgsFeature(fields)
        f.setAttributes([cell(row[name]) if name in df.columns else None for name in names])
        if geoms is not None:
            g = geoms.iloc[i] if hasattr(geoms, "iloc") else geoms[i]
            if g is not None and not getattr(g, "is_empty", False):
                if isinstance(g, QgsGeometry):
                    f.setGeometry(g)
                else:
                    geometry = QgsGeometry()
                    geometry.fromWkb(bytes(g.wkb))
                    f.setGeometry(geometry)
        sink.addFeature(f, QgsFeatureSink.FastInsert)
        if n:
            feedback.setProgress(start + (end - start) * (i + 1) / n)
    return True


def remove_exported(path):
    """Removes the temporary folder of an exported layer."""
    if path:
        shutil.rmtree(os.path.dirname(path), ignore_errors=True)


def export_layer(layer, context, feedback, crs=None, fmt="GPKG", options=()):
    """Writes a layer (memory layers included) to a temporary file the library can read;
    returns its path (remove_exported() removes it)."""
    folder = tempfile.mkdtemp(prefix="coopatlas_")
    path = os.path.join(folder, "input.gpkg" if fmt == "GPKG" else "input.csv")
    o = QgsVectorFileWriter.SaveVectorOptions()
    o.driverName = fmt
    o.layerName = "input"
    o.fileEncoding = "UTF-8"
    o.layerOptions = list(options)
    if crs is not None:
        o.ct = QgsCoordinateTransform(layer.crs(), crs, context.transformContext())
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, context.transformContext(), o)
    if error[0] != QgsVectorFileWriter.NoError:
        raise QgsProcessingException("cannot export {} for coopatlas: {}".format(layer.name(), error[1]))
    feedback.pushInfo("exported {} ({} features) to {}".format(layer.name(), layer.featureCount(), path))
    return path


def graduated_renderer(geometry_type, field, classification, palette_name):
    """A graduated renderer of a field with coopatlas's breaks, labels and palette colours."""
    coopatlas = coopatlas_module()
    colours = coopatlas.palette(palette_name, classification.k)
    ranges = []
    for i in range(classification.k):
        symbol = QgsSymbol.defaultSymbol(geometry_type)
        symbol.setColor(QColor(colours[i]))
        ranges.append(QgsRendererRange(classification.breaks[i], classification.breaks[i + 1], symbol,
                                       classification.labels[i]))
    renderer = QgsGraduatedSymbolRenderer(field, ranges)
    renderer.setClassificationMethod(QgsClassificationCustom())
    return renderer


class LayerStyler(QgsProcessingLayerPostProcessorInterface):
    """Applies a renderer to an output layer when QGIS loads it on completion."""

    def __init__(self, make_renderer):
        super().__init__()
        self.make_renderer = make_renderer

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS's name)
        if isinstance(layer, QgsVectorLayer):
            layer.setRenderer(self.make_renderer(layer.geometryType()))
            layer.triggerRepaint()


def style_output(dest_id, context, feedback, make_renderer):
    """Styles the output layer: the layer Processing returns, the style saved in a
    GeoPackage output (its default style), and the layer QGIS loads on completion."""
    layer = QgsProcessingUtils.mapLayerFromString(dest_id, context)
    if isinstance(layer, QgsVectorLayer):
        layer.setRenderer(make_renderer(layer.geometryType()))
        layer.triggerRepaint()
        if layer.providerType() == "ogr" and layer.source().split("|")[0].lower().endswith(".gpkg"):
            error = layer.saveStyleToDatabase("coopatlas", "graduated style of coopatlas", True, "")
            if error:
                feedback.pushWarning("style not saved in the GeoPackage: " + error)
    if context.willLoadLayerOnCompletion(dest_id):
        styler = LayerStyler(make_renderer)
        _stylers.append(styler)
        context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(styler)
    return layer


WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")

GEOMETRY_TYPES = {
    "polygons": (QgsProcessing.TypeVectorPolygon, QgsWkbTypes.MultiPolygon),
    "lines": (QgsProcessing.TypeVectorLine, QgsWkbTypes.LineString),
}
