"""The import wizard (导入): file → kind and column mapping → preview → import → summary."""
