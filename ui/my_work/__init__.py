"""我的待办: the start page listing what is due for the caseworker's compounds."""
