"""Text sources of the add-in (ribbon XML, VBA, config); a package so wheels include them."""
