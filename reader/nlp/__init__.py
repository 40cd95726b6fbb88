"""Named entities: spaCy NER (``pipeline``) and turning its spans into entities (``mentions``)."""
