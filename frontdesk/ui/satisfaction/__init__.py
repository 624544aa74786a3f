"""The visitor's anonymous satisfaction form, offered after a visit is saved."""
