"""The sync UI: a controller that runs sync in the background (automatic and on demand), the
status-bar widget, the login dialog and the conflicts model used by ui/pages/sync_page.py."""
