"""Evidence files (佐证材料, SPEC §15): what a file is (`types`), the ledger's files (`store`),
the package a unit sends (`package`) and what the bureau takes in from one (`intake`)."""
