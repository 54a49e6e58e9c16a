"""The one layer that knows WordprocessingML: package reading, paragraphs and runs, list numbering, tables,
notes and revision markup. Everything above it speaks plain data (python-docx's split between its `oxml`
element layer and its friendly API is the model).

- `names`: namespaces, qualified names, the safe parser
- `package`: open a DOCX safely (limits, no DTDs, no macros, external links dropped) -> LoadedDocx, whose
  `located()` lists every paragraph in reading order with its table cell or note
- `accept`: accept the tracked changes a document already holds
- `external`: external relationships Word would fetch on opening (attached templates, linked images...)
- `blocks`: the reading order of a story: paragraphs, content controls, tables, rows, cells
- `text`: the text a reader sees in a paragraph (no field codes, text boxes or hidden text); styles;
  provision bookmarks
- `numbering`: the list label Word draws in front of a numbered paragraph; `lists` records numbering gained
  or lost as a tracked change (copying a list definition when needed)
- `notes`: footnote and endnote parts, in reference order
- `inventory`: what a document holds that is not compared (images, text boxes, hidden words...)
- `markup`: tracked-change markup (w:ins, w:del, paragraph marks), in schema order
- `revise`: a draft's paragraphs, rows and tables marked against a baseline in place; `ends` keeps the last
  paragraph mark of each container plain
- `edit`: provision ranges, headings and new paragraphs in a rendered document (for amendments)
- `settings`: document settings and properties (compatibility mode, zoom, track changes)
- `zipped`: deterministic DOCX packaging
"""
