"""One Processing algorithm per coopatlas command. Each makes the call the coopatlas Python
module makes for the command (the same library code), so QGIS, Python and the command
line give the same numbers. Steps report progress and stop when the user cancels."""
import os

from qgis.core import (QgsFeature, QgsFeatureSink, QgsFields,
                       QgsProcessing, QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingParameterBoolean, QgsProcessingParameterCrs, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterRasterDestination, QgsProcessingParameterString,
                       QgsProcessingParameterVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtGui import QIcon

from .common import (METHODS, POPULATION, WGS84, add_atlas_parameter, add_filter_parameters, cell, coopatlas_module,
                     export_layer, filter_arguments, graduated_renderer, load_atlas, qgs_fields, remove_exported, run,
                     style_output, text_or_none, write_frame)

PLUGIN_DIR = os.path.dirname(__file__)


class CoopatlasAlgorithm(QgsProcessingAlgorithm):
    """What every coopatlas algorithm shares: names, group, help, icon, styling on completion."""

    NAME = ""
    DISPLAY = ""
    GROUP = "Analysis"
    HELP = ""

    def __init__(self):
        super().__init__()
        self._dest = None
        self._style = None  # (field, Classification, palette) of the output layer

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802 (QGIS's name)
        return self.DISPLAY

    def group(self):
        return self.GROUP

    def groupId(self):  # noqa: N802 (QGIS's name)
        return self.GROUP.lower()

    def shortHelpString(self):  # noqa: N802 (QGIS's name)
        return self.HELP

    def icon(self):
        return QIcon(os.path.join(PLUGIN_DIR, "icon.svg"))

    def createInstance(self):  # noqa: N802 (QGIS's name)
        return type(self)()

    def classify_for_style(self, values, field, method, classes, palette, feedback, breaks=None):
        """coopatlas's classes of an output field, kept to style the layer on completion."""
        coopatlas = coopatlas_module()
        try:
            c = coopatlas.classify(values, method=method, classes=classes, breaks=breaks)
            coopatlas.palette(palette, c.k)
        except coopatlas.CoopatlasError as e:
            feedback.pushWarning("the output is not styled: {}".format(e))
            return None
        self._style = (field, c, palette)
        feedback.pushInfo("style: {} of {} in {} classes, breaks {}, palette {}".format(
            c.method, field, c.k, ", ".join("{:g}".format(b) for b in c.breaks), palette))
        return c

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802 (QGIS's name)
        if self._dest and self._style:
            field, c, palette = self._style
            style_output(self._dest, context, feedback, lambda gtype: graduated_renderer(gtype, field, c, palette))
        return {}


def add_classes_parameters(alg, values, default_value=0, default_method=0, palette="YlGnBu"):
    alg.addParameter(QgsProcessingParameterEnum("VALUE", "Field the output is styled by", values,
                                                defaultValue=default_value))
    alg.addParameter(QgsProcessingParameterEnum("METHOD", "Classification of the style", METHODS,
                                                defaultValue=default_method))
    alg.addParameter(QgsProcessingParameterNumber("CLASSES", "Number of classes", QgsProcessingParameterNumber.Integer,
                                                  defaultValue=5, minValue=1, maxValue=9))
    alg.addParameter(QgsProcessingParameterString("PALETTE", "Palette (ColorBrewer name, viridis, cividis; -r reverses)",
                                                  defaultValue=palette))


def add_partition_parameters(alg, prefix="", label="", level="region"):
    alg.addParameter(QgsProcessingParameterString(prefix + "LEVEL", label + "Level of the units (region, province, "
                                                  "departement, commune, place)", defaultValue=level))
    alg.addParameter(QgsProcessingParameterString(prefix + "VINTAGE", label + "Vintage of the level (2009, 2015, "
                                                  "2016; needed when the level has several maps)", optional=True))
    alg.addParameter(QgsProcessingParameterString(prefix + "ZONE", label + "Zone: a country code (MA) or an entity "
                                                  "id (empty: everywhere)", optional=True))


FILTER_HELP = ("<p>Partnership filter: kinds, themes, sources and party countries (comma-separated), first and last "
               "signature years, what a year range does with undated partnerships, and whether to drop one-sided "
               "records. A word no partnership uses is an error naming the nearest ones.</p>")


class CoverageAlgorithm(CoopatlasAlgorithm):
    NAME = "coverage"
    DISPLAY = "Coverage of a zone by partnerships"
    VALUES = ["partnerships", "per_10k_km2", "per_100k_inh", "engaged", "requests", "demand"]
    HELP = ("<p>Which units of a level (and vintage) take part in cooperation, as <code>coopatlas coverage</code>: "
            "for each unit whether it is engaged and how, its partnerships and their ids, project requests, geodesic "
            "area, population, and partnerships per 10,000 km² and per 100,000 inhabitants.</p>"
            "<p>A unit is engaged when a selected partnership (requests apart) has a party that is the unit, stands "
            "on it or lies inside it; a party of another vintage is carried through its provinces or départements; a "
            "coarser party engages nothing unless <i>roll down</i> is checked.</p>" + FILTER_HELP +
            "<p>The output (lon/lat polygons) is styled with a graduated renderer: coopatlas's classes of the chosen "
            "field and the colours of the chosen palette. The log gives the zone's shares by count, area and "
            "population.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS's name)
        add_atlas_parameter(self)
        add_partition_parameters(self)
        add_filter_parameters(self)
        self.addParameter(QgsProcessingParameterBoolean("ROLL_DOWN", "Roll down: a coarser party engages all its units",
                                                        defaultValue=False))
        self.addParameter(QgsProcessingParameterEnum("POPULATION", "Population of a unit", POPULATION, defaultValue=0))
        add_classes_parameters(self, self.VALUES)
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", "Coverage", QgsProcessing.TypeVectorPolygon))
        for name, text in (("UNITS", "Units"), ("ENGAGED", "Engaged units"), ("SHARE_COUNT", "Share by count"),
                           ("SHARE_AREA", "Share by area"), ("SHARE_POPULATION", "Share by population")):
            self.addOutput(QgsProcessingOutputNumber(name, text))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS's name)
        coopatlas = coopatlas_module()
        if feedback.isCanceled():
            return {}
        atlas = load_atlas(self.parameterAsFile(parameters, "ATLAS", context), feedback)
        feedback.setProgress(30)
        if feedback.isCanceled():
            return {}
        df = run(feedback, lambda: coopatlas.coverage(
            atlas, self.parameterAsString(parameters, "LEVEL", context),
            text_or_none(self, parameters, "VINTAGE", context), text_or_none(self, parameters, "ZONE", context),
            roll_down=self.parameterAsBool(parameters, "ROLL_DOWN", context),
            population=POPULATION[self.parameterAsEnum(parameters, "POPULATION", context)], geometry=True,
            **filter_arguments(self, parameters, context)))
        feedback.setProgress(60)
        if feedback.isCanceled():
            return {}
        t = df.attrs["totals"]
        feedback.pushInfo("coverage of {}: engaged {} of {} units ({:.1%} by count, {:.1%} by area, {:.1%} by "
                          "population); filter: {}".format(df.attrs["partition"], t["engaged"], t["units"],
                                                           t["share_count"], t["share_area"], t["share_population"],
                                                           df.attrs["filter"]))
        value = self.VALUES[self.parameterAsEnum(parameters, "VALUE", context)]
        self.classify_for_style(df[value].astype(float), value,
                                METHODS[self.parameterAsEnum(parameters, "METHOD", context)],
                                self.parameterAsInt(parameters, "CLASSES", context),
                                self.parameterAsString(parameters, "PALETTE", context), feedback)
        fields = qgs_fields(df)
        sink, self._dest = self.parameterAsSink(parameters, "OUTPUT", context, fields, QgsWkbTypes.MultiPolygon, WGS84)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        if not write_frame(df, sink, fields, feedback):
            return {}
        return {"OUTPUT": self._dest, "UNITS": t["units"], "ENGAGED": t["engaged"], "SHARE_COUNT": t["share_count"],
                "SHARE_AREA": t["share_area"], "SHARE_POPULATION": t["share_population"]}


class FlowsAlgorithm(CoopatlasAlgorithm):
    NAME = "flows"
    DISPLAY = "Flows between two partitions"
    HELP = ("<p>The origin-destination matrix of the selected two-sided partnerships between two partitions "
            "(Moroccan regions × French régions, provinces × départements), as <code>coopatlas flows</code>: one "
            "geodesic line per corridor with its rank, count, partnership ids and length in km.</p>" + FILTER_HELP)

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS's name)
        add_atlas_parameter(self)
        add_partition_parameters(self, "FROM_", "Origin: ")
        add_partition_parameters(self, "TO_", "Destination: ")
        add_filter_parameters(self)
        self.addParameter(QgsProcessingParameterBoolean("ROLL_DOWN", "Roll down coarser parties", defaultValue=False))
        self.addParameter(QgsProcessingParameterNumber("SEGMENT_KM", "Largest distance between line vertices (km)",
                                                       QgsProcessingParameterNumber.Double, defaultValue=100,
                                                       minValue=1))
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", "Flows", QgsProcessing.TypeVectorLine))
        self.addOutput(QgsProcessingOutputNumber("CORRIDORS", "Corridors"))
        self.addOutput(QgsProcessingOutputNumber("MAPPED", "Partnerships in the matrix"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS's name)
        coopatlas = coopatlas_module()
        if feedback.isCanceled():
            return {}
        atlas = load_atlas(self.parameterAsFile(parameters, "ATLAS", context), feedback)
        feedback.setProgress(30)
        if feedback.isCanceled():
            return {}

        def part(prefix):
            return (self.parameterAsString(parameters, prefix + "LEVEL", context),
                    text_or_none(self, parameters, prefix + "VINTAGE", context),
                    text_or_none(self, parameters, prefix + "ZONE", context))

        (fl, fv, fz), (tl, tv, tz) = part("FROM_"), part("TO_")
        df = run(feedback, lambda: coopatlas.flows(
            atlas, fl, tl, from_vintage=fv, from_zone=fz, to_vintage=tv, to_zone=tz,
            roll_down=self.parameterAsBool(parameters, "ROLL_DOWN", context),
            segment_km=self.parameterAsDouble(parameters, "SEGMENT_KM", context), geometry=True,
            **filter_arguments(self, parameters, context)))
        feedback.setProgress(60)
        if feedback.isCanceled():
            return {}
        feedback.pushInfo("{} corridors from {} of {} two-sided partnerships ({} -> {})".format(
            len(df), df.attrs["mapped"], df.attrs["partnerships"], df.attrs["from"], df.attrs["to"]))
        fields = qgs_fields(df)
        sink, self._dest = self.parameterAsSink(parameters, "OUTPUT", context, fields, QgsWkbTypes.LineString, WGS84)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        if not write_frame(df, sink, fields, feedback):
            return {}
        return {"OUTPUT": self._dest, "CORRIDORS": len(df), "MAPPED": df.attrs["mapped"]}


class DensityAlgorithm(CoopatlasAlgorithm):
    NAME = "density"
    DISPLAY = "Density of partnerships per unit"
    HELP = ("<p>Partnerships per 10,000 km² (geodesic area) and per 100,000 inhabitants for every unit of a level, "
            "as <code>coopatlas density --level</code>.</p>" + FILTER_HELP +
            "<p>The output is styled by partnerships per 10,000 km² (coopatlas's classes and palette).</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS's name)
        add_atlas_parameter(self)
        add_partition_parameters(self)
        add_filter_parameters(self)
        self.addParameter(QgsProcessingParameterBoolean("ROLL_DOWN", "Roll down coarser parties", defaultValue=False))
        self.addParameter(QgsProcessingParameterEnum("POPULATION", "Population of a unit", POPULATION, defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", "Density", QgsProcessing.TypeVectorPolygon))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS's name)
        coopatlas = coopatlas_module()
        if feedback.isCanceled():
            return {}
        atlas = load_atlas(self.parameterAsFile(parameters, "ATLAS", context), feedback)
        feedback.setProgress(30)
        if feedback.isCanceled():
            return {}
        df = run(feedback, lambda: coopatlas.density(
            atlas, self.parameterAsString(parameters, "LEVEL", context),
            text_or_none(self, parameters, "VINTAGE", context), text_or_none(self, parameters, "ZONE", context),
            roll_down=self.parameterAsBool(parameters, "ROLL_DOWN", context),
            population=POPULATION[self.parameterAsEnum(parameters, "POPULATION", context)], geometry=True,
            **filter_arguments(self, parameters, context)))
        feedback.setProgress(60)
        if feedback.isCanceled():
            return {}
        self.classify_for_style(df["per_10k_km2"], "per_10k_km2", "quantiles", 5, "YlGnBu", feedback)
        fields = qgs_fields(df)
        sink, self._dest = self.parameterAsSink(parameters, "OUTPUT", context, fields, QgsWkbTypes.MultiPolygon, WGS84)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        if not write_frame(df, sink, fields, feedback):
            return {}
        return {"OUTPUT": self._dest}


class KdeAlgorithm(CoopatlasAlgorithm):
    NAME = "kde"
    DISPLAY = "Kernel density of partnership ends"
    KERNELS = ["gaussian", "quartic"]
    HELP = ("<p>A kernel density surface, as <code>coopatlas density --kde</code>: of the partnership ends of the "
            "atlas (both parties of each selected partnership, at their location), or of the points of a layer "
            "(optionally weighted by a field). Gaussian kernel (the bandwidth is its standard deviation) or quartic "
            "(the bandwidth is its radius, as QGIS's heatmap); values in points (or weight) per km², on square "
            "cells in an equal-area CRS (default: Lambert azimuthal equal-area centred on the points). Written as "
            "a Float32 GeoTIFF.</p>" + FILTER_HELP)

    def flags(self):
        # the points layer is read in the main thread, where a project's layers may be read
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS's name)
        add_atlas_parameter(self)
        self.addParameter(QgsProcessingParameterVectorLayer("POINTS", "Points (empty: the partnership ends)",
                                                            [QgsProcessing.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterField("WEIGHT", "Weight field of the points", parentLayerParameterName="POINTS",
                                                      type=QgsProcessingParameterField.Numeric, optional=True))
        add_filter_parameters(self)
        self.addParameter(QgsProcessingParameterNumber("BANDWIDTH", "Bandwidth (km)", QgsProcessingParameterNumber.Double,
                                                       defaultValue=50, minValue=0.001))
        self.addParameter(QgsProcessingParameterEnum("KERNEL", "Kernel", self.KERNELS, defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber("CELL", "Cell size (km; empty: bandwidth / 5)",
                                                       QgsProcessingParameterNumber.Double, optional=True,
                                                       minValue=0.001))
        self.addParameter(QgsProcessingParameterCrs("CRS", "Equal-area CRS (empty: LAEA on the points)", optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT", "Density"))
        self.addOutput(QgsProcessingOutputNumber("PEAK", "Peak density"))
        self.addOutput(QgsProcessingOutputNumber("POINTS_USED", "Points"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS's name)
        coopatlas = coopatlas_module()
        if feedback.isCanceled():
            return {}
        kwargs = dict(bandwidth=self.parameterAsDouble(parameters, "BANDWIDTH", context),
                      kernel=self.KERNELS[self.parameterAsEnum(parameters, "KERNEL", context)])
        if parameters.get("CELL") not in (None, ""):
            kwargs["cell"] = self.parameterAsDouble(parameters, "CELL", context)
        crs = self.parameterAsCrs(parameters, "CRS", context)
        if crs.isValid():
            kwargs["crs"] = crs.toWkt()
        points = self.parameterAsVectorLayer(parameters, "POINTS", context)
        atlas = None
        path = None
        if points is not None:
            path = export_layer(points, context, feedback, crs=WGS84, fmt="CSV", options=["GEOMETRY=AS_XY"])
            weight = self.parameterAsString(parameters, "WEIGHT", context)
            kwargs.update(points=path, x="X", y="Y", weight=weight or None)
        else:
            atlas = load_atlas(self.parameterAsFile(parameters, "ATLAS", context), feedback)
            kwargs.update(filter_arguments(self, parameters, context))
        feedback.setProgress(30)
        if feedback.isCanceled():
            return {}
        try:
            r = run(feedback, lambda: coopatlas.kde(atlas, **kwargs))
        finally:
            remove_exported(path)
        feedback.setProgress(80)
        if feedback.isCanceled():
            return {}
        output = self.parameterAsOutputLayer(parameters, "OUTPUT", context)
        meta = r.meta
        run(feedback, lambda: coopatlas.write_geotiff(
            output, r.array, r.transform, r.crs, description="kernel density, per km2",
            metadata={"KERNEL": meta["kernel"], "BANDWIDTH_KM": "{:g}".format(meta["bandwidth_km"]),
                      "UNITS": meta["units"], "POINTS": str(meta["points"]), "INPUT": meta["input"]}))
        feedback.pushInfo("kernel density ({}, bandwidth {:g} km) of {} points: {} x {} cells, peak {:g} per km2".format(
            meta["kernel"], meta["bandwidth_km"], meta["points"], r.array.shape[1], r.array.shape[0], meta["peak"]))
        feedback.setProgress(100)
        return {"OUTPUT": output, "PEAK": meta["peak"], "POINTS_USED": meta["points"]}


class LayerAlgorithm(CoopatlasAlgorithm):
    """Algorithms on an input layer: the layer (memory layers too) is exported to a
    temporary GeoPackage that the library reads as the command line reads --input. They run
    in the main thread, where a project's layers may be read."""

    GROUP = "Statistics"

    def flags(self):
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def input_layer(self, parameters, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, "INPUT", context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "INPUT"))
        return layer, export_layer(layer, context, feedback)

    def write_layer(self, layer, extra, parameters, context, feedback):
        """The input features with the columns of `extra` (a DataFrame, one row per feature, in order)."""
        fields = QgsFields(layer.fields())
        added = qgs_fields(extra)
        for f in added:
            if fields.indexOf(f.name()) < 0:
                fields.append(f)
        sink, self._dest = self.parameterAsSink(parameters, "OUTPUT", context, fields, layer.wkbType(), layer.crs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        rows = extra.to_dict("records")
        n = len(rows)
        for i, feature in enumerate(layer.getFeatures()):
            if feedback.isCanceled():
                return False
            if i >= n:
                raise QgsProcessingException("the layer changed while it was analysed")
            out = QgsFeature(fields)
            out.setGeometry(feature.geometry())
            attributes = feature.attributes() + [None] * (fields.count() - len(feature.attributes()))
            for f in added:
                attributes[fields.indexOf(f.name())] = cell(rows[i][f.name()])
            out.setAttributes(attributes)
            sink.addFeature(out, QgsFeatureSink.FastInsert)
            feedback.setProgress(70 + 30 * (i + 1) / n)
        return True


class ClassifyAlgorithm(LayerAlgorithm):
    NAME = "classify"
    DISPLAY = "Classify a numeric field"
    ALL_METHODS = METHODS + ["user"]
    HELP = ("<p>Classes of a numeric field for a choropleth, as <code>coopatlas classify</code>: quantiles, "
            "equal interval, exact Fisher-Jenks natural breaks, head/tail breaks, standard deviations, box plot, or "
            "user breaks. Class i holds the values v with break[i] &lt; v &lt;= break[i+1]; empty or non-numeric "
            "values are left out. The output holds the input features with <i>class</i> (1-based) and "
            "<i>class_label</i> ('12.5 – 25.0'), styled with a graduated renderer of these breaks and the palette's "
            "colours. Any vector layer works, memory layers included.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS's name)
        self.addParameter(QgsProcessingParameterVectorLayer("INPUT", "Input layer",
                                                            [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField("FIELD", "Numeric field", parentLayerParameterName="INPUT",
                                                      type=QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterEnum("METHOD", "Method", self.ALL_METHODS, defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber("CLASSES", "Number of classes", QgsProcessingParameterNumber.Integer,
                                                       defaultValue=5, minValue=1, maxValue=100))
        self.addParameter(QgsProcessingParameterString("BREAKS", "Inner breaks of the user method (comma-separated)",
                                                       optional=True))
        self.addParameter(QgsProcessingParameterString("PALETTE", "Palette", defaultValue="YlGnBu"))
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", "Classified"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS's name)
        coopatlas = coopatlas_module()
        if feedback.isCanceled():
            return {}
        field = self.parameterAsString(parameters, "FIELD", context)
        method = self.ALL_METHODS[self.parameterAsEnum(parameters, "METHOD", context)]
        text = self.parameterAsString(parameters, "BREAKS", context)
        breaks = None
        if method == "user" or text:
            try:
                breaks = [float(b) for b in text.split(",") if b.strip()]
            except ValueError:
                raise QgsProcessingException("breaks must be numbers separated by commas, e.g. 10,25,50")
        layer, path = self.input_layer(parameters, context, feedback)
        feedback.setProgress(30)
        if feedback.isCanceled():
            remove_exported(path)
            return {}
        try:
            c = run(feedback, lambda: coopatlas.classify(path, field, method=method,
                                                         classes=self.parameterAsInt(parameters, "CLASSES", context),
                                                         breaks=breaks))
        finally:
            remove_exported(path)
        feedback.setProgress(60)
        if feedback.isCanceled():
            return {}
        palette = self.parameterAsString(parameters, "PALETTE", context)
        run(feedback, lambda: coopatlas.palette(palette, c.k))
        self._style = (field, c, palette)
        feedback.pushInfo("{} classification of {}: {} classes, breaks {}, counts {}".format(
            c.method, field, c.k, ", ".join("{:g}".format(b) for b in c.breaks), c.counts))
        import pandas as pd

        extra = pd.DataFrame({"class": c.classes.astype("Int64").reset_index(drop=True),
                              "class_label": c.class_labels.reset_index(drop=True)})
        if not self.write_layer(layer, extra, parameters, context, feedback):
            return {}
        return {"OUTPUT": self._dest}


class ClustersAlgorithm(LayerAlgorithm):
    NAME = "clusters"
    DISPLAY = "Spatial clusters (Moran's I, LISA, Gi*)"
    WEIGHTS = ["queen", "rook", "knn"]
    HELP = ("<p>Spatial clustering of a numeric field, as <code>coopatlas clusters</code>: global Moran's I with its "
            "z-score and permutation pseudo p-value (in the log), local Moran (LISA) per feature with conditional "
            "permutations and its cluster type (HH hot spot, LL cold spot, HL and LH outliers, ns), and the "
            "Getis-Ord Gi* z-score. Weights: queen or rook contiguity of polygons, or the k nearest neighbours by "
            "geodesic distance. The output holds the input features with lag, local_i, p_value, quadrant, cluster, "
            "gi_z, gi_p, moran_i, moran_z and moran_p_sim, styled by Gi* z-scores (breaks ±1.96 and ±2.58, "
            "palette RdBu reversed: hot spots red).</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS's name)
        self.addParameter(QgsProcessingParameterVectorLayer("INPUT", "Input layer (polygons, or points with knn)",
                                                            [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField("FIELD", "Numeric field", parentLayerParameterName="INPUT",
                                                      type=QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterField("ID", "Field naming the units in reports",
                                                      parentLayerParameterName="INPUT", optional=True))
        self.addParameter(QgsProcessingParameterEnum("WEIGHTS", "Weights", self.WEIGHTS, defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber("K", "Neighbours (knn)", QgsProcessingParameterNumber.Integer,
                                                       defaultValue=6, minValue=1))
        self.addParameter(QgsProcessingParameterNumber("SNAP", "Snapping tolerance (degrees)",
                                                       QgsProcessingParameterNumber.Double, defaultValue=0, minValue=0))
        self.addParameter(QgsProcessingParameterBoolean("BINARY", "Binary weights (not row-standardised)",
                                                        defaultValue=False))
        self.addParameter(QgsProcessingParameterNumber("PERMUTATIONS", "Permutations",
                                                       QgsProcessingParameterNumber.Integer, defaultValue=999,
                                                       minValue=0))
        self.addParameter(QgsProcessingParameterNumber("SEED", "Seed", QgsProcessingParameterNumber.Integer,
                                                       defaultValue=12345, minValue=0))
        self.addParameter(QgsProcessingParameterNumber("SIGNIFICANCE", "Significance level",
                                                       QgsProcessingParameterNumber.Double, defaultValue=0.05,
                                                       minValue=0, maxValue=1))
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", "Clusters"))
        self.addOutput(QgsProcessingOutputNumber("MORAN_I", "Global Moran's I"))
        self.addOutput(QgsProcessingOutputNumber("MORAN_P_SIM", "Permutation pseudo p-value"))

    def clusters(self, coopatlas, path, field, parameters, context, feedback):
        """coopatlas.clusters() of the exported layer with the algorithm's parameters."""
        return run(feedback, lambda: coopatlas.clusters(
            path, field, id=self.parameterAsString(parameters, "ID", context) or None,
            weights=self.WEIGHTS[self.parameterAsEnum(parameters, "WEIGHTS", context)],
            k=self.parameterAsInt(parameters, "K", context), snap=self.parameterAsDouble(parameters, "SNAP", context),
            binary=self.parameterAsBool(parameters, "BINARY", context),
            permutations=self.parameterAsInt(parameters, "PERMUTATIONS", context),
            seed=self.parameterAsInt(parameters, "SEED", context),
            significance=self.parameterAsDouble(parameters, "SIGNIFICANCE", context)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS's name)
        coopatlas = coopatlas_module()
        if feedback.isCanceled():
            return {}
        layer, path = self.input_layer(parameters, context, feedback)
        field = self.parameterAsString(parameters, "FIELD", context)
        feedback.setProgress(30)
        if feedback.isCanceled():
            remove_exported(path)
            return {}
        try:
            df = self.clusters(coopatlas, path, field, parameters, context, feedback)
        finally:
            remove_exported(path)
        feedback.setProgress(60)
        if feedback.isCanceled():
            return {}
        g = df.attrs["moran"]
        feedback.pushInfo("global Moran's I = {:.4f}, z (randomisation) = {:.3f}, pseudo p = {:.3g} ({} permutations, "
                          "seed {}); weights {}, {} units, clusters {}".format(
                              g["i"], g["z_random"], g["p_permutation"], g["permutations"], g["seed"],
                              df.attrs["weights"], df.attrs["units"], df.attrs["clusters"]))
        self.classify_for_style(df["gi_z"], "gi_z", "user", 5, "RdBu-r", feedback, breaks=[-2.58, -1.96, 1.96, 2.58])
        extra = df.drop(columns=["id", field])
        if not self.write_layer(layer, extra, parameters, context, feedback):
            return {}
        return {"OUTPUT": self._dest, "MORAN_I": g["i"], "MORAN_P_SIM": g["p_permutation"]}


class RenderAlgorithm(CoopatlasAlgorithm):
    NAME = "render"
    DISPLAY = "Render a map spec"
    GROUP = "Maps"
    HELP = ("<p>Draws a thematic map from a coopatlas map spec (YAML: title, frames or layers, data, analysis, "
            "styles; see the coopatlas README, section \"Map specs\"), as <code>coopatlas render</code>. The format "
            "follows the output's extension: PNG (at the spec's resolution, or the one given), SVG (text as text, "
            "one group per layer) or PDF (vectors, selectable text). Labels that find no room are left out.</p>")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS's name)
        self.addParameter(QgsProcessingParameterFile("SPEC", "Map spec", QgsProcessingParameterFile.File,
                                                     extension="yaml"))
        add_atlas_parameter(self)
        self.addParameter(QgsProcessingParameterNumber("DPI", "PNG resolution (empty: the spec's)",
                                                       QgsProcessingParameterNumber.Double, optional=True,
                                                       minValue=1))
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT", "Map",
                                                                "PNG (*.png);;SVG (*.svg);;PDF (*.pdf)"))
        self.addOutput(QgsProcessingOutputNumber("DROPPED_LABELS", "Labels left out"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS's name)
        coopatlas = coopatlas_module()
        if feedback.isCanceled():
            return {}
        spec = self.parameterAsFile(parameters, "SPEC", context)
        manifest = self.parameterAsFile(parameters, "ATLAS", context) or None
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        dpi = self.parameterAsDouble(parameters, "DPI", context) if parameters.get("DPI") not in (None, "") else None
        feedback.setProgress(10)
        m = run(feedback, lambda: coopatlas.Map(spec, manifest=manifest))
        feedback.setProgress(60)
        if feedback.isCanceled():
            return {}
        run(feedback, lambda: m.save(output, dpi=dpi))
        dropped = len(m.report["dropped_labels"])
        for note in m.notes:
            feedback.pushInfo("data: " + note)
        feedback.pushInfo("wrote {} ({} labels placed, {} left out)".format(output, len(m.report["labels"]), dropped))
        feedback.setProgress(100)
        return {"OUTPUT": output, "DROPPED_LABELS": dropped}
