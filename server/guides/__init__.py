"""Guides: the funnel question trees (format, scene, situation) and the guide papers."""
