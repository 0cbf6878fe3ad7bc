"""The Elasticsearch specification (--es-spec): its schema read once, pages checked against it, examples,
names a target did not know judged."""

from docextract.spec.checks import check_page
from docextract.spec.examples import ExampleFile, examples
from docextract.spec.gaps import judge
from docextract.spec.schema import HINT, Api, Field, Spec, SpecError, load

__all__ = [
    "HINT",
    "Api",
    "ExampleFile",
    "Field",
    "Spec",
    "SpecError",
    "check_page",
    "examples",
    "judge",
    "load",
]
