"""The course's build, as three steps any static-site generator can run, free of MkDocs:

- ``pages`` (``connect-or-not pages DOCS_DIR``): the generated pages as Markdown, and
  the engine's assets, written into the folder the generator reads (pages.py);
- the Python-Markdown extension ``connect_or_not.markdown``, which expands the
  ``<!-- con:... -->`` markers of every page (markers.py does the work);
- ``finish`` (``connect-or-not finish SITE_DIR``), after the generator's build: the
  Content-Security-Policy, the service worker, and a check that nothing was dropped
  (finish.py).

``course.Course`` is what the three share: the trainer's settings, cards and words,
checked, with the runtime and the engine's scripts. The MkDocs plugin calls the same
code at its events (mkdocs_plugin/plugin.py).
"""
