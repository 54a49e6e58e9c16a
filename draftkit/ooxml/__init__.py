"""The one layer that knows WordprocessingML: package reading, paragraphs and runs, list numbering, tables,
notes and revision markup. Everything above it speaks plain data (python-docx's split between its `oxml`
element layer and its friendly API is the model).

- `names`: namespaces, qualified names, the safe parser
- `package`: open a DOCX safely (limits, no DTDs, no macros) -> LoadedDocx
- `accept`: accept the tracked changes a document already holds
- `text`: the text a reader sees in a paragraph; styles; provision bookmarks
- `markup`: tracked-change markup (w:ins, w:del, paragraph marks), in schema order
- `edit`: provision ranges, headings and new paragraphs in a rendered document (for amendments)
- `zipped`: deterministic DOCX packaging
"""
