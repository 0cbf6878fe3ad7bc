"""Syntax several stages read: the grammar loader, console snippets, test annotations, Java regexes."""
