"""One module per docextract command; each turns parsed arguments into an exit status."""
