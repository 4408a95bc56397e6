"""`kimgen editor`: a small web editor beside the content repository, for KIM admins on a phone.

It writes the markdown and YAML an admin would write by hand, checks them with kimgen's own
checks, previews them with kimgen's own theme, and commits them to git with the admin as author,
so git stays the one store. Accounts live outside the repository (`--data`). Needs the extra
`kimgen[editor]`; `kimgen build` never imports this package.
"""
