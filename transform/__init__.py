"""Pure text transforms: normalisation, money, dates, companies and deal tagging."""
