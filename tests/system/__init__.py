"""The adapters to the user's system: clipboard, $EDITOR, the link opener."""
