"""Staff-side pieces of the content model: the page form every page type edits
with. Nothing here registers with Django's admin site
(docs/decisions/0009-one-app-shape.md)."""
