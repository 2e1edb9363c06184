"""The plugin: registers the coopatlas provider with the Processing registry."""
from qgis.core import QgsApplication


class CoopatlasPlugin:
    """Adds the coopatlas provider (Processing toolbox > coopatlas) and removes it on unload."""

    def __init__(self, iface=None):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802 (QGIS's name)
        """Registers the provider (QGIS calls this for plugins with a Processing provider)."""
        if self.provider is None:
            from .provider import CoopatlasProvider

            self.provider = CoopatlasProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 (QGIS's name)
        """Called by the QGIS desktop: the algorithms live in the Processing toolbox only."""
        self.initProcessing()

    def unload(self):
        """Removes the provider."""
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
