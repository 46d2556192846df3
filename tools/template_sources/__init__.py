"""One module per template; each exposes ``build() -> TemplateBuilder``."""
