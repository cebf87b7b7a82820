"""One module per family of documents; each builder takes a session and a record id and
returns a DocumentSpec (what the document says), leaving the page to app.printing.layout."""
