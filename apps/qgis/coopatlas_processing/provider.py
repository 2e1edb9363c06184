"""The coopatlas Processing provider: one algorithm per coopatlas command."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .algorithms import (ClassifyAlgorithm, ClustersAlgorithm, CoverageAlgorithm, DensityAlgorithm, FlowsAlgorithm,
                         KdeAlgorithm, RenderAlgorithm)


class CoopatlasProvider(QgsProcessingProvider):
    """Provider 'coopatlas': coverage, flows, density, kde, classify, clusters, render."""

    def id(self):
        return "coopatlas"

    def name(self):
        return "coopatlas"

    def longName(self):  # noqa: N802 (QGIS's name)
        from .common import coopatlas_module

        return f"coopatlas {coopatlas_module().__version__}"

    def icon(self):
        return QIcon(os.path.join(os.path.dirname(__file__), "icon.svg"))

    def svgIconPath(self):  # noqa: N802 (QGIS's name)
        return os.path.join(os.path.dirname(__file__), "icon.svg")

    def loadAlgorithms(self):  # noqa: N802 (QGIS's name)
        for alg in (CoverageAlgorithm, FlowsAlgorithm, DensityAlgorithm, KdeAlgorithm, ClassifyAlgorithm,
                    ClustersAlgorithm, RenderAlgorithm):
            self.addAlgorithm(alg())
