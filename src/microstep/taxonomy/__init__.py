"""ESCO and O*NET shipped with the product, and linking free text to their skills and roles."""
