"""Excel templates, import and export for every register, driven by its column spec.

- `workbooks.template_workbook(register)` and `workbooks.error_workbook(table, errors, name)`
- `importer.import_rows(actor, register, table, filename=...)` → ImportResult or ImportRejected
- `exporter.export_records(register, records, fmt, actor=...)` for xlsx, csv, json
- commands: import_register, export_register, register_template
- pages (namespace `imports`): template, upload, errors, export
"""
