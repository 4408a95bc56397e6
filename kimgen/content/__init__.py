"""Content: finding the files of a content root, reading front matter, markdown, the lint."""
