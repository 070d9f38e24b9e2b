"""From a saved news article to candidate records that a curator reviews (`cjkg ingest`, `cjkg review`).

extract (the article's text and metadata) -> dates (absolute and relative dates, resolved against the
article's date) -> link (names to the graph's entities, through graph/resolve.py) -> candidates (events,
agreements, projects, statements, new entities, duplicates) -> review (accept, merge, reject).
"""
