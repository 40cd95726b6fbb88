"""reader: a terminal reading assistant that shows who and what an article talks about."""
