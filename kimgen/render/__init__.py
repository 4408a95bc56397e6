"""Rendering: the theme, every page of a KIM site and of the portal, feeds, images, search index."""
