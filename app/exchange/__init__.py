"""The exchange workbook (SPEC §5): the contract between every unit's ledger and the bureau's.

`layout` names what is in the file, `safety` refuses hostile or broken files before parsing,
`writer` writes template, submission and consolidated workbooks, `reader` turns a workbook into
validated rows with cell-precise messages.
"""
