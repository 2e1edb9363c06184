"""coopatlas Processing: the coopatlas algorithms in the QGIS Processing toolbox.

QGIS calls classFactory() when it loads the plugin (metadata.txt says
hasProcessingProvider=yes, so the provider is also registered for qgis_process).
"""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    """The plugin object QGIS asks for; ``iface`` is None under qgis_process."""
    from .plugin import CoopatlasPlugin

    return CoopatlasPlugin(iface)
