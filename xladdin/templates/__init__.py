"""Excel templates: specs (:mod:`.spec`), data loaders (:mod:`.data`), the openpyxl builder
(:mod:`.builder`), the binding that finds blocks by table/header/defined name
(:mod:`.binding`), and the illustrative sample fills (:mod:`.sample`).

Import the submodule you need; this package imports nothing eagerly (the binding is used by
validation and compile without loading openpyxl).
"""
