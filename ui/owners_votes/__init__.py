"""Owners' votes on screen: the dialog that records one vote with its figures (outcome shown as
typed), the box listing an election's or an agenda item's votes, and the row recording when the
preparatory group's owner representatives were published."""
